import Foundation
@testable import ParleyCore
import ParleySQLite
import Testing

/// The sample, loaded.
func sampleDatabase() throws -> ParleyDatabase {
    let parley = try ParleyDatabase.inMemory()
    try Importer(parley).run(SampleData.document(), origin: "sample")
    return parley
}

/// Compares `text` with `Golden/<name>`. With PARLEY_UPDATE_GOLDEN=1 in the environment the file
/// is rewritten instead (then review the diff before committing it), and the test fails saying
/// so: a run that rewrites golden files proves nothing, so it can never pass.
func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("Golden/\(name) was rewritten (PARLEY_UPDATE_GOLDEN=1), not compared: review the diff, then run the tests without it",
                     sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file; if the change is intended, run the tests with PARLEY_UPDATE_GOLDEN=1 and review the diff",
            sourceLocation: sourceLocation)
}

@Suite("Golden files")
struct GoldenTests {
    @Test("every timeline format on the built-in sample", arguments: TimelineFormat.allCases)
    func timeline(format: TimelineFormat) throws {
        let parley = try sampleDatabase()
        let text = try TimelineWriter.render(try parley.statements.list(), format: format, title: "Timeline: the seed article", width: 80)
        let suffix = ["table": "txt", "markdown": "md", "timelinejs": "timelinejs.json"][format.rawValue] ?? format.rawValue
        try expectGolden(text, "timeline.\(suffix)")
    }

    @Test("the report on the built-in sample, in Markdown and HTML")
    func report() throws {
        let parley = try sampleDatabase()
        let report = try Report(parley: parley, filter: StatementFilter())
        try expectGolden(try report.markdown(), "report.md")
        let html = try report.html()
        try expectGolden(html, "report.html")
        // The copy the README links to is the same report (docs/sample-report.png shows it).
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/sample-report.html").standardized
        #expect(try String(contentsOf: docs, encoding: .utf8) == html, "docs/sample-report.html is out of date: copy Golden/report.html there and retake the screenshot")
        let ceasefire = try Report(parley: parley, filter: StatementFilter(topics: ["ceasefire"]))
        try expectGolden(try ceasefire.html(), "report-ceasefire.html")
    }
}

@Suite("Filters")
struct MoreFilterTests {
    @Test("every filter narrows as it says", arguments: [
        (StatementFilter(onBehalfOf: ["Chinese foreign ministry"]), 2),
        (StatementFilter(mediums: ["PRESS BRIEFING"]), 2),
        (StatementFilter(mediums: ["X post", "Truth Social post"]), 2),
        (StatementFilter(outlets: ["hindustan times"]), 10),
        (StatementFilter(outlets: ["AFP"]), 10),           // the wire service credited with via
        (StatementFilter(outlets: ["Reuters"]), 0),
        (StatementFilter(sources: ["5eed0003-0000-4000-8000-000000000001"]), 10),
        (StatementFilter(about: ["Russia"]), 5),
        (StatementFilter(about: ["Putin"]), 1),
        (StatementFilter(kinds: [.paraphrase]), 0),
        (StatementFilter(kinds: [.quote]), 10),
        (StatementFilter(cameoPrefixes: ["03"]), 3),       // 032, 036, 0356
        (StatementFilter(cameoPrefixes: ["026"]), 3),
        (StatementFilter(cameoPrefixes: ["0"]), 9),        // one has no CAMEO code
        (StatementFilter(speakers: ["trump"], cameoPrefixes: ["01"]), 3),
    ])
    func filters(filter: StatementFilter, count: Int) throws {
        #expect(try sampleDatabase().statements.count(filter) == count)
    }

    @Test("a CAMEO prefix must be digits")
    func cameoPrefix() throws {
        let error = #expect(throws: ParleyError.self) { try sampleDatabase().statements.count(StatementFilter(cameoPrefixes: ["0'; --"])) }
        #expect(error?.exitCode == 65)
    }
}

@Suite("Timelines, stances and shifts")
struct TimelineTests {
    /// Putin over spring 2025: opposes in March (month precision), conditional on 19 May at
    /// 15:10, supports in 2025 (year precision), and an undated statement reported on 25 May.
    func history() throws -> ParleyDatabase {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "Vladimir Putin", aliases: ["Putin"]))
        try parley.topics.add(NewTopic(slug: "ceasefire"))
        func add(_ text: String, _ date: String?, _ stance: Stance, source: NewSource? = nil) throws {
            try parley.statements.add(NewStatement(speaker: "putin", text: text, saidOn: try PartialDate.parseOptional(date),
                                                   sources: source.map { [$0] } ?? [], stances: [StanceInput(topic: "ceasefire", stance: stance)]))
        }
        try add("A ceasefire now would only let Kyiv rearm.", "2025-03", .opposes)
        try add("We are ready for a thirty-day truce, with conditions.", "2025-05-19T15:10", .conditional)
        try add("Russia has always supported peace.", "2025", .supports)
        try add("A truce is possible.", nil, .supports, source: NewSource(url: "https://example.org/x", publishedOn: try PartialDate(parsing: "2025-05-25")))
        return parley
    }

    @Test("timeline lines read in one query are the lines of the statements, in the same order")
    func timelineLines() throws {
        let corpus = try ParleyDatabase.inMemory()
        try Importer(corpus).run(CorpusGenerator(seed: 9, statements: 600, actors: 40, topics: 12).document(), origin: "corpus")
        // Stored text with the packing's own characters in it, and a statement with neither stances nor sources.
        try corpus.sources.add(NewSource(url: "https://example.org/odd", outlet: "3:abc 12:", title: "x", via: "A:B\u{1F}C 🇺🇦"))
        try corpus.statements.add(NewStatement(speaker: "1", text: "Odd sources: ", sources: [NewSource(url: "https://example.org/odd")],
                                               stances: [StanceInput(topic: "1", stance: .supports)]))
        try corpus.statements.add(NewStatement(speaker: "2", text: "Nothing attached"))
        try corpus.statements.retract("3", reason: "test")
        for (parley, filters) in [(try sampleDatabase(), [StatementFilter(), StatementFilter(speakers: ["zelensky"])]),
                                  (try history(), [StatementFilter(), StatementFilter(from: try PartialDate(parsing: "2025-05"))]),
                                  (corpus, [StatementFilter(), StatementFilter(includeRetracted: true),
                                            StatementFilter(topics: ["1"], stances: [.supports]), StatementFilter(outlets: ["Reuters"], kinds: [.quote]),
                                            StatementFilter(from: try PartialDate(parsing: "2019"), to: try PartialDate(parsing: "2021-06"))])] {
            for filter in filters {
                var lines: [TimelineLine] = []
                try parley.statements.forEachTimelineLine(filter) { lines.append($0) }
                let statements = try parley.statements.list(filter)
                #expect(!lines.isEmpty)
                #expect(lines == statements.map(TimelineLine.init))
                // `statement list` as a table or CSV reads lines without outlets: the same cells.
                var cells: [[String]] = []
                try parley.statements.forEachTimelineLine(filter, outlets: false) { line in
                    #expect(line.outlets.isEmpty)
                    cells.append(Presentation.statementCells(line))
                }
                #expect(cells == statements.map(Presentation.statementCells))
            }
        }
        var odd: [TimelineLine] = []
        try corpus.statements.forEachTimelineLine(StatementFilter(sources: ["https://example.org/odd"])) { odd.append($0) }
        #expect(odd.map(\.outlets) == [["3:abc 12: via A:B\u{1F}C 🇺🇦"]])
    }

    @Test("a month-precision statement appears under its month, never as the 1st; an undated one at its report")
    func grouping() throws {
        let parley = try history()
        let text = try TimelineWriter.render(try parley.statements.list(), format: .markdown, title: "t")
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## 2025", "## March 2025", "## 19 May 2025", "## 25 May 2025"])
        #expect(!text.contains("1 March"))
        #expect(text.contains("15:10"))
        #expect(text.contains("reported 2025-05-25"))
        let json = try TimelineWriter.render(try parley.statements.list(), format: .json, title: "t")
        let entries = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["period"] as? String } == ["2025", "March 2025", "19 May 2025", "25 May 2025"])
        #expect(entries.map { $0["reported"] as? Bool } == [false, false, false, true])
        #expect(entries[1]["precision"] as? String == "month")
    }

    @Test("TimelineJS keeps partial dates partial")
    func timelineJS() throws {
        let parley = try history()
        let json = try TimelineWriter.render(try parley.statements.list(), format: .timelinejs, title: "Putin <b>")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        let dates = events.compactMap { $0["start_date"] as? [String: String] }
        #expect(dates[0] == ["year": "2025"])
        #expect(dates[1] == ["year": "2025", "month": "3"])
        #expect(dates[2] == ["year": "2025", "month": "5", "day": "19", "hour": "15", "minute": "10"])
        #expect(dates[3]["display_date"] == "reported 25 May 2025")
        #expect((object["title"] as? [String: Any]).flatMap { ($0["text"] as? [String: String])?["headline"] } == "Putin &lt;b&gt;")
        #expect(object["eras"] is [Any])
    }

    @Test("shifts: every change of stance, with the statements on either side")
    func shifts() throws {
        let parley = try history()
        let shifts = try ShiftFinder.find(parley: parley, filter: StatementFilter())
        #expect(shifts.map { "\($0.from.rawValue)→\($0.to.rawValue)" } == ["supports→opposes", "opposes→conditional", "conditional→supports"])
        #expect(shifts[1].before.text == "A ceasefire now would only let Kyiv rearm.")
        #expect(shifts[1].after.saidOn?.description == "2025-05-19T15:10")
    }

    @Test("stances --as-of gives the picture on an earlier day")
    func asOf() throws {
        let parley = try history()
        let putin = try parley.actors.resolve("putin").id
        let ceasefire = try parley.topics.resolve("ceasefire").id
        let latest = StanceMatrix(statements: try parley.statements.list())
        #expect(latest.cell(actor: putin, topic: ceasefire)?.stance == .supports)
        #expect(latest.cell(actor: putin, topic: ceasefire)?.isReported == true)
        let april = StanceMatrix(statements: try parley.statements.list(StatementFilter(to: try PartialDate(parsing: "2025-04-15"))))
        #expect(april.cell(actor: putin, topic: ceasefire)?.stance == .opposes)
        #expect(april.cell(actor: putin, topic: ceasefire)?.date?.description == "2025-03")
    }

    @Test("the stance table needs only the statements' stances: loading nothing else changes nothing")
    func matrixFromStancesOnly() throws {
        for parley in [try history(), try sampleDatabase()] {
            var full = StanceMatrix(), lean = StanceMatrix()
            try parley.statements.forEach { full.add($0) }
            var leftOut = 0
            try parley.statements.forEach(relations: .stances) { statement in
                lean.add(statement)
                leftOut += statement.sources.count + statement.targets.count + statement.links.count
            }
            #expect(leftOut == 0, "only stances are loaded")
            #expect(try parley.statements.list().contains { !$0.sources.isEmpty }, "the full load has sources to leave out")
            #expect(!full.actors.isEmpty)
            #expect(try lean.listing().render(.csv) == full.listing().render(.csv))
            #expect(lean.markdown() == full.markdown())
        }
    }
}

@Suite("Search")
struct SearchTests {
    func hits(_ parley: ParleyDatabase, _ query: String, raw: Bool = false, filter: StatementFilter = StatementFilter()) throws -> [SearchHit] {
        var hits: [SearchHit] = []
        try parley.statements.search(query, filter: filter, raw: raw) { hits.append($0) }
        return hits
    }

    @Test("phrases, prefixes, accents and filters")
    func search() throws {
        let parley = try sampleDatabase()
        try parley.actors.add(NewActor(name: "Recep Tayyip Erdoğan", aliases: ["Erdoğan"]))
        try parley.statements.add(NewStatement(speaker: "Erdoğan", text: "Türkiye is ready to host the talks in İstanbul."))
        #expect(try hits(parley, "\"unconditional ceasefire\"").map(\.statement.id) == [9, 10])
        #expect(try hits(parley, "\"ceasefire unconditional\"").isEmpty, "a phrase keeps its order")
        #expect(try hits(parley, "sanction*").map(\.statement.id) == [10])
        #expect(try hits(parley, "istanbul turkiye").count == 1, "accents and case fold")
        #expect(try hits(parley, "ERDOGAN").isEmpty, "speaker names are not statement text")
        #expect(try hits(parley, "ceasefire", filter: StatementFilter(speakers: ["zelensky"])).map(\.statement.id) == [9, 10])
        let best = try #require(try hits(parley, "ceasefire").first)
        #expect(best.statement.id == 9, "bm25 ranks the short, dense text first")
        let snippet = Array(best.snippet.unicodeScalars)
        #expect(best.highlights.map { String(String.UnicodeScalarView(snippet[$0])) } == ["ceasefire"])
    }

    /// Texts in which each hostile query below, read literally, finds something, and read as FTS5
    /// syntax would find something else (or fail).
    static let literalTexts = [
        "ceasefire now",                          // 1
        "talks about a ceasefire near the border", // 2: NEAR(ceasefire talks, 2) as FTS5 finds it
        "and or not, said the logician",          // 3
        "drop table statement, then stop",        // 4
        "the a:b ratio",                          // 5
        "text x marks the spot",                  // 6
        "x alone",                                // 7: {text}: x as FTS5 (a column filter) finds it
        "near ceasefire talks 2 times",           // 8
    ]

    /// Each query and the statements a literal search finds (by the texts above), or nil when it
    /// has no words and is refused.
    static let hostileQueries: [(String, [Int64]?)] = [
        ("\"", nil), ("*", nil), ("\u{0}", nil), ("‘’“”", nil),
        ("NEAR(", [2, 8]), ("AND OR NOT", [3]), ("'; DROP TABLE statement; --", [4]), ("ceasefire\"", [1, 2, 8]),
        ("a:b", [5]), ("-ceasefire", [1, 2, 8]), ("^ceasefire", [1, 2, 8]), ("(ceasefire", [1, 2, 8]), ("ceasefire)", [1, 2, 8]),
        ("{text}: x", [6]), ("NEAR(ceasefire talks, 2)", [8]),
    ]

    @Test("hostile input is searched literally or refused clearly, never as FTS5 syntax", arguments: hostileQueries)
    func hostile(query: String, expected: [Int64]?) throws {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "Ada"))
        for text in Self.literalTexts { try parley.statements.add(NewStatement(speaker: "Ada", text: text)) }
        var found: [Int64]?
        var refusal: ParleyError?
        do {
            found = try hits(parley, query).map(\.statement.id).sorted()
        } catch let error as ParleyError {
            refusal = error
        }
        if let expected {
            #expect(refusal == nil, "\(query) is refused: \(String(describing: refusal))")
            #expect(found == expected, "\(query) is searched literally")
        } else {
            #expect(found == nil, "\(query) has no words, yet found \(String(describing: found))")
            #expect(refusal?.exitCode == 65)
            #expect(refusal?.description.contains("no words") == true, "\(String(describing: refusal))")
        }
        #expect(try parley.statements.count() == Self.literalTexts.count)
    }

    @Test("a limit gives the best matches by score, then id, even when the cut falls among equal scores")
    func limitAmongTies() throws {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "Ada"))
        // Groups of texts that score the same (same length, one match), added out of order.
        // (FTS5 happens to hand out equal ranks in rowid order, so this cannot show that the
        // search does not rely on it; `topRankedTies` below shows that.)
        let texts = (0..<40).map { i in i % 3 == 0 ? "grain deal now \(i)" : i % 3 == 1 ? "the grain corridor opens again \(i)" : "grain" + " word" + String(repeating: " more", count: i % 5) + " \(i)" }
        for text in texts.reversed() { try parley.statements.add(NewStatement(speaker: "Ada", text: text)) }
        try parley.statements.retract("1", reason: "test")  // the filter applies before the limit
        // The oracle: every score from FTS5, sorted by score then id, in SQL.
        let expected: [Int64] = try parley.db.map("""
            SELECT s.id FROM statement_fts f JOIN statement s ON s.id = f.rowid
            WHERE statement_fts MATCH 'grain' AND s.retracted_at IS NULL ORDER BY bm25(statement_fts), s.id
            """) { try $0[0] }
        #expect(expected.count == 39)
        for limit in [0, 1, 2, 5, 13, 14, 26, 39, 100] {
            var found: [Int64] = []
            try parley.statements.search("grain", limit: limit) { found.append($0.statement.id) }
            #expect(found == Array(expected.prefix(limit)), "limit \(limit)")
        }
        #expect(try hits(parley, "grain").map(\.statement.id) == expected)
    }

    @Test("the cut at a limit reads on while the score stays the same and orders ties by id")
    func topRankedTies() {
        // Best first, as FTS5 hands them out, but equal scores in no particular order.
        let offered: [(Int64, Double)] = [(7, -3), (5, -2), (9, -2), (2, -2), (8, -1), (1, -1)]
        for (limit, expected) in [(0, [Int64]()), (1, [7]), (2, [7, 2]), (3, [7, 2, 5]), (4, [7, 2, 5, 9]), (5, [7, 2, 5, 9, 1]), (9, [7, 2, 5, 9, 1, 8])] {
            var top = TopRanked(limit: limit)
            var read = 0
            for (id, score) in offered {
                guard top.offer(id: id, score: score) else { break }
                read += 1
            }
            #expect(top.result.map(\.id) == expected, "limit \(limit)")
            // It stops reading as soon as no later match can make the cut.
            #expect(read == [0: 0, 1: 1, 2: 4, 3: 4, 4: 4, 5: 6, 9: 6][limit], "limit \(limit)")
        }
        var all = TopRanked(limit: nil)
        for (id, score) in offered { _ = all.offer(id: id, score: score) }
        #expect(all.result.map(\.id) == [7, 2, 5, 9, 1, 8])
    }

    @Test("a window ranks only the newest matches that pass the filter, with the same scores, and says when it left matches out")
    func rankingWindow() throws {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "Ada"))
        try parley.actors.add(NewActor(name: "Bo"))
        // Texts of different lengths, so the scores differ; Bo's statements match too but are
        // filtered out, and a retracted one is left out by default.
        for i in 0..<30 {
            let text = "grain" + String(repeating: " word", count: (i * 7) % 11) + (i % 4 == 0 ? " grain" : "") + " \(i)"
            try parley.statements.add(NewStatement(speaker: i % 3 == 0 ? "Bo" : "Ada", text: text))
        }
        try parley.statements.retract("29", reason: "test")
        let ada = try parley.actors.resolve("Ada").id
        // The oracle: Ada's unretracted matches, the newest `window` of them by id, by score then id.
        func expected(_ window: Int, _ limit: Int) throws -> [Int64] {
            try parley.db.map("""
                SELECT id FROM (SELECT s.id, bm25(statement_fts) AS score FROM statement_fts f JOIN statement s ON s.id = f.rowid
                                WHERE statement_fts MATCH 'grain' AND s.speaker_id = ? AND s.retracted_at IS NULL
                                ORDER BY s.id DESC LIMIT ?)
                ORDER BY score, id LIMIT ?
                """, [ada, window, limit]) { try $0[0] }
        }
        let matching: Int = try parley.db.scalar("""
            SELECT count(*) FROM statement_fts f JOIN statement s ON s.id = f.rowid
            WHERE statement_fts MATCH 'grain' AND s.speaker_id = ? AND s.retracted_at IS NULL
            """, [ada]) ?? 0
        #expect(matching == 19)
        var filter = StatementFilter()
        filter.speakers = ["Ada"]
        for window in [0, 1, 5, 18, 19, 40] {
            for limit in [1, 3, 100] {
                var found: [Int64] = []
                var scores: [Double] = []
                let ranking = try parley.statements.search("grain", filter: filter, limit: limit, window: window) {
                    found.append($0.statement.id)
                    scores.append($0.score)
                }
                #expect(found == (try expected(window, limit)), "window \(window), limit \(limit)")
                #expect(ranking == (window < matching ? .newest(window) : .all), "window \(window)")
                #expect(scores == scores.sorted(), "best first")
            }
        }
        // A window as large as the matches ranks exactly what no window ranks.
        var whole: [SearchHit] = []
        var windowed: [SearchHit] = []
        #expect(try parley.statements.search("grain", filter: filter) { whole.append($0) } == .all)
        try parley.statements.search("grain", filter: filter, window: matching) { windowed.append($0) }
        #expect(windowed == whole)
        #expect(whole.count == matching)
    }

    @Test("raw FTS5 syntax works, and a syntax error is invalid input")
    func raw() throws {
        let parley = try sampleDatabase()
        #expect(try hits(parley, "ceasefire NOT sanctions", raw: true).map(\.statement.id) == [9, 1, 8, 5])
        let error = #expect(throws: ParleyError.self) { try hits(parley, "ceasefire AND (", raw: true) }
        #expect(error?.description.contains("Leave out --raw") == true)
    }
}

@Suite("Reports are safe documents")
struct ReportSafetyTests {
    @Test("user text is escaped in HTML and Markdown; nothing external is loaded")
    func escaping() throws {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "<img src=x onerror=alert(1)>"))
        try parley.topics.add(NewTopic(slug: "xss", title: "<script>alert('t')</script>"))
        try parley.statements.add(NewStatement(
            speaker: "<img src=x onerror=alert(1)>", text: "<script>alert(\"x\")</script> & **bold** [link](javascript:alert(1))",
            saidOn: try PartialDate(parsing: "2025-05-01"),
            sources: [NewSource(url: "javascript:alert(1)", outlet: "<b>Outlet</b>")], stances: [StanceInput(topic: "xss", stance: .supports)]))
        let report = try Report(parley: parley, filter: StatementFilter())
        let html = try report.html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Outlet"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; **bold**"))
        #expect(!html.contains("src=\"http"), "no external resources")
        #expect(!html.contains("<link"))
        let markdown = try report.markdown()
        #expect(markdown.components(separatedBy: "<").count == markdown.components(separatedBy: "\\<").count, "every < is escaped")
        #expect(markdown.contains("\\*\\*bold\\*\\* \\[link\\](javascript:alert(1))"))
    }
}
