import ParleySQLite

/// What a report shows of a statement outside its timeline (the chart's mark, the entry in
/// the sections by speaker): who, when, the words and the stances; no sources, targets or
/// links. `StatementStore.forEachOutline` reads these with one query and no `Statement`
/// values.
public struct StatementOutline: Sendable, Equatable {
    /// One stance of the statement: the topic's id and slug, and the position.
    public struct TopicStance: Sendable, Equatable {
        public var topicID: Int64
        public var slug: String
        public var stance: Stance
    }

    public var id: Int64
    public var speaker: ActorRef
    public var saidOn: PartialDate?
    public var reportedOn: PartialDate?
    public var text: String
    /// The stances, by topic slug (as a `Statement`'s).
    public var stances: [TopicStance]

    /// Said on, else first reported.
    public var effectiveDate: PartialDate? { saidOn ?? reportedOn }
    /// `2025-05-19`, `reported 2025-05-20`, or `undated`, as a statement's.
    public var dateLabel: String { PartialDate.label(saidOn: saidOn, reportedOn: reportedOn) }
}

extension StatementStore {
    /// Streams outlines of the statements a filter selects, in timeline order: one query, the
    /// stances from a correlated subquery (`PackedStances`), in slug order (as a timeline line's).
    public func forEachOutline(_ filter: StatementFilter, _ body: (StatementOutline) throws -> Void) throws {
        let (whereClause, arguments) = try conditions(for: filter)
        var stances = try PackedStances(db)
        try db.prepare("\(OutlineColumn.select)\n\(whereClause)\n\(Self.timelineOrder)").forEach(arguments) { row in
            typealias C = OutlineColumn
            try body(StatementOutline(
                id: try row[C.id], speaker: ActorRef(id: try row[C.speakerID], slug: try row[C.speakerSlug], name: try row[C.speakerName]),
                saidOn: try PartialDate.parseOptional(try row[C.saidOn]), reportedOn: try PartialDate.parseOptional(try row[C.reportedOn]),
                text: try row[C.text],
                stances: try stances.items(try row[C.stances]).map { .init(topicID: $0.topicID, slug: $0.slug, stance: $0.stance) }))
        }
    }

    /// The columns of an outline.
    enum OutlineColumn: Int, QueryColumns {
        case id, speakerID, speakerSlug, speakerName, saidOn, reportedOn, text, stances
        static let select = """
            SELECT s.id, s.speaker_id, sp.slug AS speaker_slug, sp.name AS speaker_name, s.said_on, s.reported_on, s.text,
                   \(PackedStances.subquery) AS stances
            FROM statement s
            JOIN actor sp ON sp.id = s.speaker_id
            """
        static var queries: [String] { [select] }
    }
}
