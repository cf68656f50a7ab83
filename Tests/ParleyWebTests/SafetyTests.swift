import Foundation
import ParleyCore
import Testing
@testable import ParleyWeb

/// The security review's findings, each as the behaviour a user relies on: the token is
/// checked before a body is parsed, and parsing is linear; `--read-only` opens the file
/// read-only; database work leaves the server's threads free; Host and Origin follow one rule;
/// blank required fields, too many review rows and errors that are not Parley's own are
/// refused or hidden, never silently dropped or shown raw.
@Suite("parley serve: the security review", .serialized)
struct SafetyTests {
    /// The schema-1 file the command line's upgrade tests use.
    static let schema1Fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ParleyCLITests/Fixtures/sample-schema-v1.sqlite").path

    static func newDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "parley-web-safety-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A multipart body of `parts`, in order, with `boundary`.
    static func multipart(_ parts: [(name: String, value: [UInt8])], boundary: String) -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"\r\n\r\n".utf8) + part.value + [13, 10]
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    // MARK: 6. Blank required fields

    @Test("a blank speaker, text or kind on the edit form is refused with the command line's message, and nothing changes")
    func blankRequiredFields() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            for (field, message) in [("speaker", "an empty actor name was given"), ("text", "the statement text cannot be empty"), ("kind", "use one of")] {
                let reply = try await server.post("/statements/1/edit", [(field, "  "), ("medium", "changed with a blank \(field)")], token: cookie, cookie: cookie)
                #expect(reply.status == 422, "\(field): \(reply.status)")
                #expect(reply.body.contains(HTML.escape(message)), "\(field): \(reply.body.prefix(500))")
            }
        }
        #expect(try exported(path) == before)
    }

    // MARK: 7. Review rows past the limit

    @Test("a review of more rows than the limit is refused with a message, never cut short")
    func tooManyRows() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let limit = ReviewRoutes.maximumRows
            func row(_ index: Int) -> [(String, String)] {
                [("row-\(index)-keep", "1"), ("row-\(index)-speaker", "Row Tester"), ("row-\(index)-quote", "Row number \(index) of a long review")]
            }
            let tooMany = try await server.post("/review/import", [("rows", String(limit + 1))] + row(0) + row(limit), token: cookie, cookie: cookie)
            #expect(tooMany.status == 422, "\(tooMany.status)")
            #expect(tooMany.body.contains("at most 2,000"), "\(tooMany.body.prefix(500))")
            // A row past the count the form gives is not dropped either.
            let beyond = try await server.post("/review/import", [("rows", "1")] + row(0) + row(5), token: cookie, cookie: cookie)
            #expect(beyond.status == 422 && beyond.body.contains("row 6"), "\(beyond.status) \(beyond.body.prefix(500))")
            let notANumber = try await server.post("/review/import", [("rows", "many")] + row(0), token: cookie, cookie: cookie)
            #expect(notANumber.status == 422, "\(notANumber.status)")
        }
        #expect(try exported(path) == before)
    }
}
