import Foundation
import ParleySQLite

/// What `parley db status` shows.
public struct DatabaseStatus: Sendable, Equatable {
    public var path: String
    public var schemaVersion: Int
    public var latestSchemaVersion: Int
    public var sizeInBytes: Int64?
    public var journalMode: String
    public var sqliteVersion: String
    /// Rows per table, in a fixed order: actors, aliases, affiliations, topics, sources,
    /// statements, stances, statement sources, targets, links, history.
    public var counts: [(name: String, count: Int)]

    public static func == (a: DatabaseStatus, b: DatabaseStatus) -> Bool {
        a.path == b.path && a.schemaVersion == b.schemaVersion && a.sizeInBytes == b.sizeInBytes
            && a.counts.map(\.name) == b.counts.map(\.name) && a.counts.map(\.count) == b.counts.map(\.count)
    }

    public func count(of name: String) -> Int? { counts.first { $0.name == name }?.count }
}

/// What `parley db check` found. Healthy when every list is empty.
public struct CheckReport: Sendable, Equatable {
    /// `PRAGMA integrity_check` lines other than "ok".
    public var integrityProblems: [String]
    /// Tables with rows whose references point nowhere.
    public var foreignKeyProblems: [String]
    /// The full-text index's own check, when it disagrees with the statement table.
    public var fullTextProblems: [String]

    /// Triggers, views, tables and indexes that differ from what Parley's migrations create.
    public var schemaProblems: [String] = []
    /// Stored copies that disagree with what they copy: a statement's first-report date
    /// (migration 6) and each stance's copies of its statement's speaker, date and retraction
    /// (migration 7). Triggers keep them; only a writer that bypassed the triggers can leave them wrong.
    public var storedCopyProblems: [String] = []

    public var isHealthy: Bool { allProblems.isEmpty }

    /// Every problem, each as one line.
    public var allProblems: [String] { integrityProblems + foreignKeyProblems + fullTextProblems + schemaProblems + storedCopyProblems }
}

extension ParleyDatabase {
    static let countedTables: [(name: String, table: String)] = [
        ("actors", "actor"), ("aliases", "actor_alias"), ("affiliations", "affiliation"), ("topics", "topic"),
        ("sources", "source"), ("statements", "statement"), ("stances", "stance"),
        ("statement sources", "statement_source"), ("targets", "statement_target"), ("links", "statement_link"),
        ("history entries", "history"),
    ]

    /// Path, schema version, size and row counts.
    public func status() throws -> DatabaseStatus {
        try db.read { db in
            var counts: [(String, Int)] = []
            for (name, table) in Self.countedTables {
                // Table names come from the constant list above, never from input.
                counts.append((name, try db.scalar("SELECT count(*) FROM \(table)") ?? 0))
            }
            return DatabaseStatus(
                path: db.path, schemaVersion: try db.userVersion(),
                latestSchemaVersion: try Self.migrator().latestVersion, sizeInBytes: fileSize(),
                journalMode: try db.scalar("PRAGMA journal_mode") ?? "?", sqliteVersion: Database.libraryVersion,
                counts: counts)
        }
    }

    /// The main file's size; nil in memory. A file that cannot be inspected shows no size rather
    /// than failing the whole status report (the counts are what matters).
    private func fileSize() -> Int64? {
        guard !db.isInMemory else { return nil }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: db.path)
            return (attributes[.size] as? NSNumber)?.int64Value
        } catch {
            return nil
        }
    }

    /// Runs SQLite's integrity check, the foreign-key check and the full-text index's check.
    public func check() throws -> CheckReport {
        var integrity: [String] = []
        try db.forEach("PRAGMA integrity_check") { row in
            let line: String = try row[0]
            if line != "ok" { integrity.append(line) }
        }
        let foreignKeys = try db.foreignKeyViolations().map { "\($0.table): \($0.count) row(s) with a broken reference" }
        var fullText: [String] = []
        do {
            try db.execute("INSERT INTO statement_fts(statement_fts, rank) VALUES ('integrity-check', 1)")
        } catch let error as SQLiteError where error.code?.primary == .corrupt {
            // SQLITE_CORRUPT_VTAB is the index's "I disagree"; anything else is a real failure.
            fullText.append("the full-text index disagrees with the statements (\(error.message)); rebuild it with: "
                + "sqlite3 FILE \"INSERT INTO statement_fts(statement_fts) VALUES ('rebuild')\"")
        }
        return CheckReport(integrityProblems: integrity, foreignKeyProblems: foreignKeys, fullTextProblems: fullText,
                           schemaProblems: try schemaProblems(), storedCopyProblems: try storedCopyProblems())
    }

    /// What `CheckReport.storedCopyProblems` lists, each with the SQL that recomputes it.
    func storedCopyProblems() throws -> [String] {
        var problems: [String] = []
        let reported: Int = try db.scalar("""
            SELECT count(*) FROM statement s
            WHERE s.reported_on IS NOT (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
                                        WHERE ss.statement_id = s.id)
            """) ?? 0
        if reported > 0 {
            problems.append("\(reported) statement(s) store a first-report date their sources do not give; recompute with: "
                + "sqlite3 FILE \"UPDATE statement SET reported_on = (SELECT min(src.published_on) FROM statement_source ss "
                + "JOIN source src ON src.id = ss.source_id WHERE ss.statement_id = statement.id)\"")
        }
        let stances: Int = try db.scalar("""
            SELECT count(*) FROM stance st JOIN statement s ON s.id = st.statement_id
            WHERE st.speaker_id IS NOT s.speaker_id OR st.effective_on IS NOT s.effective_on
               OR st.retracted IS NOT (s.retracted_at IS NOT NULL)
            """) ?? 0
        if stances > 0 {
            problems.append("\(stances) stance(s) hold copies of their statement's speaker, date or retraction that differ from it; "
                + "recompute with: sqlite3 FILE \"UPDATE stance SET (speaker_id, effective_on, retracted) = (SELECT s.speaker_id, "
                + "s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = stance.statement_id)\"")
        }
        return problems
    }

    /// Writes a consistent copy of the database to `path` with SQLite's online backup (safe
    /// while other processes write), then checks the copy.
    /// - Returns: the copy's status.
    /// - Throws: `ParleyError` when `path` exists, cannot be written, or the copy fails its check
    ///   (a failed copy is removed).
    @discardableResult
    public func backup(to path: String) throws -> DatabaseStatus {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ParleyError.conflict("\(path) already exists; give the backup a new name")
        }
        // Written under a temporary name and given its own only once complete and checked: an
        // interrupted backup never looks like a database.
        var temporary = PartialFile.path(beside: path)
        while FileManager.default.fileExists(atPath: temporary) { temporary = PartialFile.path(beside: path) }
        let temporaryFiles = ["", "-wal", "-shm", "-journal"].map { temporary + $0 }
        do {
            try db.onlineBackup(to: temporary)
            var status = try Self.checkedStatus(of: temporary)
            // link(2) refuses to replace a file that appeared meanwhile, as rename(2) would not.
            guard link(temporary, path) == 0 else {
                throw ParleyError.database("cannot give the backup its name \(path): \(String(cString: strerror(errno)))")
            }
            status.path = path
            if !removeLeftovers(temporaryFiles).isEmpty {
                throw ParleyError.database("the backup \(path) is complete, but its temporary name \(temporary) could not be removed; delete it by hand")
            }
            return status
        } catch {
            let leftovers = removeLeftovers(temporaryFiles)
            if let error = error as? SQLiteError {
                throw ParleyError.reporting(ParleyError.database("cannot write the backup \(path): \(error.message)"), leftovers: leftovers)
            }
            throw ParleyError.reporting(error, leftovers: leftovers)
        }
    }

    /// Opens a finished copy, checks it, and closes it again (so that nothing of it is left in
    /// a `-wal` file when it is renamed).
    private static func checkedStatus(of path: String) throws -> DatabaseStatus {
        let copy = try ParleyDatabase.open(path: path, access: .read)
        let report = try copy.check()
        guard report.isHealthy else {
            throw ParleyError.database("the backup failed its check: \(report.allProblems.joined(separator: "; "))")
        }
        return try copy.status()
    }
}
