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
    /// stances from a correlated subquery packed as `length:text` items, in slug order (as a
    /// timeline line's).
    public func forEachOutline(_ filter: StatementFilter, _ body: (StatementOutline) throws -> Void) throws {
        let (whereClause, arguments) = try conditions(for: filter)
        try db.prepare("\(OutlineColumn.select)\n\(whereClause)\n\(Self.timelineOrder)").forEach(arguments) { try body(try Self.outline($0)) }
    }

    private static func outline(_ row: Row) throws -> StatementOutline {
        typealias C = OutlineColumn
        return StatementOutline(
            id: try row[C.id], speaker: ActorRef(id: try row[C.speakerID], slug: try row[C.speakerSlug], name: try row[C.speakerName]),
            saidOn: try PartialDate.parseOptional(try row[C.saidOn]), reportedOn: try PartialDate.parseOptional(try row[C.reportedOn]),
            text: try row[C.text], stances: bySlug(try unpack(try row[C.stances]).map(outlineStance)) { $0.slug[...] })
    }

    /// `topic id,stance,slug` (the id and the stance hold no comma; the slug is the rest).
    private static func outlineStance(_ item: String) throws -> StatementOutline.TopicStance {
        let parts = item.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let topicID = Int64(parts[0]) else {
            throw ParleyError.database("a packed stance from the database is malformed: \(item.prefix(80))")
        }
        return StatementOutline.TopicStance(topicID: topicID, slug: String(parts[2]), stance: try Stance.parse(String(parts[1])))
    }

    /// The columns of an outline.
    enum OutlineColumn: Int, QueryColumns {
        case id, speakerID, speakerSlug, speakerName, saidOn, reportedOn, text, stances
        static let select = """
            SELECT s.id, s.speaker_id, sp.slug AS speaker_slug, sp.name AS speaker_name, s.said_on, s.reported_on, s.text,
                   (SELECT group_concat(length(item) || ':' || item, '') FROM (
                        SELECT st.topic_id || ',' || st.stance || ',' || t.slug AS item FROM stance st JOIN topic t ON t.id = st.topic_id
                        WHERE st.statement_id = s.id)) AS stances
            FROM statement s
            JOIN actor sp ON sp.id = s.speaker_id
            """
        static var queries: [String] { [select] }
    }
}
