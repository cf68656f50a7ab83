import Foundation
import ParleyCore
import ParleySQLite
import Testing

/// Export in a format, as text.
func exported(_ parley: ParleyDatabase, _ format: InterchangeFormat, filter: StatementFilter? = nil) throws -> String {
    var text = ""
    try Exporter(parley).write(format, filter: filter) { text += $0 }
    return text
}

/// Reads text in a format and imports it.
@discardableResult
func imported(_ text: String, _ format: InterchangeFormat, into parley: ParleyDatabase, origin: String = "file",
              options: ImportOptions = ImportOptions()) throws -> ImportSummary {
    let parsed = try InterchangeReader.read(Data(text.utf8), format: format, origin: origin)
    return try Importer(parley).run([(parsed, origin)], options: options)
}

@Suite("Export and import round trips")
struct RoundTripTests {
    @Test("the built-in sample survives export → import → export byte for byte", arguments: InterchangeFormat.allCases)
    func sample(format: InterchangeFormat) throws {
        let original = try ParleyDatabase.inMemory()
        try Importer(original).run(SampleData.document(), origin: "sample")
        let first = try exported(original, format)
        let copy = try ParleyDatabase.inMemory()
        try imported(first, format, into: copy)
        let second = try exported(copy, format)
        #expect(first == second)
        #expect(try copy.statements.count(StatementFilter(includeRetracted: true)) == 10)
    }

    @Test("a generated 500-statement corpus survives export → import → export byte for byte", arguments: InterchangeFormat.allCases)
    func generated(format: InterchangeFormat) throws {
        let original = try ParleyDatabase.inMemory()
        // 500 statements reach every combination the generator makes (partial dates, retractions,
        // several sources, targets and stances); 10,000 proved no more, twenty times slower.
        let summary = try Importer(original).run(CorpusGenerator(seed: 7, statements: 500, actors: 60, topics: 20).document(), origin: "corpus")
        #expect(summary.statements.created == 500)
        let first = try exported(original, format)
        let copy = try ParleyDatabase.inMemory()
        try imported(first, format, into: copy)
        let second = try exported(copy, format)
        #expect(first == second, "\(format): the second export differs")
        if first != second {
            let a = first.split(separator: "\n", omittingEmptySubsequences: false)
            let b = second.split(separator: "\n", omittingEmptySubsequences: false)
            if let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("first difference at line \(index + 1):\n\(a[index])\n\(b[index])")
            }
        }
    }

    /// A document that sets every field the interchange format has, written by hand in the order
    /// and the form an export writes (actors by name, sources by date, statements by date; a
    /// source with a URL named by it): importing it and exporting again must give it back.
    static let everyField = """
        counts:
          actors: 3
          topics: 2
          sources: 2
          statements: 3
        actors:
        - uuid: 0a000001-0000-4000-8000-000000000001
          name: Ada Example
          slug: ada-example
          kind: person
          country: GBR
          wikidata: Q7259
          description: A made-up minister, for the test.
          aliases:
          - A. Example
          - Ada
          affiliations:
          - organization: Ministry of Examples
            role: minister
            from: 2019-05
            to: 2024-07-05
          - organization: Ministry of Examples
            role: adviser
            from: 2025
        - uuid: 0a000001-0000-4000-8000-000000000003
          name: Bo Other
          slug: bo-other
          kind: person
        - uuid: 0a000001-0000-4000-8000-000000000002
          name: Ministry of Examples
          slug: ministry-of-examples
          kind: organization
          country: GBR
        topics:
        - uuid: 0a000002-0000-4000-8000-000000000002
          slug: ceasefire
          title: Ceasefire
          description: Whether the fighting should stop first.
          parent: war
        - uuid: 0a000002-0000-4000-8000-000000000001
          slug: war
          title: The war
        sources:
        - uuid: 0a000003-0000-4000-8000-000000000002
          url: https://example.org/b
          outlet: Other Post
          published: 2025-05
        - uuid: 0a000003-0000-4000-8000-000000000001
          url: https://example.org/a
          outlet: Example Times
          title: Minister speaks
          author: A. Reporter
          published: 2025-05-20
          via: AFP
          archived_url: https://web.archive.org/example.org/a
          language: en
        statements:
        - uuid: 0a000004-0000-4000-8000-000000000003
          speaker: Ada Example
          quote: Not a word more.
          said_on: 2025
          sources:
          - https://example.org/a
        - uuid: 0a000004-0000-4000-8000-000000000002
          speaker: Bo Other
          paraphrase: Said there would be no ceasefire.
          said_on: 2025-05
          stances:
            ceasefire: opposes
          sources:
          - https://example.org/b
          retracted:
            at: 2025-05-21T09:00:00Z
            reason: Misattributed.
        - uuid: 0a000004-0000-4000-8000-000000000001
          speaker: Ada Example
          on_behalf_of: Ministry of Examples
          quote: We support a ceasefire, on conditions.
          said_on: 2025-05-19T14:30
          medium: press conference
          place: London
          language: en
          note: Said twice.
          cameo: 036
          stances:
            ceasefire: conditional
            war: opposes
          sources:
          - https://example.org/b
          - https://example.org/a
          targets:
          - Bo Other
          links:
          - relation: contradicts
            to: 0a000004-0000-4000-8000-000000000002
        ...

        """

    @Test("JSON and YAML keep everything: every field of a hand-written document, whole")
    func lossless() throws {
        let expected = try InterchangeReader.read(Data(Self.everyField.utf8), format: .yaml, origin: "every.yaml").document
        #expect(expected.statements?.count == 3 && expected.actors?.count == 3 && expected.sources?.count == 2 && expected.topics?.count == 2)
        let original = try ParleyDatabase.inMemory()
        try imported(Self.everyField, .yaml, into: original)
        #expect(try exported(original, .yaml) == Self.everyField, "the export is the hand-written document, byte for byte")
        let all = StatementFilter(includeRetracted: true)
        for format in [InterchangeFormat.json, .yaml] {
            let text = try exported(original, format)
            #expect(try InterchangeReader.read(Data(text.utf8), format: format, origin: "export").document == expected, "\(format) export")
            let copy = try ParleyDatabase.inMemory()
            try imported(text, format, into: copy)
            #expect(try exported(copy, .yaml) == Self.everyField, "\(format): a copy made from the export")
            #expect(try copy.statements.list(all).map(StatementRecord.comparable) == original.statements.list(all).map(StatementRecord.comparable))
        }
        // JSON Lines carries statements only, each with its sources whole.
        let copy = try ParleyDatabase.inMemory()
        try imported(try exported(original, .jsonl), .jsonl, into: copy)
        #expect(try Exporter(copy).document(filter: nil).statements == expected.statements, "jsonl: every statement, whole")
        #expect(try Exporter(copy).document(filter: nil).sources == expected.sources, "jsonl: every source, whole")
    }

    @Test("a filtered export holds only what its statements refer to, and imports on its own")
    func filtered() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let filter = StatementFilter(speakers: ["zelensky"])
        let document = try Exporter(parley).document(filter: filter)
        #expect(document.statements?.count == 2)
        #expect(Set(document.actors?.map(\.name) ?? []) == ["Volodymyr Zelenskyy", "Ukraine", "Donald Trump", "Russia", "United States"],
                "speakers, targets and the organizations of their affiliations")
        #expect(Set(document.topics?.compactMap(\.slug) ?? []) == ["ceasefire", "sanctions-on-russia", "russia-ukraine-war"])
        let copy = try ParleyDatabase.inMemory()
        try imported(try exported(parley, .yaml, filter: filter), .yaml, into: copy)
        #expect(try copy.statements.count() == 2)
    }
}

extension StatementRecord {
    /// A statement's content, for comparing two databases.
    static func comparable(_ statement: Statement) -> StatementRecord {
        StatementRecord(statement, embedSources: true)
    }
}

@Suite("Import behaviour")
struct ImportBehaviourTests {
    /// A thousand good JSONL statements with one bad one (line 501, an unknown stance word).
    func feed(badLine: Int? = 501) -> String {
        (1...1000).map { index in
            let stance = index == badLine ? "maybe" : "supports"
            return #"{"speaker": "Speaker \#(index % 7)", "quote": "Statement number \#(index).", "said_on": "2025-05-\#(String(format: "%02d", index % 28 + 1))", "stances": {"ceasefire": "\#(stance)"}, "sources": ["https://example.org/\#(index)"]}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test("one bad record among a thousand writes nothing and names its line and field")
    func oneBadRecord() throws {
        let parley = try ParleyDatabase.inMemory()
        let error = #expect(throws: ParleyError.self) { try imported(feed(), .jsonl, into: parley, origin: "feed.jsonl") }
        #expect(error?.exitCode == 65)
        #expect(error?.description.contains("feed.jsonl, line 501 (statements[501]), stances.ceasefire: unknown stance 'maybe'") == true, "\(String(describing: error))")
        #expect(try parley.status().counts.allSatisfy { $0.count == 0 })
    }

    @Test("problems are listed up to 50, then counted", arguments: [(InterchangeFormat.jsonl, 50), (.jsonl, 51), (.jsonl, 80), (.json, 80)])
    func problemCap(format: InterchangeFormat, bad: Int) throws {
        let parley = try ParleyDatabase.inMemory()
        let records = (1...bad).map { #"{"speaker": "Ada", "quote": "Number \#($0).", "stances": {"ceasefire": "maybe"}}"# }
        let text = format == .jsonl ? records.joined(separator: "\n") + "\n" : "{\"statements\": [\n" + records.joined(separator: ",\n") + "\n]}\n"
        let error = #expect(throws: ParleyError.self) { try imported(text, format, into: parley, origin: "f") }
        guard case .invalidInput(let problems, _)? = error else {
            Issue.record("not invalid input: \(String(describing: error))")
            return
        }
        let shown = min(bad, InputProblem.listLimit)
        #expect(InputProblem.listLimit == 50)
        #expect(problems.count == shown + (bad > shown ? 1 : 0), "\(problems.count) problems")
        #expect(problems.prefix(shown).allSatisfy { $0.message.hasPrefix("unknown stance 'maybe'") })
        if bad > shown {
            #expect(problems.last?.message.hasPrefix("… and ") == true && problems.last?.message.hasSuffix(" more problems") == true, "\(String(describing: problems.last))")
        }
        #expect(try parley.statements.count() == 0)
    }

    @Test("a bad record in CSV and YAML is named by its line", arguments: [
        (InterchangeFormat.csv, "speaker,text,said_on\nPutin,fine,2025\n\"Putin\",\"a quote\nover two lines\",2025\nPutin,bad date,2025-02-30\n", "f.csv, line 5"),
        (.yaml, "statements:\n  - speaker: Putin\n    quote: fine\n  - speaker: Putin\n    quote: bad\n    said_on: 2025-13\n", "f.yaml, line 4 (statements[2])"),
        (.json, "{\"statements\": [\n  {\"speaker\": \"Putin\", \"quote\": \"fine\"},\n  {\"speaker\": \"Putin\",\n   \"quote\": \"bad\", \"said_on\": \"May\"}\n]}", "f.json, line 3 (statements[2])"),
    ])
    func lines(format: InterchangeFormat, text: String, location: String) throws {
        let parley = try ParleyDatabase.inMemory()
        let error = #expect(throws: ParleyError.self) { try imported(text, format, into: parley, origin: "f.\(format.rawValue)") }
        #expect(error?.description.contains(location) == true, "\(String(describing: error))")
        #expect(try parley.statements.count() == 0)
    }

    @Test("importing a good file twice leaves the counts unchanged")
    func twice() throws {
        let parley = try ParleyDatabase.inMemory()
        let first = try imported(feed(badLine: nil), .jsonl, into: parley)
        #expect(first.statements.created == 1000)
        let before = try parley.status().counts.map(\.count)
        let second = try imported(feed(badLine: nil), .jsonl, into: parley)
        #expect(second.statements.unchanged == 1000)
        #expect(second.statements.created == 0 && second.statements.merged == 0)
        #expect(try parley.status().counts.map(\.count) == before)
    }

    @Test("the same quote from a second outlet merges into one statement with two sources")
    func secondOutlet() throws {
        let parley = try ParleyDatabase.inMemory()
        let afp = """
            source: {url: "https://afp.example/1", outlet: AFP, published: 2025-05-20}
            statements:
              - speaker: Mao Ning
                quote: "China supports all efforts aimed at achieving peace."
                stances: {direct-talks: supports}
            """
        let reuters = """
            source: {url: "https://reuters.example/9", outlet: Reuters, published: 2025-05-21}
            statements:
              - speaker: mao ning
                quote: "“China supports all efforts aimed at achieving peace,”"
                stances: {direct-talks: supports}
            """
        try imported(afp, .yaml, into: parley)
        let summary = try imported(reuters, .yaml, into: parley)
        #expect(summary.statements.merged == 1)
        let statements = try parley.statements.list()
        #expect(statements.count == 1)
        #expect(statements[0].sources.map(\.outlet) == ["AFP", "Reuters"])
        let history = try parley.history.list(entity: .statement, id: statements[0].id)
        #expect(history.first?.action == "merge")
    }

    @Test("a record with a known UUID updates that record, and the history keeps the old values")
    func updateByUUID() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let corrected = """
            statements:
              - uuid: 5eed0004-0000-4000-8000-000000000008
                speaker: Donald Trump
                said_on: 2025-05-19
                medium: Truth Social post
                quote: Russia and Ukraine will immediately start negotiations toward a Ceasefire and, more importantly, an END to the War.
                stances: {ceasefire: supports, direct-talks: supports}
            """
        let summary = try imported(corrected, .yaml, into: parley)
        #expect(summary.statements.merged == 1)
        let statement = try parley.statements.resolve("5eed0004-0000-4000-8000-000000000008")
        #expect(statement.saidOn?.description == "2025-05-19")
        #expect(statement.sources.count == 1, "an import never removes a source")
        let entry = try #require(parley.history.list(entity: .statement, id: statement.id).first)
        #expect(entry.oldValues?.contains("\"said_on\":null") == true)
        #expect(entry.newValues?.contains("\"said_on\":\"2025-05-19\"") == true)
        let again = try imported(corrected, .yaml, into: parley)
        #expect(again.statements.unchanged == 1)
    }

    @Test("a dry run counts and writes nothing")
    func dryRun() throws {
        let parley = try ParleyDatabase.inMemory()
        let summary = try imported(feed(badLine: nil), .jsonl, into: parley, options: ImportOptions(dryRun: true))
        #expect(summary.dryRun)
        #expect(summary.statements.created == 1000)
        #expect(summary.createdActorNames.count == 7)
        #expect(try parley.statements.count() == 0)
    }

    @Test("another analyst's database merges by UUID")
    func databaseMerge() throws {
        let directory = NSTemporaryDirectory() + "parley-merge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let anna = try ParleyDatabase.open(path: directory + "/anna.sqlite", access: .write)
        try Importer(anna).run(SampleData.document(), origin: "sample")
        try anna.statements.add(NewStatement(speaker: "putin", text: "Only Anna logged this.", uuid: "aaaaaaaa-0000-4000-8000-000000000001"))
        let mine = try ParleyDatabase.inMemory()
        try Importer(mine).run(SampleData.document(), origin: "sample")
        try mine.statements.add(NewStatement(speaker: "zelensky", text: "Only I logged this."))
        let document = try ParleyDatabase.reading(path: anna.path) { try Exporter($0).document(filter: nil) }
        let summary = try Importer(mine).run(document, origin: "anna.sqlite")
        #expect(summary.statements.created == 1)
        #expect(summary.statements.unchanged == 10)
        #expect(try mine.statements.count() == 12)
    }

    @Test("malformed files are invalid input, never a crash", arguments: [
        ("{\"statements\": [", InterchangeFormat.json), ("statements: [ {speaker: ", .yaml), ("{not json}\n", .jsonl),
        ("statements:\n  - speaker: x\n    speaker: y\n    quote: dup\n", .yaml), ("speaker,text\n\"unclosed,quote\n", .csv),
        ("nope,columns\n1,2\n", .csv), ("", .csv), ("statements: 5", .yaml), ("[1, 2]", .json),
        ("{\"statements\": [{\"speaker\": 5, \"quote\": \"x\"}]}", .json),
    ])
    func malformed(text: String, format: InterchangeFormat) throws {
        let parley = try ParleyDatabase.inMemory()
        let error = #expect(throws: ParleyError.self) { try imported(text, format, into: parley, origin: "bad") }
        #expect(error?.exitCode == 65)
        #expect(try parley.statements.count() == 0)
    }

    @Test("invalid UTF-8 and NUL bytes are named by their line")
    func bytes() throws {
        var data = Data("statements:\n  - speaker: x\n".utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        let error = #expect(throws: ParleyError.self) { try InterchangeReader.read(data, format: .yaml, origin: "b.yaml") }
        #expect(error?.description.contains("b.yaml, line 3") == true, "\(String(describing: error))")
        let nul = #expect(throws: ParleyError.self) { try InterchangeReader.read(Data("a\nb\u{0}".utf8), format: .yaml, origin: "n.yaml") }
        #expect(nul?.description.contains("n.yaml, line 2") == true)
    }

    @Test("CSV neutralises formulas on export and restores them on import")
    func csvFormulas() throws {
        let parley = try ParleyDatabase.inMemory()
        try parley.actors.add(NewActor(name: "Putin"))
        for text in ["=HYPERLINK(\"http://x\")", "'already quoted", "-2+3", "+cmd|' /C calc'!A0", "@SUM(A1)"] {
            try parley.statements.add(NewStatement(speaker: "Putin", text: text))
        }
        let csv = try exported(parley, .csv)
        #expect(csv.contains(#","'=HYPERLINK(""http://x"")","#))
        #expect(!csv.contains(#","=HYPERLINK"#))
        let copy = try ParleyDatabase.inMemory()
        try imported(csv, .csv, into: copy)
        #expect(try copy.statements.list().map(\.text) == parley.statements.list().map(\.text))
    }
}
