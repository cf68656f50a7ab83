import Foundation
import ParleyCore
import Testing
@testable import ParleyWeb

/// The review screen over HTTP: the seed article in, its quotations as rows, some corrected,
/// one dropped, imported through the importer as one undoable run.
@Suite("the review screen", .serialized)
struct ReviewTests {
    static let article = """
        China backs direct talks between Ukraine, Russia for immediate ceasefire

        China on Tuesday welcomed the talks. "China supports all efforts that are conducive to peace," foreign ministry spokeswoman Mao Ning said.

        "The <b>war</b> must end," Volodymyr Zelenskyy said on Monday.

        Kremlin spokesman Dmitry Peskov said: "Russia is ready for negotiations."
        """

    /// The fields of a review page's rows, as the browser would send them back.
    static func fields(of page: String) -> [(String, String)] {
        var fields: [(String, String)] = []
        let inputs = page.matches(of: /<input type="(?:hidden|text)"(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"/)
        for match in inputs where match.output.1 != "csrf" { fields.append((String(match.output.1), unescape(String(match.output.2)))) }
        for match in page.matches(of: /<textarea name="([^"]+)"[^>]*>([^<]*)<\/textarea>/) {
            fields.append((String(match.output.1), unescape(String(match.output.2))))
        }
        for match in page.matches(of: /name="([^"]+-keep)" value="1" data-drop="[^"]+" checked/) { fields.append((String(match.output.1), "1")) }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("the other speakers the extractor considered are offered beside the row, one click each")
    func speakerCandidates() async throws {
        let path = try TestServer.database()
        let article = """
            Talks resume in Istanbul

            Dmitry Peskov met Volodymyr Zelenskyy's envoy on Monday. "We are ready for a ceasefire," he said.
            """
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let review = try await server.post("/review", [("text", article), ("published", "2025-05-20")], token: cookie, cookie: cookie)
            #expect(review.status == 200)
            let offered = review.body.matches(of: /data-candidate="([^"]+)"/).map { String($0.output.1) }
            #expect(!offered.isEmpty, "no candidate offered: \(review.body.prefix(2000))")
            let speaker = Self.fields(of: review.body).first { $0.0 == "row-0-speaker" }?.1
            #expect(speaker.map { !offered.contains($0) } ?? false, "the chosen speaker is not offered again: \(speaker ?? "none"), \(offered)")
        }
    }

    @Test("paste, correct a speaker, drop a row, import: one run that undo takes back")
    func reviewAndImport() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        let sampleRuns = Set(try ParleyDatabase.open(path: path, access: .read).importRuns.list().map(\.id))
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let review = try await server.post("/review", [("text", Self.article), ("url", "https://example.org/review-test"),
                                                           ("outlet", "Example Times"), ("published", "2025-05-20")], token: cookie, cookie: cookie)
            #expect(review.status == 200)
            #expect(review.body.contains("<mark>&quot;China supports all efforts"), "quotations highlighted in the article")
            #expect(review.body.contains("&lt;b&gt;war&lt;/b&gt;"), "article text escaped")
            #expect(review.body.contains("src=\"/static/parley.js\""))
            var fields = Self.fields(of: review.body)
            let speakers = fields.filter { $0.0.hasSuffix("-speaker") && !$0.1.isEmpty }
            #expect(speakers.count >= 3, "\(speakers)")
            // Correct the first speaker, drop the second row.
            guard let first = fields.firstIndex(where: { $0.0 == "row-0-speaker" }) else { Issue.record("no first row"); return }
            fields[first].1 = "Mao Ning"
            fields.removeAll { $0.0 == "row-1-keep" }
            let dropped = fields.first { $0.0 == "row-1-quote" }?.1 ?? ""
            let imported = try await server.post("/review/import", fields, token: cookie, cookie: cookie)
            #expect(imported.status == 200, "\(imported.body.prefix(800))")
            #expect(imported.body.contains("Import run"))
            let parley = try ParleyDatabase.open(path: path, access: .read)
            let runs = try parley.importRuns.list()
            guard let run = runs.first else { Issue.record("no import run"); return }
            let created = try parley.statements.list(StatementFilter(importRuns: [run.id]))
            #expect(created.count == speakers.count - 1, "\(created.map(\.text))")
            #expect(created.contains { $0.speaker.name == "Mao Ning" && $0.text.hasPrefix("China supports all efforts") })
            #expect(!created.contains { $0.text == dropped }, "the dropped row was imported")
            #expect(created.allSatisfy { $0.sources.contains { $0.url == "https://example.org/review-test" } })

            // The same rows again merge: nothing new.
            let again = try await server.post("/review/import", fields, token: cookie, cookie: cookie)
            #expect(again.status == 200)
            #expect(try parley.statements.count(StatementFilter(importRuns: [run.id])) == created.count)
            #expect(try parley.statements.count() == (try ParleyDatabase.open(path: path, access: .read).statements.count()))
            // Newest first, as `parley import undo` would take them back.
            for later in try parley.importRuns.list() where !sampleRuns.contains(later.id) {
                _ = try ParleyDatabase.open(path: path, access: .write).importRuns.undo(later.id)
            }
        }
        let after = try exported(path)
        let difference = zip(before.split(separator: "\n"), after.split(separator: "\n")).first { $0 != $1 }.map { "\($0.0) → \($0.1)" }
        #expect(after == before, "undoing the runs gives the database back: \(difference ?? "lengths differ")")
    }

    @Test("a file upload is read as the article")
    func upload() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let boundary = "----parleytest"
            var body = ""
            for (name, value) in [("csrf", cookie), ("outlet", "Upload Times")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.html\"\r\nContent-Type: text/html\r\n\r\n"
            body += "<html><body><p>\"We want peace now,\" Volodymyr Zelenskyy said.</p></body></html>\r\n--\(boundary)--\r\n"
            let reply = try await server.request("POST", "/review", headers: [
                ("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Cookie", "parley_csrf=\(cookie)"),
            ], body: body)
            #expect(reply.status == 200, "\(reply.body.prefix(500))")
            #expect(reply.body.contains("We want peace now"))
            #expect(reply.body.contains("value=\"Volodymyr Zelenskyy\""))
        }
    }
}
