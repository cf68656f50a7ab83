import CSQLite

/// One connection to a SQLite database.
///
/// Opening sets what Parley relies on everywhere: extended result codes, foreign keys on,
/// a busy timeout (so concurrent writers wait instead of failing with "database is locked"),
/// defensive mode, no double-quoted string literals, and WAL journaling for file databases.
///
/// Not `Sendable`: use a connection from one thread. Parley is a synchronous command-line tool;
/// each process opens its own connection.
public final class Database {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Never writes; fails when the file does not exist.
        case readOnly
        /// Reads and writes; fails when the file does not exist.
        case readWrite
        /// Reads and writes; creates the file when it does not exist.
        case create
    }

    let handle: OpaquePointer
    /// The path given at open, or `":memory:"`.
    public let path: String
    private var statementCache: [StatementKey: PreparedStatement] = [:]

    /// Opens a database file.
    /// - Parameters:
    ///   - path: the file; `":memory:"` opens a private in-memory database.
    ///   - busyTimeoutMilliseconds: how long a statement waits for another connection's lock.
    ///   - enableWAL: switch a writable file database to WAL now. Pass false to look at a file
    ///     before changing anything in it, then call `enableWAL()`.
    /// - Throws: `SQLiteError` when the file cannot be opened or is not a database.
    /// - Parameter trustedSchema: whether the schema's triggers, views and CHECK constraints may
    ///   call functions SQLite does not mark harmless (`json_valid` among them, which Parley's own
    ///   CHECKs use). Off for a file that is only read and may come from someone else.
    public init(path: String, mode: Mode = .create, busyTimeoutMilliseconds: Int32 = 10_000, enableWAL: Bool = true,
                trustedSchema: Bool = true) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError.sqlite(code: ResultCode(rawValue: code), message: "\(message) (\(path))", sql: nil)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        var ignored: Int32 = 0
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, trustedSchema ? 1 : 0, &ignored)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DML, 0, &ignored)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DDL, 0, &ignored)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &ignored)

        // Reading the schema here turns "file is not a database" into an open error rather
        // than a surprise at the first query.
        try execute("PRAGMA foreign_keys = ON")
        let _: Int64? = try scalar("SELECT count(*) FROM sqlite_schema")
        // An 8 MB page cache (the default is 2 MB): long listings read each page once. It is
        // a bound, so memory stays flat however large the database grows; SQLite's sorter
        // keeps as much again in memory before it spills to temporary files. 16 MB was no
        // faster and made a timeline of a million statements peak at 55 MB instead of 39 MB.
        try execute("PRAGMA cache_size = -8192")
        if enableWAL { try self.enableWAL() }
    }

    /// Switches a writable file database to WAL journaling, which lets readers and one writer
    /// work at once; a no-op in memory or read-only. Where WAL is impossible (some network file
    /// systems) the mode stays as it was: slower under concurrency, still correct.
    /// `synchronous` stays at its default, FULL: a committed change survives a power cut.
    public func enableWAL() throws {
        guard !isInMemory && !isReadOnly else { return }
        let _: String? = try scalar("PRAGMA journal_mode = WAL")
    }

    /// A private in-memory database, gone when the connection closes.
    public static func inMemory() throws -> Database {
        try Database(path: ":memory:", mode: .create)
    }

    deinit {
        statementCache.removeAll()
        // close_v2 defers the close until any statements still referenced elsewhere are finalized.
        sqlite3_close_v2(handle)
    }

    /// True for `:memory:` and other databases without a file.
    public var isInMemory: Bool {
        guard let name = sqlite3_db_filename(handle, "main") else { return true }
        return name.pointee == 0
    }

    /// True when the connection cannot write (opened read-only, or the file is not writable).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// True outside any transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// The version of the SQLite library in use, such as `3.40.1`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    func error(code: Int32, sql: String?) -> SQLiteError {
        SQLiteError.from(connection: handle, code: code, sql: sql)
    }

    // MARK: Statements

    /// Compiles one SQL statement. Trailing text other than white space and comments is an error:
    /// use `executeScript` for several statements.
    public func prepare(_ sql: String) throws -> PreparedStatement {
        if let reason = unusableBecause {
            throw SQLiteError.sqlite(code: .misuse, message: "this connection can no longer be used: \(reason)", sql: sql)
        }
        var statement: OpaquePointer?
        var tailOffset = 0
        let rc = sql.withCString { cString -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, cString, -1, 0, &statement, &tail)
            if let tail { tailOffset = cString.distance(to: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw error(code: rc, sql: sql) }
        guard let statement else {
            throw SQLiteError.sqlite(code: .misuse, message: "no SQL statement to run", sql: sql)
        }
        let prepared = PreparedStatement(handle: statement, connection: handle, sql: sql)
        let rest = String(decoding: Array(sql.utf8).dropFirst(tailOffset), as: UTF8.self)
        if !Self.isBlankOrComment(rest) {
            throw SQLiteError.sqlite(code: .misuse, message: "more than one statement given; use executeScript", sql: sql)
        }
        return prepared
    }

    /// A compiled statement from this connection's cache, compiling it on first use.
    /// Use it for SQL that runs in loops; the statement is reset and its bindings cleared.
    /// The cache holds at most `statementCacheLimit` statements; past that it starts afresh.
    /// Running the same SQL text again while it is still stepping (inside its own `forEach`)
    /// would reset it: nested queries use different SQL, or `prepare`.
    public func cachedStatement(_ sql: String) throws -> PreparedStatement {
        let key = StatementKey(sql)
        if let cached = statementCache[key], unusableBecause == nil {
            cached.reset()
            return cached
        }
        let statement = try prepare(sql)
        if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll() }
        statementCache[key] = statement
        return statement
    }

    /// A key of the statement cache: the SQL text's bytes, compared whole, hashed by their
    /// count and their first and last 32 only. Hashing all of a long text (an import runs a
    /// few texts of 200 to 400 bytes 16 times per statement) cost more than running some of
    /// them; texts alike in the sampled bytes and the length only share a bucket. Bytes, not
    /// `String`'s `==` (which holds canonically equivalent texts equal), so that equal keys
    /// always hash alike.
    struct StatementKey: Hashable {
        let sql: String

        init(_ sql: String) { self.sql = sql }

        static let sampleBytes = 32

        func hash(into hasher: inout Hasher) {
            withBytes { raw in
                hasher.combine(raw.count)
                if raw.count <= 2 * Self.sampleBytes {
                    hasher.combine(bytes: raw)
                } else {
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(Self.sampleBytes)))
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(Self.sampleBytes)))
                }
            }
        }

        static func == (a: StatementKey, b: StatementKey) -> Bool {
            a.withBytes { x in
                b.withBytes { y in
                    // The same constant, the usual case, is the same storage.
                    x.count == y.count && (x.baseAddress == y.baseAddress || x.elementsEqual(y))
                }
            }
        }

        private func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
            sql.utf8.withContiguousStorageIfAvailable { body(UnsafeRawBufferPointer($0)) }
                ?? Array(sql.utf8).withUnsafeBytes(body)
        }
    }

    /// How many compiled statements a connection keeps. Parley's own SQL is a few dozen texts.
    public static let statementCacheLimit = 256

    /// Runs one statement with positional arguments, ignoring rows.
    public func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try cachedStatement(sql).run(arguments)
    }

    /// `name` as an SQL identifier in double quotes, for a name that comes from the schema
    /// (identifiers cannot be bound parameters). Never for user input.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Runs every row of a query through `body`. Rows stream: nothing is collected.
    public func forEach(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ body: (Row) throws -> Void) throws {
        try cachedStatement(sql).forEach(arguments, body)
    }

    /// Runs a query and maps every row.
    public func map<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ transform: (Row) throws -> T) throws -> [T] {
        try cachedStatement(sql).map(arguments, transform)
    }

    /// Runs a query and maps its first row, or returns nil when there is none.
    public func first<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ transform: (Row) throws -> T) throws -> T? {
        try cachedStatement(sql).first(arguments, transform)
    }

    /// The first column of the first row, or nil when the query returns no row.
    ///
    /// ```swift
    /// let count: Int = try db.scalar("SELECT count(*) FROM statement") ?? 0
    /// ```
    public func scalar<T: SQLiteColumnDecodable>(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> T? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return try T.decode(from: statement.value(at: 0))
    }

    /// Runs SQL text holding any number of statements, one at a time, so that an error names the
    /// exact statement that failed. Used for migrations.
    public func executeScript(_ sql: String) throws {
        let bytes = Array(sql.utf8) + [0]
        var offset = 0
        while offset < bytes.count - 1 {
            var statement: OpaquePointer?
            var consumed = 0
            let rc = bytes.withUnsafeBufferPointer { buffer -> Int32 in
                let start = UnsafeRawPointer(buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v3(handle, start, -1, 0, &statement, &tail)
                consumed = tail.map { start.distance(to: $0) } ?? (bytes.count - 1 - offset)
                return rc
            }
            let text = String(decoding: bytes[offset..<(offset + consumed)], as: UTF8.self)
            guard rc == SQLITE_OK else { throw error(code: rc, sql: text.trimmingSQLWhitespace()) }
            offset += consumed
            guard let statement else { continue }  // white space or a comment
            let prepared = PreparedStatement(handle: statement, connection: handle, sql: text.trimmingSQLWhitespace())
            while try prepared.step() {}
        }
    }

    private static func isBlankOrComment(_ text: String) -> Bool {
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace })
            if rest.isEmpty { return true }
            if rest.hasPrefix("--") {
                guard let newline = rest.firstIndex(of: "\n") else { return true }
                rest = rest[newline...]
            } else if rest.hasPrefix("/*") {
                rest = rest.dropFirst(2)
                while !rest.isEmpty && !rest.hasPrefix("*/") { rest = rest.dropFirst() }
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix(";") {
                rest = rest.dropFirst()
            } else {
                return false
            }
        }
    }

    // MARK: Transactions

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE … COMMIT`) and returns its result.
    ///
    /// If `body` throws, the transaction rolls back and the first error is rethrown (not the
    /// rollback's). Inside another transaction it becomes a savepoint, so it can be nested.
    /// The `Database` handed to `body` is this connection; use it only inside the closure.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a read transaction: every query inside sees one consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try transaction(begin: "BEGIN DEFERRED", body)
    }

    private func transaction<T>(begin: String, _ body: (Database) throws -> T) throws -> T {
        guard isAutocommit else { return try savepoint(body) }
        try execute(begin)
        let result: T
        do {
            result = try body(self)
        } catch {
            rollbackAfterFailure()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackAfterFailure()
            throw error
        }
        return result
    }

    private var savepointDepth = 0

    /// Runs `body` inside a savepoint: a throw undoes what `body` did and nothing else.
    public func savepoint<T>(_ body: (Database) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "parley_sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        let result: T
        do {
            result = try body(self)
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then removes it. When SQLite has
            // already rolled the whole transaction back (a full disk, an I/O error), there is
            // no savepoint left to undo.
            if !isAutocommit {
                undo("ROLLBACK TO \(name)")
                undo("RELEASE \(name)")
            }
            throw error
        }
        try execute("RELEASE \(name)")
        return result
    }

    /// Rolls back after a failure (unless SQLite already did, as it does on SQLITE_FULL).
    private func rollbackAfterFailure() {
        if !isAutocommit { undo("ROLLBACK") }
    }

    /// Runs a statement that undoes work after a failure. The failure being reported is the first
    /// error, so this one is not thrown; but a connection that could not undo is left in an
    /// unknown state, so it refuses all further work, saying why.
    func undo(_ sql: String) {
        do {
            try execute(sql)
        } catch {
            markUnusable("\(sql) failed after an earlier error: \(error)")
        }
    }

    /// Runs `body` with a page cache of `kibibytes` KiB, then puts back the size before. Putting
    /// it back is an undo step: should it fail, the connection refuses further work.
    public func withCacheSize<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        let before: Int64 = try scalar("PRAGMA cache_size") ?? -2000
        try execute("PRAGMA cache_size = -\(kibibytes)")
        defer { undo("PRAGMA cache_size = \(before)") }
        return try body()
    }

    /// Why the connection refuses work, if it does.
    private(set) var unusableBecause: String?

    func markUnusable(_ reason: String) {
        if unusableBecause == nil { unusableBecause = reason }
    }

    // MARK: Pragmas and maintenance

    /// `PRAGMA user_version`: Parley's schema version.
    public func userVersion() throws -> Int {
        try scalar("PRAGMA user_version") ?? 0
    }

    /// Sets `PRAGMA user_version`. The value is an integer, never user text.
    public func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Writes a compact copy of the database to `path` (`VACUUM INTO`). The file must not exist.
    public func backup(into path: String) throws {
        try execute("VACUUM INTO ?", [path])
    }

    /// Copies the database to a new file with SQLite's online backup, page by page: other
    /// connections may go on writing meanwhile (the copy restarts when they do, and is a
    /// consistent snapshot when it ends). The file must not exist.
    /// - Throws: `SQLiteError` when the copy cannot be made; a partial file is removed.
    public func onlineBackup(to path: String, pagesPerStep: Int32 = 256) throws {
        let destination = try Database(path: path, mode: .create, enableWAL: false)
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.error(code: sqlite3_errcode(destination.handle), sql: nil)
        }
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(backup, pagesPerStep)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else {
            throw SQLiteError.from(connection: destination.handle, code: rc, sql: nil)
        }
    }

    /// Names of the tables that `PRAGMA foreign_key_check` reports violations in, with counts.
    public func foreignKeyViolations() throws -> [(table: String, count: Int)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        try prepare("PRAGMA foreign_key_check").forEach { row in
            let table: String = try row[0]
            if counts[table] == nil { order.append(table) }
            counts[table, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
