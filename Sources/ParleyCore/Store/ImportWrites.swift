import ParleySQLite

// What the importer needs of the stores besides their ordinary API: its transaction
// (`ParleyDatabase.bulkWrite`), look-ups by UUID, and writes that record no history entry of
// their own (the importer records one per record, or none for what it creates).

/// A bulk write in progress: what `ParleyDatabase.bulkWrite` hands its body.
struct BulkWrite {
    /// The full-text index, kept out of the way until the end: `catchUp()` now and then (and
    /// before an edit that changes a text) indexes what was inserted since.
    let index: DeferredTextIndex
    /// Where the write started: every record beyond these marks is the run's.
    let marks: ImportMarks
    let runs: ImportRunStore

    /// Records the import run: everything written since the write began (`ImportRunStore.record`).
    func recordRun(inputs: [String], summary: JSONValue) throws -> Int64 {
        try runs.record(from: marks, inputs: inputs, summary: summary)
    }
}

extension ParleyDatabase {
    /// Runs `body` as one bulk write, the importer's transaction: one write transaction (all of
    /// it, or nothing: a throw rolls everything back), with a page cache of `cacheKiB` KiB, the
    /// full-text index deferred (`DeferredTextIndex`), which is brought up to date, and its
    /// trigger put back, after `body` returns and before the commit, and the insert triggers of
    /// the stored copies set aside until then (`SetAsideTriggers.Purpose.storedCopies`: the
    /// stores' own writes keep the copies). `body` writes through the stores and records its
    /// run with `bulk.recordRun`.
    func bulkWrite<T>(cacheKiB: Int, textIndexBatchSize: Int = DeferredTextIndex.batchSize,
                      _ body: (BulkWrite) throws -> T) throws -> T {
        try db.withCacheSize(kibibytes: cacheKiB) {
            try db.write { _ in
                FaultMarkers.reached("begin")
                let runs = importRuns
                let marks = try runs.marks()
                let copyTriggers = try SetAsideTriggers(db, .storedCopies)
                let bulk = BulkWrite(index: try DeferredTextIndex(db, batchSize: textIndexBatchSize), marks: marks, runs: runs)
                let result = try body(bulk)
                // Only what is committed is indexed: a rollback discards the rows and puts the
                // triggers back by itself.
                try bulk.index.finish()
                try copyTriggers.restore(db)
                FaultMarkers.reached("commit")
                return result
            }
        }
    }
}

extension ActorStore {
    /// The actor with this UUID (any case), if there is one.
    public func findID(uuid: String) throws -> Int64? {
        try db.id(in: .actor, uuid: uuid)
    }
}

extension TopicStore {
    /// The topic with this UUID (any case), if there is one.
    public func findID(uuid: String) throws -> Int64? {
        try db.id(in: .topic, uuid: uuid)
    }

    /// Sets a topic's parent, recording no history: for a topic being created.
    func setParent(_ parentID: Int64, of id: Int64) throws {
        try db.execute("UPDATE topic SET parent_id = ? WHERE id = ?", [parentID, id])
    }
}

extension SourceStore {
    /// The source with this UUID (any case), if there is one.
    public func findID(uuid: String) throws -> Int64? {
        try db.id(in: .source, uuid: uuid)
    }
}

extension StatementStore {
    /// The statement with this UUID (any case), if there is one.
    public func findID(uuid: String) throws -> Int64? {
        try db.id(in: .statement, uuid: uuid)
    }

    /// Credits a statement to a source; returns whether it was not credited before.
    ///
    /// A source published before the statement's first report makes it the first report. The
    /// schema's trigger does that for any writer, but a bulk write sets it aside
    /// (`SetAsideTriggers`), so the store does it too (with the trigger there, it finds the
    /// date already moved).
    /// - Parameter dated: the statement's stored first-report date already counts this
    ///   source (the statement is being inserted with it), so there is nothing to move.
    ///   Dates are ISO 8601 text, which sorts before `~`: a statement with no date yet takes the
    ///   source's, and a source with none moves nothing.
    @discardableResult
    func addSource(_ sourceID: Int64, to statementID: Int64, dated: Bool = false) throws -> Bool {
        try db.execute("INSERT OR IGNORE INTO statement_source (statement_id, source_id) VALUES (?, ?)", [statementID, sourceID])
        guard db.changes > 0 else { return false }
        if !dated {
            try db.execute("""
                UPDATE statement SET reported_on = src.published_on FROM (SELECT published_on FROM source WHERE id = ?) AS src
                WHERE statement.id = ? AND src.published_on < coalesce(statement.reported_on, '~')
                """, [sourceID, statementID])
        }
        return true
    }

    /// Marks a statement retracted, at `at` (ISO 8601) or now, recording no history.
    func markRetracted(_ id: Int64, at: String? = nil, reason: String?) throws {
        try db.execute("UPDATE statement SET retracted_at = coalesce(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), retraction_reason = ? WHERE id = ?",
                       [at, reason, id])
    }
}

/// The tables whose rows have a UUID.
enum UUIDTable: String {
    case actor, topic, source, statement
}

extension Database {
    /// The id of the row of `table` with this UUID (any case), if there is one. The table name
    /// comes from the enum, never from input.
    func id(in table: UUIDTable, uuid: String) throws -> Int64? {
        try scalar("SELECT id FROM \(table.rawValue) WHERE uuid = ?", [uuid.lowercased()])
    }
}
