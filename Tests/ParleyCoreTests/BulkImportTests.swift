import Foundation
@testable import ParleyCore
import ParleySQLite
import Testing

/// JSON Lines imports are streamed (read ahead on another thread) and index text for search in
/// batches, with the schema's insert trigger dropped for the run: these tests hold them to the
/// same outcome as one statement at a time.
@Suite("Bulk import")
struct BulkImportTests {
    /// Imports JSON Lines the way `parley import file.jsonl` does, in batches of `batch`.
    @discardableResult
    func importLines(_ text: String, into parley: ParleyDatabase, batch: Int = 7, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        var importer = Importer(parley)
        importer.textIndexBatchSize = batch
        return try importer.run(inputs: [.jsonLines(JSONLinesReader(Data(text.utf8), origin: "lines.jsonl"))], options: options)
    }

    func lines(_ count: Int, from first: Int = 0, text: (Int) -> String = { "Statement number \($0) about the ceasefire" }) -> String {
        (first..<(first + count)).map { #"{"speaker": "Speaker \#($0 % 5)", "quote": "\#(text($0))", "said_on": "2025-05-\#(String(format: "%02d", $0 % 28 + 1))"}"# }
            .joined(separator: "\n") + "\n"
    }

    func triggers(_ parley: ParleyDatabase) throws -> [String] {
        try parley.db.map("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name") { try $0[0] }
    }

    /// FTS5's own check that the index holds exactly what the statement table holds.
    func checkIndex(_ parley: ParleyDatabase) throws {
        try parley.db.execute("INSERT INTO statement_fts (statement_fts) VALUES ('integrity-check')")
    }

    func found(_ query: String, in parley: ParleyDatabase) throws -> Int {
        var count = 0
        try parley.statements.search(query) { _ in count += 1 }
        return count
    }

    @Test("every statement of a streamed import can be found, across several batches, and the trigger is back")
    func batches() throws {
        let parley = try ParleyDatabase.inMemory()
        let before = try triggers(parley)
        let summary = try importLines(lines(50), into: parley)
        #expect(summary.statements.created == 50)
        #expect(try triggers(parley) == before)
        try checkIndex(parley)
        #expect(try found("ceasefire", in: parley) == 50)
        // Later statements are indexed by the trigger again, one at a time.
        try parley.statements.add(NewStatement(speaker: "Speaker 1", text: "A later word: armistice"))
        #expect(try found("armistice", in: parley) == 1)
        try checkIndex(parley)
    }

    @Test("a statement created and then changed in the same import is indexed with its final text")
    func editInSameImport() throws {
        let parley = try ParleyDatabase.inMemory()
        let uuid = "0b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d"
        let text = """
            {"uuid": "\(uuid)", "speaker": "Ada", "quote": "first words about mediation"}
            {"speaker": "Ada", "quote": "something else"}
            {"uuid": "\(uuid)", "speaker": "Ada", "quote": "second words about sanctions"}

            """
        try importLines(text, into: parley, batch: 1000)
        try checkIndex(parley)
        #expect(try found("mediation", in: parley) == 0)
        #expect(try found("sanctions", in: parley) == 1)
    }

    @Test("a file that fails late leaves the database, its index and its triggers as they were")
    func failureLate() throws {
        let parley = try ParleyDatabase.inMemory()
        try importLines(lines(10), into: parley)
        let before = try exported(parley, .json)
        let triggersBefore = try triggers(parley)
        // A bad record far past the first batch, read ahead on the other thread.
        let bad = lines(2_000, from: 10) + #"{"speaker": "Ada", "quote": "x", "said_on": "2025-13-01"}"# + "\n" + lines(5, from: 3_000)
        #expect {
            try importLines(bad, into: parley)
        } throws: { error in
            "\(error)".contains("lines.jsonl, line 2001 (statements[2001])") && "\(error)".contains("said_on")
        }
        // A byte that is not UTF-8 is thrown by the reading thread after the lines before it.
        var broken = Data(lines(600, from: 10).utf8)
        broken.append(contentsOf: [0xFF, 0x0A])
        #expect {
            var importer = Importer(parley)
            importer.textIndexBatchSize = 7
            try importer.run(inputs: [.jsonLines(JSONLinesReader(broken, origin: "broken.jsonl"))])
        } throws: { error in
            "\(error)".contains("broken.jsonl, line 601") && "\(error)".contains("not valid UTF-8")
        }
        #expect(try exported(parley, .json) == before)
        #expect(try triggers(parley) == triggersBefore)
        try checkIndex(parley)
    }

    @Test("a dry run of a streamed file writes nothing and keeps the trigger")
    func dryRun() throws {
        let parley = try ParleyDatabase.inMemory()
        let before = try triggers(parley)
        let summary = try importLines(lines(30), into: parley, options: ImportOptions(dryRun: true))
        #expect(summary.dryRun && summary.statements.created == 30)
        #expect(try parley.statements.count() == 0)
        #expect(try triggers(parley) == before)
        try checkIndex(parley)
    }

    @Test("an import that credits sources to statements moves their first reports, its stances copy their statements, and the copy triggers come back")
    func storedCopiesWithoutTheirTriggers() throws {
        let parley = try ParleyDatabase.inMemory()
        let ada = "1a7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d", ben = "2b7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d"
        try importLines("""
            {"uuid": "\(ada)", "speaker": "Ada", "quote": "We back the ceasefire", "stances": {"ceasefire": "supports"}, "sources": [{"url": "https://a.example/1", "published": "2025-03-10"}]}

            """, into: parley)
        let before = try triggers(parley)
        let summary = try importLines("""
            {"uuid": "\(ada)", "speaker": "Ada", "quote": "We back the ceasefire", "sources": [{"url": "https://b.example/2", "published": "2025-03-01"}]}
            {"uuid": "\(ben)", "speaker": "Ben", "quote": "No ceasefire yet", "stances": {"ceasefire": "opposes"}, "sources": [{"url": "https://c.example/3", "published": "2025-04-01"}]}
            {"speaker": "Ben", "quote": "No ceasefire yet", "sources": [{"url": "https://d.example/4", "published": "2025-02-01"}, {"url": "https://e.example/5", "published": "2025-05-01"}]}
            {"speaker": "Cy", "quote": "Talks first", "stances": {"ceasefire": "conditional"}, "sources": [{"url": "https://a.example/1"}, {"url": "https://e.example/5"}]}

            """, into: parley)
        #expect(summary.statements.created == 2 && summary.statements.merged == 2, "\(summary)")
        func firstReport(_ speaker: String) throws -> String? {
            try parley.db.scalar("SELECT s.reported_on FROM statement s JOIN actor a ON a.id = s.speaker_id WHERE a.name = ?", [speaker])
        }
        // An earlier source moves the date back; a later one leaves it; a new statement takes its earliest.
        #expect(try firstReport("Ada") == "2025-03-01")
        #expect(try firstReport("Ben") == "2025-02-01")
        #expect(try firstReport("Cy") == "2025-03-10")
        let stanceDates: [String] = try parley.db.map("SELECT effective_on FROM stance ORDER BY effective_on") { try $0[0] }
        #expect(stanceDates == ["2025-02-01", "2025-03-01", "2025-03-10"])
        let check = try parley.check()
        #expect(check.storedCopyProblems.isEmpty && check.schemaProblems.isEmpty, "\(check.allProblems)")
        #expect(try triggers(parley) == before)
        // Back in place, the triggers keep the copies for a writer that is not Parley.
        try parley.db.execute("INSERT INTO source (uuid, url, published_on) VALUES ('3c7a3c1e-5d2f-4a8b-9c6d-1e2f3a4b5c6d', 'https://f.example/6', '2025-01-01')")
        try parley.db.execute("""
            INSERT INTO statement_source (statement_id, source_id)
            SELECT s.id, last_insert_rowid() FROM statement s JOIN actor a ON a.id = s.speaker_id WHERE a.name = 'Cy'
            """)
        #expect(try firstReport("Cy") == "2025-01-01")
        #expect(try parley.check().storedCopyProblems.isEmpty)
    }

    @Test("the stances an import writes copy their statement's speaker, said-on or first-report date, and retraction")
    func stanceCopiesOfNewStatements() throws {
        let parley = try ParleyDatabase.inMemory()
        try importLines("""
            {"speaker": "Ada", "quote": "Said on a day", "said_on": "2025-03-04", "stances": {"ceasefire": "supports", "talks": "opposes"}, "sources": [{"url": "https://a.example/1", "published": "2025-03-10"}]}
            {"speaker": "Ben", "quote": "Only reported", "stances": {"ceasefire": "opposes"}, "sources": [{"url": "https://b.example/2", "published": "2025-02"}]}
            {"speaker": "Cy", "quote": "Taken back", "said_on": "2024", "stances": {"talks": "supports"}, "retracted": {"at": "2025-01-01T00:00:00Z", "reason": "misquoted"}}
            {"speaker": "Dee", "quote": "No date at all", "stances": {"talks": "neutral"}}

            """, into: parley)
        let rows: [String] = try parley.db.map("""
            SELECT a.name || ' ' || t.slug || ' ' || coalesce(st.effective_on, '-') || ' ' || st.retracted
            FROM stance st JOIN actor a ON a.id = st.speaker_id JOIN topic t ON t.id = st.topic_id ORDER BY a.name, t.slug
            """) { try $0[0] }
        #expect(rows == ["Ada ceasefire 2025-03-04 0", "Ada talks 2025-03-04 0", "Ben ceasefire 2025-02 0", "Cy talks 2024 1", "Dee talks - 0"])
        #expect(try parley.check().storedCopyProblems.isEmpty)
    }

    @Test("a bulk write sets aside exactly the insert triggers it keeps the work of, found by what they do")
    func setAsideTriggers() throws {
        let parley = try ParleyDatabase.inMemory()
        let all = try triggers(parley)
        try parley.db.execute("SAVEPOINT probe")
        let copies = try SetAsideTriggers(parley.db, .storedCopies)
        let textIndex = try SetAsideTriggers(parley.db, .textIndex)
        #expect(Set(all).subtracting(try triggers(parley)) == ["stance_copies_after_insert", "statement_reported_on_after_source_insert", "statement_fts_after_insert"])
        try copies.restore(parley.db)
        try textIndex.restore(parley.db)
        try parley.db.execute("RELEASE probe")
        #expect(try triggers(parley) == all)
        #expect(try parley.check().schemaProblems.isEmpty)
        // An import runs without them (seen from its progress, inside its transaction), and they are back after it.
        var during: [String] = []
        var importer = Importer(parley)
        importer.textIndexBatchSize = 7
        try importer.run(inputs: [.jsonLines(JSONLinesReader(Data(lines(1_000).utf8), origin: "lines.jsonl"))]) { _ in
            if during.isEmpty { during = (try? self.triggers(parley)) ?? [] }
        }
        #expect(Set(all).subtracting(during) == ["stance_copies_after_insert", "statement_reported_on_after_source_insert", "statement_fts_after_insert"])
        #expect(try triggers(parley) == all)
    }

    @Test("a read error part way through a file is named, after the last line read, and nothing is written")
    func readErrorMidway() throws {
        let parley = try ParleyDatabase.inMemory()
        struct DiskFailure: Error {}
        // Three whole lines, then the disk fails.
        let pieces = Pieces(Array(lines(3).utf8), size: 1 << 20)
        let reader = JSONLinesReader(origin: "feed.jsonl") {
            guard let piece = pieces.next() else { throw DiskFailure() }
            return piece
        }
        do {
            try Importer(parley).run(inputs: [.jsonLines(reader)])
            Issue.record("the import went through")
        } catch ParleyError.invalidInput(let problems, _) {
            #expect(problems.map(\.location) == ["feed.jsonl"])
            #expect(problems.first?.message.hasPrefix("cannot read the file after line 3: ") == true, "\(problems)")
        }
        #expect(try parley.statements.count() == 0)
    }

    @Test("the reader reads a file in pieces: lines split across pieces, a byte-order mark, no final newline")
    func pieces() throws {
        let text = "\u{FEFF}" + lines(40).trimmingCharacters(in: .newlines)
        let bytes = Array(text.utf8)
        for size in [1, 7, 64, bytes.count] {
            let pieces = Pieces(bytes, size: size)
            var reader = JSONLinesReader(origin: "pieces") { pieces.next() }
            var records: [Int] = []
            while let item = try reader.next() {
                guard case .record(_, let line) = item else { Issue.record("unexpected \(item)"); continue }
                records.append(line)
            }
            #expect(records == Array(1...40), "in pieces of \(size) bytes")
        }
    }
}

/// Hands out bytes a few at a time.
private final class Pieces: @unchecked Sendable {
    private var rest: ArraySlice<UInt8>
    private let size: Int
    init(_ bytes: [UInt8], size: Int) { rest = bytes[...]; self.size = size }
    func next() -> Data? {
        guard !rest.isEmpty else { return nil }
        defer { rest = rest.dropFirst(size) }
        return Data(rest.prefix(size))
    }
}
