import Foundation
import ParleyCore
import ParleySQLite
import Testing

/// `seed-article.truth.json`, copied from `shared/examples/` into the test fixtures: every
/// quotation of the seed article with its speaker and stance.
struct Truth: Decodable {
    struct Quote: Decodable {
        let speaker: String
        let on_behalf_of: String?
        let quote: String
        let medium: String?
        let topic: String
        let stance: String
    }
    let published: String
    let outlet: String
    let via: String
    let quotes: [Quote]

    static func load() throws -> Truth {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed-article.truth.json")
        return try JSONDecoder().decode(Truth.self, from: Data(contentsOf: url))
    }
}

@Suite("Built-in sample")
struct SampleTests {
    @Test("the sample holds every quotation of the seed article, in order, with speaker, behalf, medium and stance")
    func matchesTruth() throws {
        let truth = try Truth.load()
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let statements = try parley.statements.list()
        try #require(statements.count == truth.quotes.count)
        for (statement, expected) in zip(statements, truth.quotes) {
            #expect(TextKeys.normalizedText(statement.text) == TextKeys.normalizedText(expected.quote))
            #expect(statement.speaker.name == expected.speaker)
            #expect(statement.onBehalfOf?.name == expected.on_behalf_of)
            #expect(statement.medium == expected.medium)
            #expect(statement.stances.contains { $0.topic.slug == expected.topic && $0.stance.rawValue == expected.stance },
                    "\(expected.quote): \(expected.topic)=\(expected.stance)")
            #expect(statement.saidOn == nil, "no quotation in the article carries its own date")
            #expect(statement.reportedOn?.description == truth.published)
            #expect(statement.sources.map(\.label) == ["\(truth.outlet) via \(truth.via)"])
            #expect(statement.kind == .quote)
        }
    }

    @Test("loading the sample twice changes nothing")
    func idempotent() throws {
        let parley = try ParleyDatabase.inMemory()
        let first = try Importer(parley).run(SampleData.document(), origin: "sample")
        #expect(first.statements.created == 10)
        let before = try counts(parley)
        let second = try Importer(parley).run(SampleData.document(), origin: "sample")
        #expect(second.statements.created == 0)
        #expect(second.statements.unchanged == 10)
        #expect(second.actors.created == 0)
        #expect(try counts(parley) == before)
    }

    @Test("the sample's aliases make every spelling of Zelenskyy find him")
    func aliases() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        for name in ["zelensky", "Zelenskyy", "ZELENSKIY"] {
            #expect(try parley.statements.count(StatementFilter(speakers: [name])) == 2)
        }
        let mao = try parley.actors.resolve("Mao Ning")
        #expect(mao.affiliations.first?.organization?.name == "China's foreign ministry")
    }

    @Test("the demo shows all ten quotations in order and the stance table")
    func demo() throws {
        let parley = try ParleyDatabase.inMemory()
        let text = try Demo.run(in: parley, keptAt: nil, width: 200)
        let truth = try Truth.load()
        var searchFrom = text.startIndex
        for quote in truth.quotes {
            // The opening of each quote (long ones are wrapped over several lines).
            let opening = String(quote.quote.trimmingCharacters(in: CharacterSet(charactersIn: ",.")).prefix(40))
            let found = try #require(text.range(of: "“" + opening, range: searchFrom..<text.endIndex), "\(quote.quote) in order")
            searchFrom = found.upperBound
        }
        #expect(text.contains("reported 2025-05-20 · Mao Ning for China's foreign ministry · press briefing"))
        #expect(text.contains("Volodymyr Zelenskyy  supports   -             conditional"))
    }
}

@Suite("Import")
struct ImportTests {
    let shortForm = """
        source: {url: "https://example.org/article", outlet: Hindustan Times, published: 2025-05-20, via: AFP}
        statements:
          - speaker: Donald Trump
            said_on: 2025-05-19
            medium: Truth Social post
            quote: "Russia and Ukraine will immediately start negotiations toward a Ceasefire and, more importantly, an END to the War."
            stances: {ceasefire: supports, direct-talks: supports}
            cameo: 036
        """

    @Test("the short form of DESIGN §5 imports; unknown actors and topics are created and reported")
    func shortFormImport() throws {
        let parley = try ParleyDatabase.inMemory()
        let summary = try Importer(parley).run(InterchangeDocument.fromYAML(shortForm, origin: "article.yaml"), origin: "article.yaml")
        #expect(summary.statements.created == 1)
        #expect(summary.createdActorNames == ["Donald Trump"])
        #expect(Set(summary.createdTopicSlugs) == ["ceasefire", "direct-talks"])
        let statement = try #require(parley.statements.list().first)
        #expect(statement.saidOn?.description == "2025-05-19")
        #expect(statement.cameo?.code == "036", "a YAML number with a leading zero stays text")
        #expect(statement.sources.first?.url == "https://example.org/article")
        #expect(statement.sources.first?.publishedOn?.description == "2025-05-20")
    }

    @Test("--strict refuses unknown names, writing nothing")
    func strict() throws {
        let parley = try ParleyDatabase.inMemory()
        let error = #expect(throws: ParleyError.self) {
            try Importer(parley).run(InterchangeDocument.fromYAML(shortForm, origin: "a.yaml"), origin: "a.yaml", options: ImportOptions(strict: true))
        }
        #expect(error?.description.contains("unknown actor 'Donald Trump'") == true)
        #expect(try counts(parley).reduce(0, +) == 0)
    }

    @Test("a dry run reports what it would do and writes nothing")
    func dryRun() throws {
        let parley = try ParleyDatabase.inMemory()
        let summary = try Importer(parley).run(InterchangeDocument.fromYAML(shortForm, origin: "a.yaml"), origin: "a.yaml", options: ImportOptions(dryRun: true))
        #expect(summary.dryRun)
        #expect(summary.statements.created == 1)
        #expect(try counts(parley).reduce(0, +) == 0)
    }

    @Test("every problem in a document is listed with its record and field, and nothing is written")
    func problems() throws {
        let parley = try seededDatabase()
        let before = try counts(parley)
        let yaml = """
            statements:
              - speaker: putin
                quote: fine
              - speaker: putin
                quote: bad date
                said_on: 2025-02-30
              - speaker: putin
                stances: {ceasefire: maybe}
            """
        let error = #expect(throws: ParleyError.self) {
            try Importer(parley).run(InterchangeDocument.fromYAML(yaml, origin: "bad.yaml"), origin: "bad.yaml")
        }
        let text = error?.description ?? ""
        #expect(text.contains("bad.yaml: statements[2], said_on: invalid date '2025-02-30'"))
        #expect(text.contains("bad.yaml: statements[3], quote: give the statement's text as quote or paraphrase"))
        #expect(text.contains("bad.yaml: statements[3], stances.ceasefire: unknown stance 'maybe'"))
        #expect(error?.exitCode == 65)
        #expect(try counts(parley) == before)
    }

    @Test("malformed YAML and JSON are invalid input with a location")
    func malformed() {
        let yaml = #expect(throws: ParleyError.self) { try InterchangeDocument.fromYAML("statements: [ {speaker: ", origin: "x.yaml") }
        #expect(yaml?.exitCode == 65)
        let json = #expect(throws: ParleyError.self) { try InterchangeDocument.fromJSON(Data(#"{"statements": [{"quote": "x"}]}"#.utf8), origin: "x.json") }
        #expect(json?.description.contains("speaker") == true)
        let types = #expect(throws: ParleyError.self) { try InterchangeDocument.fromJSON(Data(#"{"statements": 5}"#.utf8), origin: "x.json") }
        #expect(types?.description.contains("statements") == true)
    }
}

@Suite("Database files")
struct DatabaseFileTests {
    /// A new empty folder; the caller removes it.
    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "parley-core-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("read access never creates a file; write access creates it and its folder")
    func create() throws {
        let dir = NSTemporaryDirectory() + "parley-core-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nested/parley.sqlite"
        #expect(throws: ParleyError.self) { _ = try ParleyDatabase.open(path: path, access: .read) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let parley = try ParleyDatabase.open(path: path, access: .write)
        #expect(try parley.status().schemaVersion == ParleyDatabase.migrator().latestVersion)
        #expect(try parley.db.scalar("PRAGMA journal_mode") == "wal")
    }

    @Test("a SQLite file that is not Parley's is refused untouched")
    func foreignFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/other.sqlite"
        do {
            let other = try Database(path: path, enableWAL: false)
            try other.execute("CREATE TABLE notes(text)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: ParleyError.self) { _ = try ParleyDatabase.open(path: path, access: .write) }
        #expect(error?.description.contains("not a Parley database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a Parley file from a newer version is refused untouched")
    func newer() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/future.sqlite"
        do {
            let parley = try ParleyDatabase.open(path: path, access: .write)
            try parley.db.execute("PRAGMA journal_mode = DELETE")
            try parley.db.setUserVersion(99)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: ParleyError.self) { _ = try ParleyDatabase.open(path: path, access: .write) }
        #expect(error?.description.contains("schema version 99") == true)
        #expect(error?.description.contains("upgrade parley") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("status counts rows; check finds a full-text index that disagrees with the table")
    func statusAndCheck() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let status = try parley.status()
        #expect(status.count(of: "statements") == 10)
        #expect(status.count(of: "actors") == 9)
        #expect(status.count(of: "topics") == 4)
        #expect(try parley.check().isHealthy)
        // Change a text behind the index's back.
        try parley.db.execute("DROP TRIGGER statement_fts_after_update")
        try parley.db.execute("UPDATE statement SET text = 'changed behind the index' WHERE id = 1")
        let report = try parley.check()
        #expect(!report.isHealthy)
        #expect(report.fullTextProblems.count == 1)
    }
}

@Suite("Import progress")
struct ImportProgressTests {
    @Test("the progress line: the part done of the file or of the statements, the rate, the time left")
    func progressLine() {
        let file = ImportProgress(origin: "feed.jsonl", statements: 172_000, totalStatements: nil, bytesRead: 42_000_000, totalBytes: 100_000_000)
        #expect(file.line(elapsed: 10) == "importing feed.jsonl: 42% (172,000 statements, 17,200/s, about 14 s left)")
        let document = ImportProgress(origin: "a.yaml", statements: 500, totalStatements: 2_000, bytesRead: nil, totalBytes: nil)
        #expect(document.line(elapsed: 2) == "importing a.yaml: 25% (500 statements, 250/s, about 6.0 s left)")
        // A pipe: no size, so no percentage and no time left; too early for a rate.
        let pipe = ImportProgress(origin: "standard input", statements: 1_000, totalStatements: nil, bytesRead: 9_000, totalBytes: nil)
        #expect(pipe.line(elapsed: 0.2) == "importing standard input: (1,000 statements)")
        #expect(ImportProgress.duration(4_000) == "1 h 6 min")
        #expect(ImportProgress.duration(75) == "1 min 15 s")
    }
}
