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
    /// The insert trigger that indexes statements, dropped until `finish()`.
    private let trigger: SetAsideTriggers
    /// Every statement with an id above this one is not indexed yet.
    private var indexedThrough: Int64

    /// Drops the insert trigger; call inside the import's transaction.
    init(_ db: Database, batchSize: Int = DeferredTextIndex.batchSize) throws {
        self.db = db
        self.batchSize = max(1, FaultMarkers.indexBatch(batchSize))
        trigger = try SetAsideTriggers(db, .textIndex)
        indexedThrough = try db.scalar("SELECT coalesce(max(id), 0) FROM statement") ?? 0
    }

    /// Indexes the statements inserted since the last call.
    func catchUp() throws {
        guard !trigger.isEmpty else { return }
        guard let last: Int64 = try db.scalar("SELECT coalesce(max(id), 0) FROM statement"), last > indexedThrough else { return }
        try db.execute("INSERT INTO statement_fts (rowid, text, note) SELECT id, text, note FROM statement WHERE id > ? ORDER BY id",
                       [indexedThrough])
        indexedThrough = last
        FaultMarkers.reached("indexed \(last)")
    }

    /// Indexes what is left and puts the trigger back.
    func finish() throws {
        try catchUp()
        try trigger.restore(db)
    }
}
