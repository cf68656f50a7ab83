import Foundation
import ParleyCore
import ParleySQLite
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

    // MARK: 1. The token before the body

    @Test("a write without the session's token is refused before its body is parsed")
    func tokenBeforeBody() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let boundary = "parley-boundary"
            // A part that is not UTF-8: parsing the body would refuse it with 422 ("not UTF-8
            // text"); checked first, the missing token is the answer.
            let invalid = Self.multipart([("text", [0xFF, 0xFE, 0x41])], boundary: boundary)
            for cookieHeader in [nil, "parley_csrf=\(cookie)"] {
                var headers = [("Content-Type", "multipart/form-data; boundary=\(boundary)")]
                if let cookieHeader { headers.append(("Cookie", cookieHeader)) }
                let reply = try await server.request("POST", "/review", headers: headers, bytes: invalid)
                #expect(reply.status == 403, "\(cookieHeader ?? "no cookie"): \(reply.status) \(reply.body.prefix(400))")
                #expect(reply.body.contains("CSRF"))
            }
            // The token is the form's first field (every form of the app puts it there): one
            // sent later is not looked for.
            let late = ["reason=test", "csrf=\(cookie)"].joined(separator: "&")
            let reply = try await server.request("POST", "/statements/1/retract", headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "parley_csrf=\(cookie)"),
            ], body: late)
            #expect(reply.status == 403 && reply.body.contains("first field"), "\(reply.status) \(reply.body.prefix(400))")
            // With the token first, the same body's bad part is refused as bad input.
            let valid = Self.multipart([("csrf", Array(cookie.utf8)), ("text", [0xFF, 0xFE, 0x41])], boundary: boundary)
            let refused = try await server.request("POST", "/review", headers: [
                ("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Cookie", "parley_csrf=\(cookie)"),
            ], bytes: valid)
            #expect(refused.status == 422 && refused.body.contains("not UTF-8"), "\(refused.status) \(refused.body.prefix(400))")
        }
        #expect(try exported(path) == before)
    }

    @Test("multipart parsing is linear: 16 MB of near-boundaries parses in well under a second per MB; a boundary over 70 characters is refused")
    func multipartLinear() throws {
        // Each position starts 69 of the boundary's 70 characters: a search that compares
        // from every position (and copied the candidate, as before) does 69 steps per byte.
        let boundary = String(repeating: "-", count: 69) + "x"
        let run = Array(String(repeating: "-", count: 69).utf8) + [UInt8(ascii: "y")]
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n".utf8)
        var content = 0
        while content < 16 << 20 {
            body += run
            content += run.count
        }
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let start = Date()
        let fields = try WebForm.multipart(body, boundary: boundary)
        let seconds = Date().timeIntervalSince(start)
        #expect(fields.count == 1 && fields.first?.name == "text")
        #expect(fields.first?.value.utf8.count == content, "the part's content, whole")
        #expect(seconds < 8, "16 MB took \(seconds) s")
        print("multipart: 16 MB of near-boundaries in \(String(format: "%.2f", seconds)) s")

        let long = String(repeating: "b", count: 71)
        #expect(throws: ParleyError.self) { _ = try WebForm.multipart(Self.multipart([("text", Array("a".utf8))], boundary: long), boundary: long) }
    }

    // MARK: 2. --read-only opens the file read-only

    @Test("--read-only never changes the file: an older schema is refused, byte for byte unchanged, with no backup")
    func readOnlyOlderFile() async throws {
        let directory = try Self.newDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: Self.schema1Fixture, toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let latest = try ParleyDatabase.migrator().latestVersion
        do {
            _ = try WebServer(.init(databasePath: path, host: "127.0.0.1", port: 0, readOnly: true))
            Issue.record("an older file was served read-only")
        } catch let error as ParleyError {
            #expect("\(error)".contains("needs an upgrade from schema version 1 to \(latest)"), "\(error)")
            #expect("\(error)".contains("nothing was changed"), "\(error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the file changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["old.sqlite"])
    }

    @Test("--read-only on a current file: every page, and the file's bytes unchanged")
    func readOnlyCurrentFile() async throws {
        let path = try TestServer.database()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try await TestServer.with(database: path, readOnly: true) { server in
            for page in WebServerTests.pages where page != "/review" {
                let reply = try await server.request("GET", page)
                #expect(reply.status == 200, "\(page): \(reply.status)")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the file changed")
    }

    // MARK: 3. Database work off the shared pool

    /// A request whose end time is taken on the thread that reads it (not when an awaiting
    /// task gets to run, which a starved pool would delay).
    final class Finished: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [String: Date] = [:]
        private var statuses: [String: Int] = [:]
        func set(_ name: String, status: Int) {
            lock.withLock {
                times[name] = Date()
                statuses[name] = status
            }
        }
        func status(_ name: String) -> Int? { lock.withLock { statuses[name] } }
        func time(_ name: String) -> Date? { lock.withLock { times[name] } }
        var all: [String: Date] { lock.withLock { times } }
    }

    @Test("a read is answered while writes wait for another process's lock (more of them than the machine has cores)")
    func readsWhileWritesWait() async throws {
        let path = try TestServer.database()
        let before = try ParleyDatabase.open(path: path, access: .read).statements.count()
        let writers = ProcessInfo.processInfo.activeProcessorCount + 1
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            // Another process holds the write lock: each write waits in SQLite's busy timeout
            // (10 s), blocking the thread it runs on.
            let holder = try Database(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            let finished = Finished()
            let port = server.port
            for index in 0..<writers {
                let body = [("csrf", cookie), ("rows", "1"), ("row-0-keep", "1"), ("row-0-speaker", "Waiting Writer \(index)"),
                            ("row-0-quote", "Written while another process held the lock, number \(index)")]
                    .map { WebQuery.encode($0.0) + "=" + WebQuery.encode($0.1) }.joined(separator: "&")
                DispatchQueue.global().async {
                    let reply = try? TestServer.exchange(port: port, method: "POST", path: "/review/import", host: "127.0.0.1:\(port)",
                                                         headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "parley_csrf=\(cookie)")],
                                                         body: Array(body.utf8))
                    finished.set("write \(index)", status: reply?.status ?? -1)
                }
            }
            // Time for the writes to arrive and start waiting.
            try await Task.sleep(for: .seconds(2))
            let read = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPReply, any Error>) in
                DispatchQueue.global().async {
                    let reply = Result { try TestServer.exchange(port: port, method: "GET", path: "/statements?speaker=putin", host: "127.0.0.1:\(port)", headers: [], body: nil) }
                    finished.set("read", status: (try? reply.get())?.status ?? -1)
                    continuation.resume(with: reply)
                }
            }
            #expect(read.status == 200)
            try holder.execute("ROLLBACK")
            let deadline = Date().addingTimeInterval(30)
            while finished.all.count < writers + 1 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let readAt = try #require(finished.time("read"))
            let firstWrite = try #require((0..<writers).compactMap { finished.time("write \($0)") }.min(), "the writes did not end")
            #expect(readAt < firstWrite, "the read was answered only when the writes gave up (\(firstWrite.timeIntervalSince(readAt)) s)")
            for index in 0..<writers { #expect(finished.status("write \(index)") == 200, "write \(index) once the lock was released") }
        }
        #expect(try ParleyDatabase.open(path: path, access: .read).statements.count() == before + writers)
    }

    // MARK: 4, 5, 9. Host and Origin: one rule

    @Test("a POST from a LAN address the Host rule accepts is accepted; Origin null, or another origin than the Host, is refused")
    func originRule() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let lan = "192.168.1.5:\(server.port)"
            func post(host: String, origin: String?, medium: String) async throws -> HTTPReply {
                var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "parley_csrf=\(cookie)")]
                if let origin { headers.append(("Origin", origin)) }
                return try await server.request("POST", "/statements/1/edit", host: host, headers: headers,
                                                body: "csrf=\(cookie)&medium=\(WebQuery.encode(medium))")
            }
            let accepted = try await post(host: lan, origin: "http://\(lan)", medium: "from the LAN")
            #expect(accepted.status == 303, "\(accepted.status) \(accepted.body.prefix(300))")
            let local = try await post(host: "localhost:\(server.port)", origin: "http://LOCALHOST:\(server.port)", medium: "from localhost")
            #expect(local.status == 303, "\(local.status)")
            let noOrigin = try await post(host: "127.0.0.1:\(server.port)", origin: nil, medium: "no origin")
            #expect(noOrigin.status == 303, "a client that sends no Origin still needs the token, and has it")
            for (host, origin) in [("127.0.0.1:\(server.port)", "null"), (lan, "http://10.0.0.7:\(server.port)"),
                                   (lan, "http://127.0.0.1:\(server.port)"), (lan, "https://\(lan)"), (lan, "http://\(lan)/path"),
                                   (lan, "http://user@\(lan)"), ("127.0.0.1:\(server.port)", "http://127.0.0.1:1")] {
                let reply = try await post(host: host, origin: origin, medium: "refused \(origin)")
                #expect(reply.status == 403, "Host \(host), Origin \(origin): \(reply.status)")
            }
            let parley = try ParleyDatabase.open(path: path, access: .read)
            #expect(try parley.statements.get(id: 1).medium == "no origin")
        }
    }

    @Test("on port 80 a Host without a port is ours (http's default); elsewhere it names port 80")
    func defaultPort() throws {
        func middleware(port: Int, host: String = "127.0.0.1") -> SecurityMiddleware {
            SecurityMiddleware(state: ServerState(.init(databasePath: "", host: host, port: port)))
        }
        let on80 = middleware(port: 80)
        for host in ["127.0.0.1", "localhost", "LOCALHOST", "127.0.0.1:80", "[::1]", "192.168.1.5", "192.168.1.5:80"] {
            #expect(on80.hostIsOurs(host), "\(host) on port 80")
        }
        for host in ["127.0.0.1:8080", "evil.example", "evil.example:80", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:080800"] {
            #expect(!on80.hostIsOurs(host), "\(host) on port 80")
        }
        let on8080 = middleware(port: 8080)
        for host in ["127.0.0.1", "localhost", "127.0.0.1:80"] { #expect(!on8080.hostIsOurs(host), "\(host) on port 8080") }
        for host in ["127.0.0.1:8080", "localhost:8080"] { #expect(on8080.hostIsOurs(host), "\(host) on port 8080") }
        let named = middleware(port: 80, host: "parley.internal")
        #expect(named.hostIsOurs("parley.internal") && named.hostIsOurs("Parley.Internal:80") && !named.hostIsOurs("parley.internal:81"))
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

    // MARK: 8. Errors that are not Parley's own

    @Test("an error that is not Parley's own is a generic page with a reference; its details are not shown")
    func rawErrorsHidden() async throws {
        let path = try TestServer.database()
        // A search index gone (a file someone else changed): SQLite's own error, naming its SQL.
        let db = try Database(path: path)
        try db.execute("DROP TABLE statement_fts")
        let log = Lines()
        try await TestServer.with(database: path, errorLog: { log.append($0) }) { server in
            for route in ["/statements?q=ceasefire", "/api/search?q=ceasefire"] {
                let reply = try await server.request("GET", route)
                #expect(reply.status == 500, "\(route): \(reply.status)")
                for raw in ["SQLite", "statement_fts", "SELECT", "while executing"] {
                    #expect(!reply.body.contains(raw), "\(route) shows '\(raw)': \(reply.body.prefix(600))")
                }
                let reference = try #require(reply.body.firstMatch(of: /reference ([0-9a-f]{12})/)?.output.1, "\(route): \(reply.body.prefix(600))")
                // The operator finds the details under the reference: one line, no control characters.
                let logged = log.all.filter { $0.contains("error \(reference):") }
                #expect(logged.count == 1, "\(log.all)")
                #expect(logged.first.map { $0.contains("no such table: statement_fts") && !$0.contains("\n") } == true, "\(logged)")
            }
        }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }
}
