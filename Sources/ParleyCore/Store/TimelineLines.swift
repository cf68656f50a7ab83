import ParleySQLite

/// What a CSV timeline shows of one statement. `StatementStore.forEachTimelineLine` reads these
/// with one query and no `Statement` values (a CSV of a million statements reads a million);
/// `init(_:)` makes the same line from a `Statement`, so both ways give the same CSV.
public struct TimelineLine: Sendable, Equatable {
    public var saidOn: PartialDate?
    /// The earliest date a source gives, used when `saidOn` is missing.
    public var reportedOn: PartialDate?
    public var speaker: String
    public var onBehalfOf: String?
    public var medium: String?
    public var kind: StatementKind
    public var text: String
    /// `slug=stance` for each topic, by slug.
    public var stances: [String]
    /// Source labels (`Reuters`, `TASS via AFP`), earliest source first, each once.
    public var outlets: [String]
    public var id: Int64
    public var uuid: String

    public var effectiveDate: PartialDate? { saidOn ?? reportedOn }
    public var isDatedByReport: Bool { saidOn == nil && reportedOn != nil }

    public init(_ statement: Statement) {
        saidOn = statement.saidOn
        reportedOn = statement.reportedOn
        speaker = statement.speaker.name
        onBehalfOf = statement.onBehalfOf?.name
        medium = statement.medium
        kind = statement.kind
        text = statement.text
        stances = statement.stances.map { "\($0.topic.slug)=\($0.stance.rawValue)" }
        outlets = statement.outlets
        id = statement.id
        uuid = statement.uuid
    }

    init(saidOn: PartialDate?, reportedOn: PartialDate?, speaker: String, onBehalfOf: String?, medium: String?, kind: StatementKind,
         text: String, stances: [String], outlets: [String], id: Int64, uuid: String) {
        (self.saidOn, self.reportedOn, self.speaker, self.onBehalfOf, self.medium, self.kind) = (saidOn, reportedOn, speaker, onBehalfOf, medium, kind)
        (self.text, self.stances, self.outlets, self.id, self.uuid) = (text, stances, outlets, id, uuid)
    }
}

extension StatementStore {
    /// Streams what a CSV timeline shows of the statements a filter selects, in timeline order
    /// (as `forEach`). Stances and sources come from correlated subqueries in the same query:
    /// the stances as `PackedStances`, the sources' labels as `length:text` items so that no
    /// character of stored text can break the list.
    ///
    /// The rows come in the order of the `statement_timeline` index (no sort of whole rows); the
    /// first report date is stored in the row (migration 6).
    ///
    /// With `outlets` false the lines' outlets are left empty and not read.
    public func forEachTimelineLine(_ filter: StatementFilter = StatementFilter(), outlets: Bool = true,
                                    _ body: (TimelineLine) throws -> Void) throws {
        let (whereClause, arguments) = try conditions(for: filter)
        let sql = """
            \(TimelineLineColumn.select(outlets: outlets))
            \(whereClause)
            \(Self.timelineOrder)
            """
        var stances = try PackedStances(db)
        try db.prepare(sql).forEach(arguments) { row in
            typealias C = TimelineLineColumn
            try body(TimelineLine(
                saidOn: try PartialDate.parseOptional(try row[C.saidOn]), reportedOn: try PartialDate.parseOptional(try row[C.reportedOn]),
                speaker: try row[C.speakerName], onBehalfOf: try row[C.onBehalfOfName], medium: try row[C.medium],
                kind: try StatementKind.parse(try row[C.kind]), text: try row[C.text], stances: try stances.items(try row[C.stances]).map { $0.slug + "=" + $0.stance.rawValue },
                outlets: try Self.unpack(try row[C.outlets]).distinctInOrder(), id: try row[C.id], uuid: try row[C.uuid]))
        }
    }

    /// What a timeline line shows of a statement, its stances and its sources' labels packed.
    enum TimelineLineColumn: Int, QueryColumns {
        case saidOn, reportedOn, speakerName, onBehalfOfName, medium, kind, text, id, uuid, stances, outlets
        /// The query; without `outlets` that column is NULL.
        static func select(outlets: Bool) -> String {
            let outletList = outlets ? """
                (SELECT group_concat(length(item) || ':' || item, '') FROM (
                     SELECT coalesce(src.outlet, src.title, src.url, 'source ' || src.id) || coalesce(' via ' || src.via, '') AS item
                     FROM statement_source ss JOIN source src ON src.id = ss.source_id
                     WHERE ss.statement_id = s.id ORDER BY src.published_on IS NULL, src.published_on, src.uuid))
                """ : "NULL"
            return """
                SELECT s.said_on, s.reported_on, sp.name AS speaker_name, ob.name AS on_behalf_of_name, s.medium, s.kind, s.text, s.id, s.uuid,
                       \(PackedStances.subquery) AS stances,
                       \(outletList) AS outlets
                FROM statement s
                JOIN actor sp ON sp.id = s.speaker_id
                LEFT JOIN actor ob ON ob.id = s.on_behalf_of_id
                """
        }
        static var queries: [String] { [select(outlets: true), select(outlets: false)] }
    }

    /// The items of a `length:text…` list (lengths in Unicode scalars, as SQLite's `length`).
    /// Read from the UTF-8 bytes: a scalar is a byte that does not continue the one before.
    static func unpack(_ packed: String?) throws -> [String] {
        guard var packed else { return [] }
        let items: [String]? = packed.withUTF8 { bytes in
            var items: [String] = []
            var index = 0
            while index < bytes.count {
                guard let count = TextBytes.decimal(in: bytes, at: &index, before: UInt8(ascii: ":")) else { return nil }
                let start = index
                for _ in 0..<count {
                    guard index < bytes.count else { return nil }
                    index += 1
                    while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                }
                items.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            }
            return items
        }
        guard let items else {
            throw ParleyError.database("a packed list from the database is malformed: \(packed.prefix(80))")
        }
        return items
    }
}
