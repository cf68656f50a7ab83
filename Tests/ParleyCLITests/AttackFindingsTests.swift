import Foundation
import ParleyCLI
import ParleyCore
import ParleySQLite
import Testing

/// What an attack on the release binary found (issue #12), each as the command that showed it.
/// (`--output` has its own suite: `OutputSafetyTests`.)
@Suite("Attack findings")
struct AttackFindingsTests {
    /// Any scalar a terminal would act on: C0/C1 controls but line feed and tab, DEL, the line
    /// and paragraph separators, bidi marks, embeddings, overrides and isolates.
    static func terminalControls(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
    }

    @Test("a Markdown report links only http(s) URLs, in the <…> form, and a crafted URL cannot make a javascript: link")
    func markdownLinks() throws {
        let db = try TemporaryDatabase()
        let hostile = "http://a[b](javascript:alert%281%29"
        #expect(db.run(["actor", "add", "Mal"]).code == 0)
        #expect(db.run(["topic", "add", "ceasefire"]).code == 0)
        #expect(db.run(["source", "add", hostile, "--outlet", "Evil [x](javascript:alert(2)) & Co"]).code == 0)
        #expect(db.run(["source", "add", "javascript:alert(3)", "--outlet", "Script"]).code == 0)
        #expect(db.run(["add", "--speaker", "Mal", "--quote", "A [link](javascript:alert(4)) and <b>tags</b>", "--source", hostile,
                        "--source", "javascript:alert(3)", "--stance", "ceasefire=supports"]).code == 0)
        let result = db.run(["report", "--topic", "ceasefire"])
        #expect(result.code == 0, "\(result.stderr)")
        let markdown = result.stdout
        #expect(markdown.contains("](<http://a%5Bb%5D%28javascript:alert%281%29>)"))
        #expect(markdown.contains("\\[link\\](javascript:alert(4)) and \\<b\\>tags\\</b\\>"), "stored text is escaped")
        #expect(markdown.contains("Evil \\[x\\](javascript:alert(2)) \\& Co"))
        // Every link in the document (a `](` whose `]` is not escaped) is an http(s) link in angle brackets.
        let destinations = Self.linkDestinations(markdown)
        #expect(destinations.count == 1, "\(destinations)")
        for destination in destinations {
            #expect(destination.hasPrefix("<http://") || destination.hasPrefix("<https://"), "\(destination)")
        }
    }

    /// What follows each unescaped `](` up to the next `)` or line end.
    static func linkDestinations(_ markdown: String) -> [String] {
        let characters = Array(markdown)
        var found: [String] = []
        for index in characters.indices.dropLast() where characters[index] == "]" && characters[index + 1] == "(" {
            guard index == 0 || characters[index - 1] != "\\" else { continue }
            found.append(String(characters[(index + 2)...].prefix { $0 != ")" && $0 != "\n" }))
        }
        return found
    }

    @Test("stored names never reach standard error raw: the did-you-mean line, added lines, import problems")
    func standardError() throws {
        let db = try TemporaryDatabase()
        let name = "Mal\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{2028}\u{202E}x"
        var result = db.run(["actor", "add", name])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("added actor 1: Mal"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "added line: \(result.stderr.debugDescription)")

        result = db.run(["add", "--speaker", "al", "--quote", "hello"])
        #expect(result.code == 1)
        #expect(result.stderr.contains("did you mean"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "did-you-mean: \(result.stderr.debugDescription)")

        let document = #"{"statements": [{"speaker": "Mal\u001b]0;PWNED\u0007", "quote": "x", "stances": {"t\u001b[2J": "maybe"}}]}"#
        result = db.run(["import", "-", "--format", "json"], input: document)
        #expect(result.code == 65)
        #expect(result.stderr.contains("unknown stance 'maybe'"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "import problems: \(result.stderr.debugDescription)")
    }

    @Test("on a terminal, U+2028, U+2029 and bidi marks in stored text do not reach standard output")
    func separatorsOnStandardOutput() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["actor", "add", "Mal"]).code == 0)
        #expect(db.run(["add", "--speaker", "Mal", "--quote", "one\u{2028}two\u{2029}three\u{200F}four\u{061C}"]).code == 0)
        for command in [["statement", "list"], ["statement", "show", "1"], ["timeline"]] {
            let capture = CapturedConsole()
            let code = Console.$current.withValue(capture.console(width: 100, isTerminal: true)) {
                ParleyCommand.run(arguments: command + ["--db", db.path])
            }
            #expect(code == 0)
            #expect(capture.stdout.contains("one"))
            #expect(Self.terminalControls(in: capture.stdout).isEmpty, "\(command): \(capture.stdout.debugDescription)")
        }
    }
}

@Suite("Attack findings: files", .serialized)
struct AttackFileTests {
    static let fixture = schema1Fixture

    @Test("read commands refuse an empty file and leave it empty: no schema, no journal")
    func emptyFileStaysEmpty() throws {
        let directory = try newDirectory("empty")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = directory + "/empty.sqlite"
        let file = directory + "/a.yaml"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("statements: []\n".utf8)))
        let reads: [[String]] = [["db", "status"], ["db", "check"], ["timeline"], ["search", "x"], ["export"], ["report"],
                                 ["stances"], ["shifts"], ["history"], ["statement", "list"], ["actor", "list"], ["import", file, "--dry-run"]]
        for command in reads {
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            let result = parley(command + ["--db", empty])
            #expect(result.code == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("is empty, not a Parley database; nothing was changed"), "\(command): \(result.stderr)")
            #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0, "\(command) wrote into the file")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.yaml", "empty.sqlite"], "\(command) left files")
        }
        // A write command still creates the schema in it.
        #expect(parley(["actor", "add", "Someone", "--db", empty]).code == 0)
    }

    @Test("a backup killed at any moment leaves no file under its name, or a whole checked one")
    func interruptedBackup() throws {
        let directory = try newDirectory("backup-kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.sqlite", corpus = directory + "/corpus.jsonl"
        #expect(try runParley(["generate-corpus", "--statements", "3000", "--actors", "60", "--topics", "12", "--output", corpus]).code == 0)
        #expect(try runParley(["import", corpus, "--db", source]).code == 0)
        let started = Date()
        #expect(try runParley(["db", "backup", directory + "/timed.sqlite", "--db", source]).code == 0)
        let duration = Date().timeIntervalSince(started)
        var outcomes = (absent: 0, whole: 0)
        for trial in 0..<12 {
            let target = directory + "/b\(trial).sqlite"
            // From at once to past the end of a whole backup.
            try killParley(["db", "backup", target, "--db", source], after: Double(trial) / 8 * duration)
            if FileManager.default.fileExists(atPath: target) {
                try expectHealthy(target)
                #expect(try ParleyDatabase.open(path: target, access: .read).statements.count(StatementFilter(includeRetracted: true)) == 3000)
                outcomes.whole += 1
            } else {
                outcomes.absent += 1
            }
        }
        // Whatever was left half-written carries the partial suffix, never a database's name.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        #expect(left.allSatisfy { $0.contains(PartialFile.suffix) }, "\(left)")
        reportFigure("interrupted backup: 12 backups of 3,000 statements killed with SIGKILL over \(Int(duration * 1000)) ms (\(outcomes.absent) left nothing under the name, \(outcomes.whole) a whole checked copy, \(left.count) partial files)")
    }

    @Test("an older Parley database imports: the schema-1 fixture and a current one")
    func importOlderDatabase() throws {
        let db = try TemporaryDatabase()
        let copy = db.directory + "/v1.sqlite"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        var result = db.run(["import", copy])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("statements  10 created"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before, "the imported file is not changed")
        let current = db.directory + "/current.sqlite"
        #expect(parley(["demo", "--db", current]).code == 0)
        result = db.run(["import", current])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("statements  0 created, 0 merged, 10 unchanged"), "\(result.stdout)")
        #expect(try db.counts()["statements"] == 10)
    }
}

@Suite("Attack findings: misleading errors")
struct AttackErrorTests {
    @Test("--db \"\" is a usage error, not the default database")
    func emptyDatabaseOption() throws {
        let db = try TemporaryDatabase()
        let result = parley(["actor", "add", "Someone", "--db", ""], environment: ["PARLEY_DB": db.path])
        #expect(result.code == 64)
        #expect(result.stderr.contains("--db needs the path of a database file"))
        #expect(!FileManager.default.fileExists(atPath: db.path), "nothing was written to the default database")
    }

    @Test("a database with an interrupted write is named as such when read-only reading cannot undo it, not as a permissions problem")
    func hotJournal() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        // A hot journal: the file and its journal copied while a write that spilled to the file is open.
        let hot = db.directory + "/hot.sqlite"
        do {
            let writer = try Database(path: db.path)
            try writer.execute("PRAGMA journal_mode = DELETE")
            try writer.execute("PRAGMA cache_size = 1")
            try writer.execute("BEGIN")
            try writer.execute("UPDATE statement SET note = hex(randomblob(3000))")
            try FileManager.default.copyItem(atPath: db.path, toPath: hot)
            try FileManager.default.copyItem(atPath: db.path + "-journal", toPath: hot + "-journal")
            try writer.execute("ROLLBACK")
        }
        let target = try TemporaryDatabase()
        let refused = target.run(["import", hot])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("\(hot) holds an interrupted write (\(hot)-journal)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("permissions"))
        #expect(FileManager.default.fileExists(atPath: hot + "-journal"), "the file to import is left as it was")
        // As the message says: opened once with write access, the write is undone, and it imports.
        #expect(parley(["db", "status", "--db", hot]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: hot + "-journal"))
        #expect(target.run(["import", hot]).code == 0)
        #expect(try target.counts()["statements"] == 10)
    }

    @Test("a device or FIFO given as --db is refused, and no journal is left beside it")
    func deviceAsDatabase() throws {
        let directory = try TemporaryDatabase()
        let fifo = directory.directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, what) in [("/dev/null", "a character device"), (fifo, "a named pipe (FIFO)")] {
            // (A journal an older parley left there cannot be told from a new one.)
            let leftBefore = ["-journal", "-wal", "-shm"].filter { FileManager.default.fileExists(atPath: path + $0) }
            for command in [["db", "status"], ["actor", "list"], ["actor", "add", "Someone"]] {
                let result = parley(command + ["--db", path])
                #expect(result.code == 1, "\(command) \(path)")
                #expect(result.stderr == "error: \(path) is \(what), not a database file; nothing was changed. Give the path of a database file with --db.\n")
                for suffix in ["-journal", "-wal", "-shm"] where !leftBefore.contains(suffix) {
                    #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(command) left \(path + suffix)")
                }
            }
        }
    }

    @Test("an object of 300,000 keys and a search of 20,000 words are refused, not worked through")
    func slowInputs() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let keys = (0..<300_000).map { "\"k\($0)\": 1" }.joined(separator: ", ")
        var result = db.run(["import", "-", "--format", "json"], input: "{\"statements\": [{\"speaker\": \"x\", \"quote\": \"y\", \"stances\": {\(keys)}}]}")
        #expect(result.code == 65)
        #expect(result.stderr.contains("standard input, line 1: an object has more than 1000 keys"), "\(result.stderr)")
        let words = (0..<20_000).map { "w\($0)" }.joined(separator: " ")
        result = db.run(["search", words])
        #expect(result.code == 65)
        #expect(result.stderr.contains("the query has more than 64 words"), "\(result.stderr)")
        result = db.run(["search", "--raw", String(repeating: "a OR ", count: 1_000) + "a"])
        #expect(result.code == 65)
        #expect(result.stderr.contains("a --raw query takes at most 2000"), "\(result.stderr)")
        // At the limits, both still work.
        #expect(db.run(["search", (0..<64).map { _ in "ceasefire" }.joined(separator: " ")]).code == 0)
        let stances = (0..<1_000).map { "\"t\($0)\": \"supports\"" }.joined(separator: ", ")
        result = db.run(["import", "-", "--format", "json", "--dry-run"], input: "{\"statements\": [{\"speaker\": \"Mao Ning\", \"quote\": \"y\", \"stances\": {\(stances)}}]}")
        #expect(result.code == 0, "\(result.stderr)")
    }

    @Test("every error FTS5 gives for a --raw query is invalid input (65), not a database problem")
    func rawQueryErrors() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        for query in ["nosuchcolumn: ceasefire", "ceasefire AND", "NEAR(ceasefire talks, x)", "\"unterminated"] {
            let result = db.run(["search", "--raw", query])
            #expect(result.code == 65, "\(query): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: query: the FTS5 query"), "\(query): \(result.stderr)")
        }
    }

    @Test("NUL written as an escape, and actors', topics' and sources' fields over their limits, are refused naming the field")
    func fieldChecks() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = db.run(["export"]).stdout
        let cases: [(format: String, document: String, expected: String)] = [
            ("json", #"{"statements": [{"speaker": "Mao Ning", "quote": "a\u0000b"}]}"#, "(statements[1]), quote: a NUL character; text cannot hold one"),
            ("yaml", "statements:\n  - speaker: Mao Ning\n    quote: \"a\\0b\"\n", "(statements[1]), quote: a NUL character"),
            ("json", #"{"actors": [{"name": "X", "description": "\#(String(repeating: "d", count: 100_001))"}]}"#,
             "(actors[1]), description: 100001 characters; the limit is 100000"),
            ("json", #"{"sources": [{"url": "https://example.org/\#(String(repeating: "u", count: 8_200))"}]}"#,
             "(sources[1]), url: 8220 characters; the limit is 8192"),
            ("json", #"{"topics": [{"slug": "t", "title": "\#(String(repeating: "t", count: 2_001))"}]}"#,
             "(topics[1]), title: 2001 characters; the limit is 2000"),
            ("json", #"{"source": {"url": "https://example.org/a", "outlet": "o\u0000"}, "statements": [{"speaker": "Mao Ning", "quote": "q"}]}"#,
             "source, outlet: a NUL character; text cannot hold one"),
        ]
        for (format, document, expected) in cases {
            let result = db.run(["import", "-", "--format", format], input: document)
            #expect(result.code == 65, "\(expected): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr.prefix(300))")
        }
        #expect(db.run(["export"]).stdout == before)
        // At the limit, accepted.
        let url = "https://example.org/" + String(repeating: "u", count: 8_192 - 20)
        #expect(db.run(["import", "-", "--format", "json"], input: #"{"sources": [{"url": "\#(url)"}]}"#).code == 0)
    }

    @Test("a leftover .parley-partial file is refused by import, naming what it is")
    func partialFileRefused() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let partial = db.directory + "/.export.yaml.ab12cd\(PartialFile.suffix)"
        #expect(db.run(["export", "--output", db.directory + "/export.yaml"]).code == 0)
        try FileManager.default.copyItem(atPath: db.directory + "/export.yaml", toPath: partial)
        let result = db.run(["import", partial, "--format", "yaml"])
        #expect(result.code == 65)
        #expect(result.stderr.contains("\(partial): this is an output file that was never finished"), "\(result.stderr)")
    }
}

@Suite("Attack findings: hostile databases")
struct HostileDatabaseTests {
    /// The sample, with SQL planted by someone else.
    func plantedDatabase(_ sql: String) throws -> TemporaryDatabase {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let raw = try Database(path: db.path, mode: .readWrite)
        try raw.executeScript(sql)
        return db
    }

    static let evilTrigger = """
        CREATE TRIGGER evil AFTER INSERT ON statement BEGIN
            UPDATE actor SET name = 'PWNED';
            DELETE FROM actor_alias;
            DELETE FROM history;
        END;
        """

    @Test("a trigger planted in --db runs nothing: writes are refused naming it, and db check lists it")
    func plantedTrigger() throws {
        let db = try plantedDatabase(Self.evilTrigger)
        let before = db.run(["export"]).stdout
        let history = db.run(["history"]).stdout
        let result = db.run(["add", "--speaker", "putin", "--quote", "A new statement."])
        #expect(result.code == 1)
        #expect(result.stderr.contains("has SQL that Parley did not put there: trigger evil is not part of Parley's schema; nothing was run or changed"), "\(result.stderr)")
        #expect(db.run(["export"]).stdout == before, "actors, aliases and statements as they were")
        #expect(db.run(["history"]).stdout == history)
        let check = db.run(["db", "check"])
        #expect(check.code == 1)
        #expect(check.stdout == "schema: trigger evil is not part of Parley's schema\n")
    }

    @Test("one of Parley's own triggers rewritten is found too, and an extra table or view is named by db check")
    func changedTrigger() throws {
        let db = try plantedDatabase("""
            DROP TRIGGER statement_fts_after_insert;
            CREATE TRIGGER statement_fts_after_insert AFTER INSERT ON statement BEGIN DELETE FROM history; END;
            CREATE TABLE stash (x);
            CREATE VIEW loop AS SELECT 1;
            """)
        let check = db.run(["db", "check"])
        #expect(check.code == 1)
        #expect(check.stdout.contains("schema: trigger statement_fts_after_insert differs from Parley's"))
        #expect(check.stdout.contains("schema: table stash is not part of Parley's schema"))
        #expect(check.stdout.contains("schema: view loop is not part of Parley's schema"))
        #expect(db.run(["actor", "add", "Someone"]).code == 1)
    }

    @Test("Litestream's bookkeeping tables are accepted in a replicated file; a trigger given such a name is not")
    func replicatorTables() throws {
        let replicated = try plantedDatabase("""
            CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER);
            CREATE TABLE _litestream_lock (id INTEGER);
            """)
        let check = replicated.run(["db", "check"])
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
        #expect(replicated.run(["actor", "add", "Someone"]).code == 0)
        let planted = try plantedDatabase("""
            CREATE TRIGGER _litestream_seq AFTER INSERT ON actor BEGIN DELETE FROM history; END;
            """)
        #expect(planted.run(["db", "check"]).stdout == "schema: trigger _litestream_seq is not part of Parley's schema\n")
        #expect(planted.run(["actor", "add", "Someone"]).code == 1)
    }

    @Test("importing a database with planted SQL is refused before anything of it runs, and a recursive view cannot hang it")
    func importRefused() throws {
        let planted = try plantedDatabase(Self.evilTrigger + "\nCREATE VIEW spin AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n;")
        let target = try TemporaryDatabase()
        let result = target.run(["import", planted.path])
        #expect(result.code == 1)
        #expect(result.stderr.contains("trigger evil is not part of Parley's schema; view spin is not part of Parley's schema"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing was created")
    }

    @Test("a clean database, new or upgraded from schema 1, passes the schema check")
    func cleanPasses() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        #expect(db.run(["db", "check"]).stdout.hasPrefix("ok: integrity, foreign keys, full-text index, stored copies and schema of"))
        let old = db.directory + "/v1.sqlite"
        try FileManager.default.copyItem(atPath: AttackFileTests.fixture, toPath: old)
        #expect(parley(["actor", "add", "Someone", "--db", old]).code == 0, "the upgraded file's triggers are Parley's")
        #expect(parley(["db", "check", "--db", old]).code == 0)
    }
}

@Suite("Attack findings: endless input")
struct EndlessInputTests {
    /// Runs the binary with standard input from `/dev/zero` (or `/dev/urandom`).
    func run(_ arguments: [String], stdin: String = "/dev/zero") throws -> (code: Int32, stderr: String) {
        let process = Process()
        process.executableURL = try BinaryTests.binary()
        process.arguments = arguments
        let err = Pipe()
        process.standardInput = FileHandle(forReadingAtPath: stdin)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test("input that never ends is refused while it is read: import, add --quote -, extract, a JSON Lines file with no line break")
    func endless() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        var result = try run(["import", "-", "--db", db.path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("standard input, line 1: a NUL byte (byte 1): this is not a text file"), "\(result.stderr)")
        result = try run(["import", "-", "--db", db.path], stdin: "/dev/urandom")
        #expect(result.code == 65, "\(result.stderr)")
        result = try run(["import", "/dev/zero", "--format", "jsonl", "--db", db.path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("/dev/zero: line 1 is longer than 16 MB"), "\(result.stderr)")
        result = try run(["import", "/dev/zero", "--format", "json", "--db", db.path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("/dev/zero, line 1: a NUL byte (byte 1)"), "\(result.stderr)")
        result = try run(["add", "--speaker", "putin", "--quote", "-", "--db", db.path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("larger than 4 MB"), "\(result.stderr)")
        result = try run(["extract", "-", "--db", db.path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("larger than 16 MB"), "\(result.stderr)")
        #expect(try db.counts()["statements"] == 10)
    }

    @Test("a sparse file larger than a document can be is refused by its size, before a byte is read")
    func sparseFile() throws {
        let db = try TemporaryDatabase()
        let big = db.directory + "/big.json"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, off_t(BoundedInput.maximumDocumentBytes) + 1) == 0)
        let result = db.run(["import", big])
        #expect(result.code == 65)
        #expect(result.stderr.contains("\(big): a document larger than 1024 MB; import a collection that large as JSON Lines"), "\(result.stderr)")
    }
}

@Suite("Attack findings: input checks")
struct InputCheckTests {
    @Test("a CSV cut off inside a quoted field is refused, naming the line the field opened on")
    func cutCSV() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let csv = db.run(["export", "--format", "csv"]).stdout
        // Cut inside the quoted text of the last statement (Zelenskyy's long X post).
        let at = try #require(csv.range(of: "It is important not to dilute"))
        let cut = String(csv[..<at.lowerBound])
        let file = db.directory + "/cut.csv"
        try cut.write(toFile: file, atomically: true, encoding: .utf8)
        let result = db.run(["import", file])
        #expect(result.code == 65)
        #expect(result.stderr.contains("\(file): the file ends inside the quoted field opened on line 11"), "\(result.stderr)")
        #expect(try db.counts()["statements"] == 10)
    }

    @Test("a YAML export cut at any line boundary is refused, however much of it is left; the whole file imports")
    func cutYAML() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let yaml = db.run(["export", "--format", "yaml"]).stdout
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count > 100 && lines.first == "counts:" && lines.last == "...")
        let target = try TemporaryDatabase()
        let file = target.directory + "/cut.yaml"
        // From after the first line to just before the end marker: every cut leaves valid YAML.
        for kept in 1..<lines.count {
            try (lines[..<kept].joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let result = target.run(["import", file])
            #expect(result.code == 65, "cut after line \(kept): \(result.stderr)")
            #expect(result.stderr.contains("cut short"), "cut after line \(kept): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target.path), "cut after line \(kept) wrote the database")
        }
        // Whole, with Windows line endings too.
        try yaml.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: file, atomically: true, encoding: .utf8)
        let crlf = target.run(["import", file])
        #expect(crlf.code == 0, "\(crlf.stderr)")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(target.run(["import", file]).code == 0)
        #expect(try target.counts()["statements"] == 10)
    }

    @Test("a mistyped field is refused in YAML, JSON, JSON Lines and CSV, naming its line and the closest right field")
    func unknownFields() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let cases: [(name: String, text: String, message: String)] = [
            ("a.yaml", "statements:\n  - speaker: Mao Ning\n    quote: We support talks.\n    stnaces: {ceasefire: supports}\n",
             "a.yaml, line 4: unknown field 'stnaces' in a statement (did you mean 'stances'?)"),
            ("b.json", "{\"statements\": [{\"speaker\": \"Mao Ning\", \"quote\": \"We support talks.\",\n \"sources\": [{\"url\": \"https://example.org/x\", \"outlte\": \"X\"}]}]}",
             "b.json, line 2: unknown field 'outlte' in a source (did you mean 'outlet'?)"),
            ("c.jsonl", "{\"speaker\": \"Mao Ning\", \"quote\": \"One.\"}\n{\"speaker\": \"Mao Ning\", \"quote\": \"Two.\", \"said_no\": \"2025-05-01\"}\n",
             "c.jsonl, line 2: unknown field 'said_no' in a statement (did you mean 'said_on'?)"),
            ("d.yaml", "actors:\n  - name: Someone New\n    affiliations:\n      - organisation: UN\n",
             "d.yaml, line 4: unknown field 'organisation' in an affiliation (did you mean 'organization'?)"),
            ("e.csv", "speaker,text,stnaces\nMao Ning,We support talks.,ceasefire=supports\n",
             "e.csv, line 1: unknown column(s) stnaces (did you mean 'stances'?)"),
        ]
        for (name, text, message) in cases {
            let file = db.directory + "/" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = db.run(["import", file])
            #expect(result.code == 65, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(try db.counts()["statements"] == 10)
        }
        // The reviewer's notes `extract` writes are read past.
        let file = db.directory + "/extracted.yaml"
        try "statements:\n  - speaker: Mao Ning\n    quote: We support talks.\n    confidence: 0.9\n    rule: X said\n    sentence: s\nunattributed:\n  - quote: q\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = db.run(["import", file])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(try db.counts()["statements"] == 11)
    }

    @Test("each part of a ;-separated CSV cell is neutralised, for spreadsheets that split at ;, and imports back as it was")
    func multiValueCells() throws {
        let db = try TemporaryDatabase()
        for name in ["Mal", "=1+1", "@SUM(A1)", "'t Hooft", "Plain"] {
            #expect(db.run(["actor", "add", name]).code == 0)
        }
        #expect(db.run(["source", "add", "https://example.org/a", "--outlet", "+cmd|' /C calc'!A0"]).code == 0)
        #expect(db.run(["source", "add", "https://example.org/b", "--outlet=-2+3"]).code == 0)
        #expect(db.run(["add", "--speaker", "Mal", "--quote", "Words.", "--about", "=1+1", "--about", "@SUM(A1)", "--about", "'t Hooft",
                        "--about", "Plain", "--source", "https://example.org/a", "--source", "https://example.org/b"]).code == 0)
        for csv in [db.run(["export", "--format", "csv"]).stdout, db.run(["timeline", "--format", "csv"]).stdout] {
            // Read as a spreadsheet set to `;` would (and as one set to `,`): no cell starts a formula.
            for line in csv.split(separator: "\n") {
                for cell in line.split(separator: ";").flatMap({ $0.split(separator: ",") }) {
                    let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell[...]
                    #expect(!(text.first.map { "=+@".contains($0) } ?? false), "\(text) in \(line)")
                    #expect(!text.hasPrefix("-2"), "\(text) in \(line)")
                }
            }
        }
        let csv = db.run(["export", "--format", "csv"]).stdout
        // Targets in name order; the first part is neutralised twice, as a part and as the cell.
        #expect(csv.contains(",'''t Hooft;'=1+1;'@SUM(A1);Plain,"), "\(csv)")
        // (Two sources of the same date come in either order.)
        #expect(csv.contains("'+cmd|' /C calc'!A0") && csv.contains("'-2+3"), "\(csv)")
        // And back: the same targets and outlets, the apostrophe of 't Hooft kept.
        let file = db.directory + "/statements.csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let copy = try TemporaryDatabase()
        #expect(copy.run(["import", file]).code == 0)
        let exported = copy.run(["export", "--format", "jsonl"]).stdout
        #expect(exported.contains(#""targets":["'t Hooft","=1+1","@SUM(A1)","Plain"]"#), "\(exported)")
        #expect(exported.contains(#""outlet":"+cmd|' /C calc'!A0""#) && exported.contains(#""outlet":"-2+3""#), "\(exported)")
    }

    @Test("a command-line argument that is not UTF-8 is refused, not stored with replacement characters")
    func invalidUTF8Argument() throws {
        let db = try TemporaryDatabase()
        let result = try runProcess(URL(fileURLWithPath: "/bin/sh"),
                                    ["-c", "exec \"$0\" actor add \"$(printf 'Bad\\377\\376')\" --db \"$1\"", try BinaryTests.binary().path, db.path])
        #expect(result.code == 65)
        #expect(result.stderr == "error: argument 3 is not UTF-8 text; give it in UTF-8 (`iconv -t UTF-8` converts)\n")
        #expect(!FileManager.default.fileExists(atPath: db.path))
    }
}
