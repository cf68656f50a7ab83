import Foundation
import ParleyCore
import Testing
@testable import ParleyWeb

/// `parley serve` over real HTTP: a server in this process on an ephemeral loopback port, a
/// raw HTTP/1.1 client, a database file of each test's own.
@Suite("parley serve over HTTP", .serialized)
struct WebServerTests {
    static let pages = [
        "/", "/statements", "/statements?speaker=putin", "/statements?topic=ceasefire&stance=supports",
        "/statements?from=2025-05&to=2025-05-31&kind=quote", "/statements?outlet=hindustan%20times",
        "/statements?q=ceasefire", "/statements?q=%22direct%20talks%22&speaker=zelensky", "/statements/1",
        "/actors", "/actors/putin", "/topics", "/topics/ceasefire", "/topics/ceasefire?as-of=2025-05-19",
        "/report", "/report?topic=ceasefire", "/review",
    ]

    @Test("every page answers 200 with HTML, the policy and no inline script or style")
    func everyPage() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            for page in Self.pages {
                let reply = try await server.request("GET", page)
                #expect(reply.status == 200, "\(page): \(reply.status) \(reply.body.prefix(300))")
                #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true, "\(page)")
                #expect(reply.header("Content-Security-Policy") == SecurityMiddleware.contentSecurityPolicy, "\(page)")
                #expect(reply.header("X-Content-Type-Options") == "nosniff")
                #expect(reply.body.contains("<link rel=\"stylesheet\" href=\"/static/parley.css\">"), "\(page)")
                #expect(!reply.body.contains("<style"), "\(page) has inline style")
                #expect(!reply.body.contains("style=\""), "\(page) has a style attribute")
                #expect(!reply.body.contains("<script>"), "\(page) has inline script")
                #expect(!reply.body.contains("onclick="), "\(page)")
            }
            let css = try await server.request("GET", "/static/parley.css")
            #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true && css.body.contains(".stance"))
            let js = try await server.request("GET", "/static/parley.js")
            #expect(js.status == 200 && js.header("Content-Type")?.hasPrefix("text/javascript") == true)
            let missing = try await server.request("GET", "/statements/9999")
            #expect(missing.status == 404 && missing.body.contains("no statement matches"))
            let unknownPath = try await server.request("GET", "/no/such/page")
            #expect(unknownPath.status == 404 && unknownPath.header("Content-Security-Policy") != nil)
            let unknownActor = try await server.request("GET", "/actors/nobody-at-all")
            #expect(unknownActor.status == 404 && unknownActor.body.contains("no actor matches"))
        }
    }

    @Test("pages show what the core says: filters, search highlights, paging, statement detail, actor and topic")
    func pageContents() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            let putin = try await server.request("GET", "/statements?speaker=putin")
            let parley = try ParleyDatabase.open(path: path, access: .read)
            let putinCount = try parley.statements.count(StatementFilter(speakers: ["putin"]))
            #expect(putinCount > 0)
            #expect(putin.body.contains("\(putinCount) statement(s) in timeline order"))
            #expect(!putin.body.contains(">Donald Trump</a>"), "another speaker's statement on a filtered page")

            let search = try await server.request("GET", "/statements?q=ceasefire")
            #expect(search.body.contains("<mark>"), "search snippets highlight matches")

            let statement = try parley.statements.get(id: 1)
            let detail = try await server.request("GET", "/statements/1")
            #expect(detail.body.contains(HTML.escape(statement.text)))
            #expect(detail.body.contains(HTML.escape(statement.speaker.name)))
            for source in statement.sources { #expect(detail.body.contains(HTML.escape(source.label))) }
            #expect(detail.body.contains("<h2>History</h2>"))
            #expect(detail.body.contains("name=\"csrf\""), "the edit forms carry the token")

            let actor = try await server.request("GET", "/actors/zelensky")
            #expect(actor.body.contains("Latest stance per topic") && actor.body.contains("Shifts") && actor.body.contains("Timeline"))
            let topic = try await server.request("GET", "/topics/ceasefire?as-of=2025-05-19")
            #expect(topic.body.contains("<svg") && topic.body.contains("as of 2025-05-19"))
            let report = try await server.request("GET", "/report?topic=ceasefire")
            for download in ["/report.md?topic=ceasefire", "/report.html?topic=ceasefire", "/timeline.csv?topic=ceasefire",
                             "/timeline.json?topic=ceasefire", "/timeline.timelinejs.json?topic=ceasefire"] {
                #expect(report.body.contains("href=\"\(download)\""), "\(download)")
            }
        }
    }

    @Test("a search page ranks the newest matches when more match than its window, says so, and ranks them all on request")
    func searchWindow() async throws {
        let path = try TestServer.database()
        let parley = try ParleyDatabase.open(path: path, access: .read)
        var found: [Int64] = []
        try parley.statements.search("ceasefire") { found.append($0.statement.id) }
        var foundNewest: [Int64] = []
        try parley.statements.search("ceasefire", window: 3) { foundNewest.append($0.statement.id) }
        let all = found, newest = foundNewest
        #expect(all.count > 3)
        #expect(Set(newest) == Set(all.sorted().suffix(3)), "the window holds the newest matches")
        try await TestServer.with(database: path, searchWindow: 3) { server in
            let windowed = try await server.request("GET", "/statements?q=ceasefire")
            #expect(windowed.body.contains("More than 3 statements match: these are the best of the 3 most recently added"))
            #expect(windowed.body.contains("href=\"/statements?q=ceasefire&amp;rank=all\""))
            #expect(windowed.body.contains(": 3 found"))
            for id in newest { #expect(windowed.body.contains("href=\"/statements/\(id)\""), "statement \(id)") }
            let whole = try await server.request("GET", "/statements?q=ceasefire&rank=all")
            #expect(!whole.body.contains("More than"))
            #expect(whole.body.contains(": \(all.count) found"))
            for id in all { #expect(whole.body.contains("href=\"/statements/\(id)\""), "statement \(id)") }
        }
        try await TestServer.with(database: path, searchWindow: all.count) { server in
            let fits = try await server.request("GET", "/statements?q=ceasefire")
            #expect(!fits.body.contains("More than"), "a window that holds every match ranks them all")
            #expect(fits.body.contains(": \(all.count) found"))
        }
    }

    @Test("the statements list pages through a filter, every page a link")
    func paging() async throws {
        let path = try TestServer.database { parley in
            let speaker = try parley.actors.add(NewActor(name: "Pager Test"))
            for index in 0..<(Routes.pageSize + 5) {
                try parley.statements.add(NewStatement(speaker: speaker.name, text: "paged statement number \(index)",
                                                       saidOn: try PartialDate(parsing: "2024-01-01")))
            }
        }
        try await TestServer.with(database: path) { server in
            let first = try await server.request("GET", "/statements?speaker=pager-test")
            #expect(first.body.contains("\(Routes.pageSize + 5) statement(s) in timeline order; 1–\(Routes.pageSize) shown"))
            #expect(first.body.contains("href=\"/statements?speaker=pager-test&amp;page=2\""))
            let second = try await server.request("GET", "/statements?speaker=pager-test&page=2")
            #expect(second.body.contains("\(Routes.pageSize + 1)–\(Routes.pageSize + 5) shown"))
            #expect(second.body.contains("rel=\"prev\"") && !second.body.contains("rel=\"next\""))
            let bad = try await server.request("GET", "/statements?page=zero")
            #expect(bad.status == 422)
        }
    }

    @Test("the JSON API returns exactly the command line's --format json documents")
    func jsonAPI() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            let parley = try ParleyDatabase.open(path: path, access: .read)
            let filter = StatementFilter(speakers: ["zelensky"])
            var list = ""
            try FrontEndDocuments.statementList(parley, filter: filter, format: .json, width: nil) { list += $0 }
            let statements = try await server.request("GET", "/api/statements?speaker=zelensky")
            #expect(statements.status == 200 && statements.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(statements.body == list)

            var search = ""
            try FrontEndDocuments.search(parley, query: "ceasefire", filter: StatementFilter(), format: .json, width: 80, bold: false) { search += $0 }
            let searched = try await server.request("GET", "/api/search?q=ceasefire")
            #expect(searched.body == search)

            var timeline = ""
            let topicFilter = StatementFilter(topics: ["ceasefire"])
            try FrontEndDocuments.timeline(parley, filter: topicFilter, format: .json,
                                           title: try FrontEndDocuments.timelineTitle(parley, filter: topicFilter)) { timeline += $0 }
            #expect(try await server.request("GET", "/api/timeline?topic=ceasefire").body == timeline)

            let asOf = try FrontEndDocuments.stancesFilter(StatementFilter(), asOf: "2025-05-19")
            let stances = try FrontEndDocuments.stances(try StanceMatrix(parley: parley, filter: asOf), format: .listing(.json), width: nil)
            #expect(try await server.request("GET", "/api/stances?as-of=2025-05-19").body == stances)

            let shifts = try FrontEndDocuments.shifts(try ShiftFinder.find(parley: parley, filter: StatementFilter()), format: .listing(.json), width: nil)
            #expect(try await server.request("GET", "/api/shifts").body == shifts)

            let names = try await server.request("GET", "/api/actors?q=zel")
            #expect(names.body.contains("Volodymyr Zelenskyy"))

            let bad = try await server.request("GET", "/api/statements?stance=maybe")
            #expect(bad.status == 422)
            #expect(bad.body.contains("\"error\"") && bad.body.contains("unknown stance 'maybe'"))
            let noQuery = try await server.request("GET", "/api/search")
            #expect(noQuery.status == 422)
            let both = try await server.request("GET", "/api/stances?as-of=2025-05&to=2025-06")
            #expect(both.status == 422 && both.body.contains("as-of and to both end the period"))
        }
    }

    @Test("a Host header that is not this server's is refused (DNS rebinding)")
    func hostRefused() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            for host in ["evil.example", "evil.example:\(server.port)", "127.0.0.1:1", "localhost.evil.example:\(server.port)",
                         "127.0.0.1.evil.example:\(server.port)", "1.2.3.4.5:\(server.port)", "999.1.1.1:\(server.port)", ""] {
                let reply = try await server.request("GET", "/api/statements", host: host)
                #expect(reply.status == 421 || (host.isEmpty && reply.status == 400), "\(host): \(reply.status)")
                #expect(!reply.body.contains("\"speaker\""), "\(host) read data")
            }
            for host in ["localhost:\(server.port)", "127.0.0.1:\(server.port)", "LOCALHOST:\(server.port)", "192.168.1.20:\(server.port)", "[::1]:\(server.port)"] {
                #expect(try await server.request("GET", "/", host: host).status == 200, "\(host)")
            }
        }
    }

    @Test("a write without the session's CSRF token, or from another origin, is refused and changes nothing")
    func csrfRefused() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let fields = [("reason", "test retraction")]
            let noToken = try await server.post("/statements/1/retract", fields, token: nil, cookie: cookie)
            #expect(noToken.status == 403 && noToken.body.contains("CSRF"))
            let wrongToken = try await server.post("/statements/1/retract", fields, token: String(repeating: "0", count: 64), cookie: cookie)
            #expect(wrongToken.status == 403)
            let noCookie = try await server.post("/statements/1/retract", fields, token: cookie, cookie: nil)
            #expect(noCookie.status == 403)
            let foreign = [("csrf", cookie)] + fields
            let body = foreign.map { WebQuery.encode($0.0) + "=" + WebQuery.encode($0.1) }.joined(separator: "&")
            let fromElsewhere = try await server.request("POST", "/statements/1/retract", headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", "parley_csrf=\(cookie)"), ("Origin", "http://evil.example"),
            ], body: body)
            #expect(fromElsewhere.status == 403)
        }
        #expect(try exported(path) == before)
    }

    @Test("--read-only refuses every write with 403 and a page that says so")
    func readOnly() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path, readOnly: true) { server in
            let cookie = try await server.session()
            let page = try await server.request("GET", "/statements/1")
            #expect(page.status == 200 && !page.body.contains("action=\"/statements/1/retract\""), "no edit forms in read-only mode")
            for (route, fields) in [("/statements/1/retract", [("reason", "x")]), ("/statements/1/edit", [("medium", "x")]),
                                    ("/review/import", [("rows", "1"), ("row-0-keep", "1"), ("row-0-speaker", "A"), ("row-0-quote", "B")])] {
                let reply = try await server.post(route, fields, token: cookie, cookie: cookie)
                #expect(reply.status == 403, "\(route)")
                #expect(reply.body.contains("--read-only"), "\(route)")
            }
            #expect(try await server.request("GET", "/review").status == 403)
        }
        #expect(try exported(path) == before)
    }

    @Test("stored text with markup and quotes is escaped on every page and in the highlights")
    func hostileTextEscaped() async throws {
        let hostile = "<script>alert(\"x\")</script> it's <b>bold</b> & \"quoted\" ceasefire"
        let path = try TestServer.database { parley in
            let actor = try parley.actors.add(NewActor(name: "<img src=x onerror=alert(1)> Mallory \"Q\"", aliases: ["mallory"]))
            try parley.topics.add(NewTopic(slug: "hostile-topic", title: "<i>Hostile</i> topic"))
            try parley.statements.add(NewStatement(speaker: actor.name, text: hostile, medium: "<u>medium</u>", note: "</blockquote><script>",
                                                   sources: [NewSource(url: "javascript:alert(1)", outlet: "<em>Outlet</em>")],
                                                   stances: [StanceInput(topic: "hostile-topic", stance: .supports)]))
        }
        let parley = try ParleyDatabase.open(path: path, access: .read)
        let id = try parley.statements.list(StatementFilter(speakers: ["mallory"]))[0].id
        try await TestServer.with(database: path) { server in
            for page in ["/statements", "/statements?q=ceasefire", "/statements/\(id)", "/actors", "/actors/mallory", "/topics",
                         "/topics/hostile-topic", "/report", "/report?speaker=mallory"] {
                let body = try await server.request("GET", page).body
                #expect(!body.contains("<script>alert"), "\(page)")
                #expect(!body.contains("<img src=x"), "\(page)")
                #expect(!body.contains("<b>bold</b>"), "\(page)")
                #expect(!body.contains("<em>Outlet</em>") && !body.contains("<i>Hostile</i>"), "\(page)")
                #expect(!body.contains("href=\"javascript:"), "\(page)")
            }
            let detail = try await server.request("GET", "/statements/\(id)")
            #expect(detail.body.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s"))
        }
    }

    @Test("bad form input gets the command line's message and changes nothing")
    func badInputRefused() async throws {
        let path = try TestServer.database()
        let before = try exported(path)
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let cases: [(String, [(String, String)], String)] = [
                ("/statements/1/edit", [("said_on", "2025-13-45")], "said_on"),
                ("/statements/1/edit", [("stances", "ceasefire=maybe")], "unknown stance 'maybe'"),
                ("/statements/1/edit", [("speaker", "Nobody Anybody Somebody")], "no actor matches"),
                ("/statements/1/retract", [("reason", "  ")], "say why"),
                ("/statements/1/link", [("to", "2"), ("as", "likes")], "unknown link relation 'likes'"),
                ("/statements/1/link", [("to", "99999"), ("as", "repeats")], "no statement matches"),
                ("/review/import", [("rows", "1"), ("row-0-keep", "1"), ("row-0-speaker", "Someone"), ("row-0-quote", "Words"),
                                    ("row-0-said_on", "yesterday")], "said_on"),
                ("/review/import", [("rows", "1")], "no row is ticked"),
                ("/review", [("text", "")], "paste the article"),
            ]
            for (route, fields, message) in cases {
                let reply = try await server.post(route, fields, token: cookie, cookie: cookie)
                #expect([400, 404, 422].contains(reply.status), "\(route) \(fields): \(reply.status)")
                #expect(reply.body.contains(HTML.escape(message)), "\(route) \(fields): \(reply.body.prefix(600))")
            }
        }
        #expect(try exported(path) == before)
    }

    @Test("edits from the browser go through the core, with history")
    func edits() async throws {
        let path = try TestServer.database()
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            let edit = try await server.post("/statements/1/edit", [("medium", "phone call"), ("stances", "ceasefire=conditional")], token: cookie, cookie: cookie)
            #expect(edit.status == 303 && edit.header("Location") == "/statements/1")
            let parley = try ParleyDatabase.open(path: path, access: .read)
            let changed = try parley.statements.get(id: 1)
            #expect(changed.medium == "phone call")
            #expect(changed.stances.map { "\($0.topic.slug)=\($0.stance.rawValue)" } == ["ceasefire=conditional"])
            #expect(try parley.history.list(entity: .statement, id: 1).count >= 1)
            let link = try await server.post("/statements/2/link", [("to", "1"), ("as", "responds-to")], token: cookie, cookie: cookie)
            #expect(link.status == 303)
            #expect(try parley.statements.get(id: 2).links.contains { $0.otherID == 1 && $0.relation == .respondsTo })
            let retract = try await server.post("/statements/1/retract", [("reason", "Misattributed")], token: cookie, cookie: cookie)
            #expect(retract.status == 303)
            #expect(try parley.statements.get(id: 1).retractionReason == "Misattributed")
            let page = try await server.request("GET", "/statements/1")
            #expect(page.body.contains("retract") && page.body.contains("Misattributed"))
        }
    }

    @Test("several tabs importing at once lose nothing: each import is its own transaction and run")
    func concurrentWrites() async throws {
        let path = try TestServer.database()
        let before = try ParleyDatabase.open(path: path, access: .read).statements.count()
        let writers = 6
        try await TestServer.with(database: path) { server in
            let cookie = try await server.session()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<writers {
                    group.addTask {
                        try await server.post("/review/import", [
                            ("rows", "1"), ("row-0-keep", "1"), ("row-0-speaker", "Concurrent Writer \(index)"),
                            ("row-0-quote", "Statement number \(index) written at the same time as the others"),
                            ("url", "https://example.org/concurrent/\(index)"),
                        ], token: cookie, cookie: cookie).status
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
        }
        let parley = try ParleyDatabase.open(path: path, access: .read)
        #expect(try parley.statements.count() == before + writers)
        #expect(try parley.importRuns.list().count >= writers + 1)
    }
}

@Suite("Pages of many shifts")
struct ManyShiftsTests {
    @Test("a page shows the first 100 shifts and links to the report for the rest; fewer are shown whole")
    func firstHundred() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(CorpusGenerator(seed: 5, statements: 1200, actors: 25, topics: 6).document(), origin: "corpus")
        let all = try ShiftFinder.locate(parley: parley, filter: StatementFilter())
        #expect(all.count > Routes.shiftsShown)
        let table = try Routes.shiftsTable(all, parley: parley, more: [("topic", "x")])
        #expect(table.contains("The first \(Routes.shiftsShown) of \(all.count) shifts"))
        #expect(table.contains("href=\"/report?topic=x\""))
        #expect(table.components(separatedBy: "<tr><td>").count - 1 == Routes.shiftsShown)
        var first: StanceShift?
        try all.forEach(in: parley, limit: 1) { first = $0 }
        #expect(table.contains(Pages.statementLink(try #require(first).after.id, try #require(first).after.dateLabel)))

        // A topic of its own with two shifts: supports → opposes → supports.
        _ = try parley.topics.add(NewTopic(slug: "few-shifts"))
        for (index, stance) in [Stance.supports, .opposes, .supports].enumerated() {
            try parley.statements.add(NewStatement(speaker: "1", text: "Few shifts \(index)", stances: [StanceInput(topic: "few-shifts", stance: stance)]))
        }
        let few = try ShiftFinder.locate(parley: parley, filter: StatementFilter(topics: ["few-shifts"]))
        let short = try Routes.shiftsTable(few, parley: parley, more: [("topic", "few-shifts")])
        #expect(few.count == 2)
        #expect(!short.contains("The first"))
        #expect(short.components(separatedBy: "<tr><td>").count - 1 == few.count)
    }
}
