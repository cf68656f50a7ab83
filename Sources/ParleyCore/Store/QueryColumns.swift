import ParleySQLite

/// The columns of a query's rows, in order, so that a row is read by name at the cost of an
/// index: `row[C.speakerSlug]`, never `row[3]`.
///
/// Each case stands for the column the query names in snake case (its `AS` alias, or the
/// column's own name): `speakerSlug` is `speaker_slug`, `speakerID` is `speaker_id`,
/// `archivedURL` is `archived_url`. `queries` are the queries read with these columns (for one
/// whose WHERE or ORDER BY varies, its constant `SELECT … FROM …` part, which the code extends);
/// `QueryColumns.catalog` lists every such enum, and a test prepares each query and holds its
/// column names equal to `names`, so a query and its decoder cannot drift apart.
///
/// The rule (docs/ARCHITECTURE.md): a row of more than one column is read through one of
/// these; a row of exactly one column may be read as `row[0]` (`{ try $0[0] }`).
protocol QueryColumns: CaseIterable, RawRepresentable where RawValue == Int {
    /// The queries whose rows have exactly these columns.
    static var queries: [String] { get }
}

extension QueryColumns {
    /// The result column names the cases stand for, in order.
    static var names: [String] { allCases.map { snakeCase(String(describing: $0)) } }

    /// `speakerID` → `speaker_id`, `archivedURL` → `archived_url`: a capital after a lower-case
    /// letter or digit starts a word.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { out += "_" }
            out += character.lowercased()
            previous = character
        }
        return out
    }
}

/// Every `QueryColumns` enum, for the test that checks them against their queries (which also
/// checks that this list names every enum the source declares).
enum QueryColumnsCatalog {
    static var all: [any QueryColumns.Type] {
        [
            StatementStore.Column.self, StatementStore.DuplicateColumn.self, StatementStore.StanceColumn.self,
            StatementStore.SourceColumn.self, StatementStore.TargetColumn.self, StatementStore.LinkColumn.self,
            StatementStore.TimelineLineColumn.self, StatementStore.RankColumn.self, StatementStore.SnippetColumn.self,
            ActorStore.Column.self, ActorStore.AffiliationColumn.self, TopicStore.Column.self, TopicStore.DroppedStanceColumn.self,
            SourceStore.Column.self, NameResolver.CandidateColumn.self, CountColumn.self,
            HistoryStore.Column.self, ImportRunStore.Column.self, ImportRunStore.CreatedColumn.self, ImportRunStore.EntryColumn.self,
            SchemaObject.Column.self, SetAsideTriggers.Column.self,
            StatementStore.StanceRowColumn.self, StatementStore.SummaryColumn.self, RefColumn.self, StatementStore.OutlineColumn.self,
            PackedStances.TopicSlugColumn.self, StatementStore.StanceCopyColumn.self,
        ]
    }
}

/// The columns of a count by key (`SELECT key, count(*) …`): `Database.counts(of:by:)`.
enum CountColumn: Int, QueryColumns {
    case key, count
    static var queries: [String] {
        [Database.countsQuery(of: "statement", by: "speaker_id"), Database.countsQuery(of: "statement_source", by: "source_id"),
         Database.countsQuery(of: "stance", by: "topic_id")]
    }
}

extension Database {
    /// `SELECT key, count(*) FROM table GROUP BY key`; the names are constants of a store.
    static func countsQuery(of table: String, by key: String) -> String {
        "SELECT \(key) AS key, count(*) AS count FROM \(table) GROUP BY \(key)"
    }

    /// How many rows of `table` each value of `key` has (statements by speaker, stances by
    /// topic). The names are constants of a store, never input.
    func counts(of table: String, by key: String) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        try forEach(Self.countsQuery(of: table, by: key)) { row in
            counts[try row[CountColumn.key]] = try row[CountColumn.count]
        }
        return counts
    }
}
