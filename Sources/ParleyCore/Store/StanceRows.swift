import ParleySQLite

/// One stance taken, as the stance matrix needs it: who took which position on what, and where
/// the statement stands in timeline order. No text, sources or names: a matrix of a million
/// statements reads one narrow row per stance.
public struct StanceRow: Sendable, Equatable {
    public var statementID: Int64
    public var speakerID: Int64
    public var topicID: Int64
    public var stance: Stance
    /// The statement's date as stored (`effective_on`: said on, else first reported), unparsed.
    public var effectiveOn: String?
    /// True when the date is the first report's, not the said-on date.
    public var isReported: Bool

    /// The row's place in timeline order (dated first, by date, then by id): of two stances of
    /// one speaker on one topic, the one with the greater key is the later. Dates compare as
    /// SQLite compares the stored text.
    public func isLater(than other: StanceRow) -> Bool {
        switch (effectiveOn, other.effectiveOn) {
        case (nil, nil): return statementID > other.statementID
        case (nil, _): return true
        case (_, nil): return false
        case let (mine?, theirs?):
            if mine != theirs { return theirs.utf8.lexicographicallyPrecedes(mine.utf8) }
            return statementID > other.statementID
        }
    }
}

/// What a listing of shifts shows of one statement: id, dates, words.
public struct StatementSummary: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var saidOn: PartialDate?
    public var reportedOn: PartialDate?
    public var text: String

    public init(id: Int64, uuid: String, saidOn: PartialDate?, reportedOn: PartialDate?, text: String) {
        (self.id, self.uuid, self.saidOn, self.reportedOn, self.text) = (id, uuid, saidOn, reportedOn, text)
    }

    public init(_ statement: Statement) {
        self.init(id: statement.id, uuid: statement.uuid, saidOn: statement.saidOn, reportedOn: statement.reportedOn, text: statement.text)
    }

    /// Said on, else first reported.
    public var effectiveDate: PartialDate? { saidOn ?? reportedOn }
    public var isDatedByReport: Bool { saidOn == nil && reportedOn != nil }
    /// `2025-05-19`, `reported 2025-05-20`, or `undated`, as a statement's.
    public var dateLabel: String { PartialDate.label(saidOn: saidOn, reportedOn: reportedOn) }
}

extension StatementStore {
    /// The latest stance of each speaker on each topic among the statements `filter` selects,
    /// in timeline order (dated first, by date, then by id); `topics` limits them to those
    /// topics, nil for all. Memory grows with speakers × topics, not with statements.
    public func latestStances(_ filter: StatementFilter = StatementFilter(), topics: Set<Int64>? = nil) throws -> [StanceRow] {
        struct Pair: Hashable {
            var speaker: Int64
            var topic: Int64
        }
        var latest: [Pair: StanceRow] = [:]
        let fromCopies = try forEachStance(filter, topics: topics, inSeriesOrder: false) { row in
            let pair = Pair(speaker: row.speakerID, topic: row.topicID)
            if let held = latest[pair], !row.isLater(than: held) { return }
            latest[pair] = row
        }
        guard fromCopies else { return Array(latest.values) }
        // Whether a date is the first report's is asked only of the statements that won.
        let reported = try db.prepare("SELECT said_on IS NULL AND reported_on IS NOT NULL FROM statement WHERE id = ?")
        return try latest.values.map { row in
            var row = row
            row.isReported = try reported.first([row.statementID]) { try $0[0] } ?? false
            return row
        }
    }

    /// Streams the stances of the statements `filter` selects as series: by speaker, then by
    /// topic, each series in timeline order (what shifts are found in). `topics` limits them to
    /// those topics; `skippingUnclear` leaves out `unclear`. `isReported` is not read (false).
    public func forEachStanceInSeries(_ filter: StatementFilter = StatementFilter(), topics: Set<Int64>? = nil, skippingUnclear: Bool = false,
                                      _ body: (StanceRow) throws -> Void) throws {
        try forEachStance(filter, topics: topics, skippingUnclear: skippingUnclear, inSeriesOrder: true, body)
    }

    /// Streams stance rows, in the table's own order or in series order.
    ///
    /// A filter of topics, dates and retraction alone is answered from the stance table by
    /// itself, through the copies of each statement's speaker, date and retraction that every
    /// stance row holds (migration 7): one narrow pass, no join; `isReported` is then not read
    /// (false). Any other filter joins each stance to its statement (a speaker's statements are
    /// found by their index, so an actor's stances stay cheap).
    /// - Returns: true when the rows came from the copies.
    @discardableResult
    func forEachStance(_ filter: StatementFilter, topics: Set<Int64>?, skippingUnclear: Bool = false, inSeriesOrder: Bool,
                       _ body: (StanceRow) throws -> Void) throws -> Bool {
        let fromCopies = Self.isAnsweredByStanceCopies(filter)
        // The copies' columns, or the statement's through the join.
        let (statement, speaker, date) = fromCopies ? ("statement_id", "speaker_id", "effective_on") : ("s.id", "s.speaker_id", "s.effective_on")
        var clauses: [String] = []
        var arguments: [any SQLiteBindable] = []
        let sql: String
        if fromCopies {
            if !filter.includeRetracted { clauses.append("retracted = 0") }
            if let from = filter.from { clauses.append("effective_on || '~' >= ?"); arguments.append(from.rangeStartKey) }
            if let to = filter.to { clauses.append("effective_on <= ?"); arguments.append(to.rangeEndKey) }
            sql = StanceRowColumn.fromCopies
        } else {
            let (whereClause, conditionArguments) = try conditions(for: filter)
            if !whereClause.isEmpty { clauses.append(String(whereClause.dropFirst("WHERE ".count))) }
            arguments += conditionArguments
            sql = StanceRowColumn.throughStatements
        }
        if let topics {
            let ids = topics.sorted()
            clauses.append("st.topic_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))")
            arguments += ids
        }
        if skippingUnclear { clauses.append("st.stance <> 'unclear'") }
        let whereClause = clauses.isEmpty ? "" : " WHERE " + clauses.map { "(\($0))" }.joined(separator: " AND ")
        let order = inSeriesOrder ? " ORDER BY \(speaker), st.topic_id, \(date) IS NULL, \(date), \(statement)" : ""
        try db.prepare(sql + whereClause + order).forEach(arguments) { row in
            typealias C = StanceRowColumn
            try body(StanceRow(statementID: try row[C.statementID], speakerID: try row[C.speakerID], topicID: try row[C.topicID],
                               stance: try Stance.parse(try row[C.stance]), effectiveOn: try row[C.effectiveOn], isReported: try row[C.isReported]))
        }
        return fromCopies
    }

    /// True when `filter` narrows by nothing but topics, dates and retraction: what each stance
    /// row's copies answer (a topic is a stance's own column).
    static func isAnsweredByStanceCopies(_ filter: StatementFilter) -> Bool {
        var rest = filter
        rest.topics = []
        rest.from = nil
        rest.to = nil
        rest.includeRetracted = false
        return rest == StatementFilter()
    }

    /// True when two statements credit a source in common.
    public func shareASource(_ a: Int64, _ b: Int64) throws -> Bool {
        try db.first("""
            SELECT 1 FROM statement_source x JOIN statement_source y ON y.source_id = x.source_id AND y.statement_id = ?
            WHERE x.statement_id = ?
            """, [b, a]) { _ in true } ?? false
    }

    /// What a listing of shifts shows of the statement with this id, or nil when there is none.
    public func summary(_ id: Int64) throws -> StatementSummary? {
        try db.cachedStatement(SummaryColumn.select + " WHERE id = ?").first([id]) { row in
            typealias C = SummaryColumn
            return StatementSummary(id: try row[C.id], uuid: try row[C.uuid], saidOn: try PartialDate.parseOptional(try row[C.saidOn]),
                                    reportedOn: try PartialDate.parseOptional(try row[C.reportedOn]), text: try row[C.text])
        }
    }

    /// The columns of a stance row, from the copies or through the statements.
    enum StanceRowColumn: Int, QueryColumns {
        case statementID, speakerID, topicID, stance, effectiveOn, isReported
        static let fromCopies = "SELECT statement_id, speaker_id, topic_id, stance, effective_on, 0 AS is_reported FROM stance st"
        static let throughStatements = """
            SELECT s.id AS statement_id, s.speaker_id, st.topic_id, st.stance, s.effective_on,
                   s.said_on IS NULL AND s.reported_on IS NOT NULL AS is_reported
            FROM statement s JOIN stance st ON st.statement_id = s.id
            """
        static var queries: [String] { [fromCopies, throughStatements] }
    }

    /// The columns of a statement's summary.
    enum SummaryColumn: Int, QueryColumns {
        case id, uuid, saidOn, reportedOn, text
        static let select = "SELECT id, uuid, said_on, reported_on, text FROM statement"
        static var queries: [String] { [select] }
    }
}

extension ActorStore {
    /// Short references to the actors with these ids.
    public func refs(_ ids: Set<Int64>) throws -> [Int64: ActorRef] {
        var refs: [Int64: ActorRef] = [:]
        let statement = try db.prepare(RefColumn.actor + " WHERE id = ?")
        for id in ids {
            if let ref = try statement.first([id], { ActorRef(id: try $0[RefColumn.id], slug: try $0[RefColumn.slug], name: try $0[RefColumn.name]) }) {
                refs[id] = ref
            }
        }
        return refs
    }

}

extension TopicStore {
    /// Short references to the topics with these ids.
    public func refs(_ ids: Set<Int64>) throws -> [Int64: TopicRef] {
        var refs: [Int64: TopicRef] = [:]
        let statement = try db.prepare(RefColumn.topic + " WHERE id = ?")
        for id in ids {
            if let ref = try statement.first([id], { TopicRef(id: try $0[RefColumn.id], slug: try $0[RefColumn.slug], title: try $0[RefColumn.name]) }) {
                refs[id] = ref
            }
        }
        return refs
    }
}

/// The columns of a short reference to an actor or a topic (its title as `name`).
enum RefColumn: Int, QueryColumns {
    case id, slug, name
    static let actor = "SELECT id, slug, name FROM actor"
    static let topic = "SELECT id, slug, title AS name FROM topic"
    static var queries: [String] { [actor, topic] }
}
