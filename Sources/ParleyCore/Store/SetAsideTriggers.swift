import ParleySQLite

/// Schema triggers that a bulk write drops inside its transaction and puts back before it
/// commits: a rollback (a failure, a dry run) puts them back with everything else.
///
/// Each is found in the schema by what it does, not by its name, so a trigger someone added
/// (an audit trigger of sqlite-utils, say) is never touched.
struct SetAsideTriggers {
    /// What the triggers set aside keep up to date, and so what the bulk write must keep itself.
    enum Purpose {
        /// The full-text index, written per statement by an insert trigger on `statement`;
        /// `DeferredTextIndex` indexes in batches instead.
        case textIndex
        /// The stored copies of migrations 6 and 7 as rows are inserted: a statement's
        /// first-report date when a source is credited to it, a stance's copies of its
        /// statement. Parley's own writes store both in the write itself
        /// (`StatementStore.insertStance` binds the statement's `StanceCopies`, `addSource` moves
        /// the date), so for them each trigger is a check per row that finds nothing to do: an
        /// eighth of a 30,000-statement import (BENCHMARKS.md). The triggers stay for
        /// other writers, and the update and delete triggers stay for everyone.
        case storedCopies

        /// Which triggers, as an SQL condition on `sqlite_schema`.
        var condition: String {
            switch self {
            case .textIndex:
                "tbl_name = 'statement' AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%statement_fts%'"
            case .storedCopies:
                """
                sql LIKE '%AFTER INSERT%' AND ((tbl_name = 'statement_source' AND sql LIKE '%reported_on%')
                                               OR (tbl_name = 'stance' AND sql LIKE '%effective_on%'))
                """
            }
        }
    }

    /// The triggers dropped, by name, with the SQL that creates each.
    private let triggers: [(name: String, sql: String)]

    /// Whether the schema had no such trigger (nothing was dropped).
    var isEmpty: Bool { triggers.isEmpty }

    /// Drops the triggers for `purpose`; call inside the bulk write's transaction.
    init(_ db: Database, _ purpose: Purpose) throws {
        var triggers: [(String, String)] = []
        try db.forEach(Column.query + " AND " + purpose.condition + " ORDER BY name") { row in
            triggers.append((try row[Column.name], try row[Column.sql]))
        }
        self.triggers = triggers
        for (name, _) in triggers { try db.execute("DROP TRIGGER \(Database.quotedIdentifier(name))") }
    }

    /// Creates the triggers again, as they were.
    func restore(_ db: Database) throws {
        for (_, sql) in triggers { try db.execute(sql) }
    }

    /// The schema's triggers, by name, with their SQL; a `Purpose` narrows the query.
    enum Column: Int, QueryColumns {
        case name, sql
        static let query = "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
        static var queries: [String] { [query] }
    }
}
