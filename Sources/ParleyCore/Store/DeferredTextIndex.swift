import ParleySQLite

/// Keeps the full-text index out of the way of a large import, and up to date by its end.
///
/// The schema indexes each new statement with a trigger, which in SQLite means a separate FTS5
/// write per statement: the index flushes its pending terms at every statement-level
/// savepoint, and an import makes one per row (about 30,000 rows a second here). Instead, an
/// import drops the insert trigger inside its transaction, indexes the new statements with one
/// `INSERT … SELECT` per batch, and puts the trigger back before committing. The work is
/// proportional to what is imported, not to the size of the table (unlike a `rebuild`), and
/// a rollback, including a dry run's, puts back the trigger with everything else.
final class DeferredTextIndex {
    /// Statements indexed per `INSERT … SELECT`.
    static let batchSize = 20_000

    let batchSize: Int
    private let db: Database
    /// The insert triggers that index statements, as the schema defines them, to put back.
    private let triggers: [(name: String, sql: String)]
    /// Every statement with an id above this one is not indexed yet.
    private var indexedThrough: Int64

    /// Drops the insert trigger; call inside the import's transaction.
    init(_ db: Database, batchSize: Int = DeferredTextIndex.batchSize) throws {
        self.db = db
        self.batchSize = max(1, FaultMarkers.indexBatch(batchSize))
        // Found in the schema, not named here: whatever trigger keeps the index in step with new
        // statements (an AFTER INSERT on statement that writes statement_fts).
        var triggers: [(String, String)] = []
        try db.forEach(TriggerColumn.query) { row in triggers.append((try row[TriggerColumn.name], try row[TriggerColumn.sql])) }
        self.triggers = triggers
        indexedThrough = try db.scalar("SELECT coalesce(max(id), 0) FROM statement") ?? 0
        for (name, _) in triggers { try db.execute("DROP TRIGGER \(Database.quotedIdentifier(name))") }
    }

    /// The triggers that index new statements, by name, with the SQL that creates each.
    enum TriggerColumn: Int, QueryColumns {
        case name, sql
        static let query = """
            SELECT name, sql FROM sqlite_schema
            WHERE type = 'trigger' AND tbl_name = 'statement' AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%statement_fts%'
            ORDER BY name
            """
        static var queries: [String] { [query] }
    }

    /// Indexes the statements inserted since the last call.
    func catchUp() throws {
        guard !triggers.isEmpty else { return }
        guard let last: Int64 = try db.scalar("SELECT coalesce(max(id), 0) FROM statement"), last > indexedThrough else { return }
        try db.execute("INSERT INTO statement_fts (rowid, text, note) SELECT id, text, note FROM statement WHERE id > ? ORDER BY id",
                       [indexedThrough])
        indexedThrough = last
        FaultMarkers.reached("indexed \(last)")
    }

    /// Indexes what is left and puts the trigger back.
    func finish() throws {
        try catchUp()
        for (_, sql) in triggers { try db.execute(sql) }
    }
}
