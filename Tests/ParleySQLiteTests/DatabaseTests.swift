import Foundation
@testable import ParleySQLite
import Testing

/// A temporary folder, removed when the test ends.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "parley-sqlite-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

@Suite("Values")
struct ValueTests {
    @Test("every value type round-trips", arguments: [
        SQLiteValue.null, .integer(0), .integer(Int64.min), .integer(Int64.max), .integer(-1),
        .real(0.5), .real(-1e300), .real(Double.leastNonzeroMagnitude),
        .text(""), .text("plain"), .text("Erdoğan — “quoted” 🇺🇦 中文"), .text("nul\u{0}inside"),
        .blob([]), .blob([0, 1, 2, 255]), .blob(Array(repeating: 7, count: 10_000)),
    ])
    func roundTrip(_ value: SQLiteValue) throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t(v)")
        try db.execute("INSERT INTO t(v) VALUES (?)", [value])
        let read: SQLiteValue? = try db.scalar("SELECT v FROM t")
        #expect(read == value)
        let type: String? = try db.scalar("SELECT typeof(v) FROM t")
        let expected: String
        switch value {
        case .null: expected = "null"
        case .integer: expected = "integer"
        case .real: expected = "real"
        case .text: expected = "text"
        case .blob: expected = "blob"
        }
        #expect(type == expected)
    }

    @Test("a larger page cache for a while is put back afterwards, also when the work fails")
    func cacheSizeForAWhile() throws {
        let db = try Database.inMemory()
        let before: Int64? = try db.scalar("PRAGMA cache_size")
        let during = try db.withCacheSize(kibibytes: 65_536) { try db.scalar("PRAGMA cache_size") as Int64? }
        #expect(during == -65_536)
        #expect(try db.scalar("PRAGMA cache_size") as Int64? == before)
        struct Failure: Error {}
        #expect(throws: Failure.self) { try db.withCacheSize(kibibytes: 1024) { throw Failure() } }
        #expect(try db.scalar("PRAGMA cache_size") as Int64? == before)
    }

    @Test("Swift types bind and decode")
    func swiftTypes() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t(i, d, s, b, o, n, bytes)")
        let none: String? = nil
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", [42, 2.5, "text", true, Optional("x"), none, [UInt8]([1, 2])])
        #expect(try db.scalar("SELECT count(*) FROM t") as Int? == 1, "one row to decode, so the checks below run")
        var decoded = 0
        try db.forEach("SELECT i, d, s, b, o, n, bytes FROM t") { row throws in
            decoded += 1
            #expect(try row[0] as Int == 42)
            #expect(try row["d"] as Double == 2.5)
            #expect(try row["s"] as String == "text")
            #expect(try row["b"] as Bool == true)
            #expect(try row["o"] as String? == "x")
            #expect(try row["n"] as String? == nil)
            #expect(try row["bytes"] as [UInt8] == [1, 2])
        }
        #expect(decoded == 1)
    }

    @Test("reading a value as the wrong type throws instead of trapping")
    func typeMismatch() throws {
        let db = try Database.inMemory()
        #expect(throws: SQLiteError.typeMismatch(expected: "integer", found: .text("abc"))) {
            let _: Int? = try db.scalar("SELECT 'abc'")
        }
        #expect(throws: SQLiteError.typeMismatch(expected: "text", found: .null)) {
            let _: String? = try db.first("SELECT NULL") { row in try row[0] as String }
        }
        do {
            try db.forEach("SELECT 1 AS one") { row in _ = try row["two"] as Int }
            Issue.record("expected an error for an unknown column")
        } catch let error as SQLiteError {
            #expect(error == .noSuchColumn("two", sql: "SELECT 1 AS one"))
        }
    }

    @Test("a wrong number of arguments is an error, not a silent NULL")
    func argumentCount() throws {
        let db = try Database.inMemory()
        expectSQLiteError(.range) { try db.execute("SELECT ?, ?", [1]) }
    }
}

@Suite("Errors")
struct ErrorTests {
    @Test("a constraint error carries the extended code, SQLite's message and the SQL")
    func constraintError() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE topic(slug TEXT UNIQUE)")
        try db.execute("INSERT INTO topic(slug) VALUES (?)", ["ceasefire"])
        do {
            try db.execute("INSERT INTO topic(slug) VALUES (?)", ["ceasefire"])
            Issue.record("expected a UNIQUE violation")
        } catch let error as SQLiteError {
            #expect(error.code == .constraintUnique)
            #expect(error.code?.primary == .constraint)
            #expect(error.message.contains("topic.slug"))
            #expect(error.sql == "INSERT INTO topic(slug) VALUES (?)")
            #expect(error.description.contains("while executing \"INSERT INTO topic(slug) VALUES (?)\""))
            #expect(!error.description.contains("ceasefire"), "bound values stay out of messages")
        }
    }

    @Test("catch patterns match primary and extended codes")
    func patterns() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)")
        try db.execute("CREATE TABLE c(p REFERENCES p(id))")
        var matched = ""
        do {
            try db.execute("INSERT INTO c VALUES (99)")
        } catch ResultCode.constraintUnique {
            matched = "unique"
        } catch ResultCode.constraintForeignKey {
            matched = "foreign key"
        }
        #expect(matched == "foreign key", "foreign keys are on")
        expectSQLiteError(.constraint) { try db.execute("INSERT INTO c VALUES (98)") }
    }

    @Test("a syntax error names the statement")
    func syntaxError() throws {
        let db = try Database.inMemory()
        do {
            _ = try db.prepare("SELEKT 1")
            Issue.record("expected a syntax error")
        } catch let error as SQLiteError {
            #expect(error.code == .error)
            #expect(error.sql == "SELEKT 1")
        }
    }

    @Test("prepare refuses several statements; scripts run them one at a time and name the failing one")
    func scripts() throws {
        let db = try Database.inMemory()
        expectSQLiteError(.misuse) { _ = try db.prepare("SELECT 1; SELECT 2") }
        _ = try db.prepare("SELECT 1; -- trailing comment\n")
        try db.executeScript("""
            CREATE TABLE a(x); -- first
            /* a comment */ INSERT INTO a VALUES (1);
            INSERT INTO a VALUES ('two; with a semicolon');
            """)
        #expect(try db.scalar("SELECT count(*) FROM a") == 2)
        do {
            try db.executeScript("INSERT INTO a VALUES (3);\nINSERT INTO missing VALUES (4);\nINSERT INTO a VALUES (5);")
            Issue.record("expected the second statement to fail")
        } catch let error as SQLiteError {
            #expect(error.sql == "INSERT INTO missing VALUES (4);")
            #expect(error.message.contains("missing"))
        }
        #expect(try db.scalar("SELECT count(*) FROM a") == 3, "statements before the failure ran; after it, none")
    }
}

@Suite("Transactions")
struct TransactionTests {
    struct Boom: Error, Equatable {}

    @Test("write commits, and rolls back everything when its body throws, rethrowing the first error")
    func rollback() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t(x)")
        try db.write { db in try db.execute("INSERT INTO t VALUES (1)") }
        #expect(throws: Boom()) {
            try db.write { db in
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT group_concat(x) FROM t") == "1")
        #expect(db.isAutocommit)
    }

    @Test("a SQLite error inside write rolls back what came before it")
    func sqliteErrorRollsBack() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t(x UNIQUE)")
        expectSQLiteError(.constraintUnique) {
            try db.write { db in
                try db.execute("INSERT INTO t VALUES (1)")
                try db.execute("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == 0)
    }

    @Test("a nested write is a savepoint: its failure undoes only itself")
    func nested() throws {
        let db = try Database.inMemory()
        try db.execute("CREATE TABLE t(x)")
        try db.write { db in
            try db.execute("INSERT INTO t VALUES ('outer')")
            #expect(throws: Boom()) {
                try db.write { db in
                    try db.execute("INSERT INTO t VALUES ('inner')")
                    throw Boom()
                }
            }
        }
        #expect(try db.scalar("SELECT group_concat(x) FROM t") == "outer")
    }

    @Test("a connection whose undo step fails refuses all further work, saying why")
    func failedUndo() throws {
        let db = try Database.inMemory()
        let cached = "SELECT 1"
        #expect(try db.scalar(cached) == 1)
        // Outside a transaction ROLLBACK fails: the same failure as an undo on a broken connection.
        db.undo("ROLLBACK")
        for sql in [cached, "SELECT 2"] {
            do {
                _ = try db.scalar(sql) as Int?
                Issue.record("\(sql) ran on a connection that could not undo")
            } catch let error as SQLiteError {
                #expect(error.code == .misuse)
                #expect(error.message.contains("can no longer be used: ROLLBACK failed"), "\(error.message)")
            }
        }
    }

    @Test("the statement cache reuses compiled statements")
    func cache() throws {
        let db = try Database.inMemory()
        let first = try db.cachedStatement("SELECT ?")
        let second = try db.cachedStatement("SELECT ?")
        #expect(first === second)
        #expect(try db.scalar("SELECT ?", [7]) == 7)
        #expect(try db.scalar("SELECT ?", [8]) == 8, "bindings are replaced on reuse")
    }

    @Test("the cache tells apart texts that differ only where its hash does not look")
    func cacheKeys() throws {
        let db = try Database.inMemory()
        // Same length, same first and last 32 bytes: only the middle differs.
        let head = "SELECT 1 AS a, 2 AS b, 3 AS c, 4 AS d, "
        let tail = " AS e, 5 AS f, 6 AS g, 7 AS h, 8 AS i"
        let one = try db.cachedStatement(head + "'one'" + tail)
        let two = try db.cachedStatement(head + "'two'" + tail)
        #expect(one !== two)
        #expect(try db.first(head + "'one'" + tail) { try $0[4] as String } == "one")
        #expect(try db.first(head + "'two'" + tail) { try $0[4] as String } == "two")
        // The same text built again (other storage) is the same statement.
        #expect(try db.cachedStatement(head + "'one'" + tail) === one)
        // Canonically equivalent but different bytes: different statements, each its own text.
        let composed = try db.cachedStatement("SELECT 'caf\u{E9}'")
        let decomposed = try db.cachedStatement("SELECT 'cafe\u{301}'")
        #expect(composed !== decomposed)
        let text: String? = try db.scalar("SELECT 'cafe\u{301}'")
        #expect(text.map { Array($0.utf8) } == Array("cafe\u{301}".utf8), "String's == would hold the two texts equal")
    }
}

@Suite("Opening files")
struct OpenTests {
    @Test("a file database uses WAL and has foreign keys on")
    func fileSettings() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.file("a.sqlite"))
        #expect(try db.scalar("PRAGMA journal_mode") == "wal")
        #expect(try db.scalar("PRAGMA foreign_keys") == 1)
        #expect(!db.isInMemory)
    }

    @Test("read-only and read-write modes never create a file")
    func noCreate() throws {
        let dir = try TemporaryDirectory()
        for mode in [Database.Mode.readOnly, .readWrite] {
            expectSQLiteError(.cantopen) { _ = try Database(path: dir.file("missing.sqlite"), mode: mode) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("missing.sqlite")))
    }

    @Test("a read-only connection refuses writes")
    func readOnly() throws {
        let dir = try TemporaryDirectory()
        do {
            let db = try Database(path: dir.file("r.sqlite"))
            try db.execute("CREATE TABLE t(x)")
        }
        let reader = try Database(path: dir.file("r.sqlite"), mode: .readOnly)
        #expect(reader.isReadOnly)
        expectSQLiteError(.readonly) { try reader.execute("INSERT INTO t VALUES (1)") }
    }

    @Test("a file that is not a database is refused at open")
    func notADatabase() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("text.sqlite")
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        expectSQLiteError(.notADatabase) { _ = try Database(path: path) }
    }
}

/// Expects `body` to throw a `SQLiteError` with `code` (a primary code matches its extended codes).
func expectSQLiteError(_ code: ResultCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    let error = #expect(throws: SQLiteError.self, sourceLocation: sourceLocation) { try body() }
    if code.isExtended {
        #expect(error?.code == code, sourceLocation: sourceLocation)
    } else {
        #expect(error?.code?.primary == code, sourceLocation: sourceLocation)
    }
}
