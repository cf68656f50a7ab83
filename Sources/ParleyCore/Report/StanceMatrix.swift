/// Each actor's latest stance on each topic: who stands where, and since which statement.
public struct StanceMatrix: Sendable {
    public struct Cell: Sendable, Equatable {
        public var stance: Stance
        /// The date of the statement that took it (said, or first reported).
        public var date: PartialDate?
        public var isReported: Bool
        public var statementID: Int64
    }

    private var actorsByID: [Int64: ActorRef] = [:]
    private var topicsByID: [Int64: TopicRef] = [:]
    private var cells: [Int64: [Int64: Cell]] = [:]
    /// The topics the matrix shows (a `--topic` and its sub-topics), or nil for all: the other
    /// stances of the statements a topic filter selects would be a partial, misleading picture.
    private let scope: Set<Int64>?

    public init(topics scope: Set<Int64>? = nil) {
        self.scope = scope
    }

    /// Builds the matrix from statements in timeline order: a later statement's stance replaces
    /// an earlier one's. Statements are attributed to their speaker.
    public init<S: Sequence>(statements: S, topics scope: Set<Int64>? = nil) where S.Element == Statement {
        self.scope = scope
        for statement in statements { add(statement) }
    }

    /// The matrix of the statements `filter` selects, read in timeline order; with topics in the
    /// filter, only those topics and their sub-topics.
    ///
    /// The store finds, per actor and topic, the one latest in timeline order
    /// (`StatementStore.latestStances`): memory grows with actors × topics, not with
    /// statements, and nothing is sorted.
    public init(parley: ParleyDatabase, filter: StatementFilter) throws {
        let scope = try parley.topics.scope(filter.topics)
        self.init(topics: scope)
        let latest = try parley.statements.latestStances(filter, topics: scope)
        let actors = try parley.actors.refs(Set(latest.map(\.speakerID)))
        let topics = try parley.topics.refs(Set(latest.map(\.topicID)))
        for row in latest {
            actorsByID[row.speakerID] = actors[row.speakerID]
            topicsByID[row.topicID] = topics[row.topicID]
            cells[row.speakerID, default: [:]][row.topicID] = Cell(stance: row.stance, date: try PartialDate.parseOptional(row.effectiveOn),
                                                                 isReported: row.isReported, statementID: row.statementID)
        }
    }

    /// Takes in the next statement in timeline order.
    public mutating func add(_ statement: Statement) {
        for stance in statement.stances where scope?.contains(stance.topic.id) ?? true {
            actorsByID[statement.speaker.id] = statement.speaker
            topicsByID[stance.topic.id] = stance.topic
            cells[statement.speaker.id, default: [:]][stance.topic.id] =
                Cell(stance: stance.stance, date: statement.effectiveDate, isReported: statement.isDatedByReport, statementID: statement.id)
        }
    }

    /// Actors that took any stance, by name.
    public var actors: [ActorRef] { actorsByID.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) } }
    /// Topics any stance was taken on, by slug.
    public var topics: [TopicRef] { topicsByID.values.sorted { $0.slug < $1.slug } }

    public func cell(actor: Int64, topic: Int64) -> Cell? {
        cells[actor]?[topic]
    }

    /// `supports (2025-05-19)`, `supports (reported 2025-05-20)`.
    static func label(_ cell: Cell, withDate: Bool) -> String {
        guard withDate, let date = cell.date else { return cell.stance.rawValue }
        return "\(cell.stance.rawValue) (\(cell.isReported ? "reported " : "")\(date))"
    }

    /// One row per actor, one column per topic.
    public func listing(withDates: Bool = true) -> Listing {
        var listing = Listing(columns: [Listing.Column("actor", "ACTOR")] + topics.map { Listing.Column($0.slug, $0.slug) })
        for actor in actors {
            let row = [actor.name] + topics.map { topic in cell(actor: actor.id, topic: topic.id).map { Self.label($0, withDate: withDates) } ?? "-" }
            let object = JSONValue.object([("actor", .string(actor.name)), ("stances", .object(topics.compactMap { topic in
                cell(actor: actor.id, topic: topic.id).map { cell in
                    (topic.slug, .object([("stance", .string(cell.stance.rawValue)), ("date", .optional(cell.date?.description)),
                                          ("reported", .bool(cell.isReported)), ("statement", .int(cell.statementID))]))
                }
            }))])
            listing.append(cells: row, object: object)
        }
        return listing
    }

    /// An aligned table: one row per actor, one column per topic.
    public func renderTable(width: Int? = nil, withDates: Bool = false) -> String {
        listing(withDates: withDates).renderTable(width: width)
    }

    /// A Markdown table.
    public func markdown() -> String {
        guard !actors.isEmpty else { return "No stances.\n" }
        var out = "| actor | " + topics.map { Markdown.escape($0.slug) }.joined(separator: " | ") + " |\n"
        out += "|---|" + topics.map { _ in "---|" }.joined() + "\n"
        for actor in actors {
            out += "| \(Markdown.escape(actor.name)) | " + topics.map { topic in
                cell(actor: actor.id, topic: topic.id).map { Markdown.escape(Self.label($0, withDate: true)) } ?? "–"
            }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// An HTML table with coloured stances.
    public func html() -> String {
        guard !actors.isEmpty else { return "<p>No stances.</p>\n" }
        var out = "<table>\n<tr><th>Actor</th>" + topics.map { "<th>\(HTML.escape($0.slug))</th>" }.joined() + "</tr>\n"
        for actor in actors {
            out += "<tr><th>\(HTML.escape(actor.name))</th>" + topics.map { topic in
                guard let cell = cell(actor: actor.id, topic: topic.id) else { return "<td>–</td>" }
                let date = cell.date.map { " <span class=\"meta\">\(cell.isReported ? "reported " : "")\($0)</span>" } ?? ""
                return "<td><span class=\"stance \(cell.stance.rawValue)\">\(cell.stance.rawValue)</span>\(date)</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }
}

/// A change of an actor's stance on a topic, with the statements on either side.
///
/// `before` and `after` are what a shift shows of each statement (id, dates, text): a topic
/// with tens of thousands of shifts holds no more than that of each.
public struct StanceShift: Sendable, Equatable {
    public var actor: ActorRef
    public var topic: TopicRef
    public var from: Stance
    public var to: Stance
    public var before: Side
    public var after: Side

    /// One statement on either side of a shift: what a shift shows of it.
    public typealias Side = StatementSummary
}

/// Shifts found and ordered, held as ids (`ShiftFinder.locate`): the statements on either side
/// are read as each shift is handed out, so a list of tens of thousands of shifts holds no words.
public struct ShiftList: Sendable {
    struct Change: Sendable {
        var from: StanceRow
        var to: StanceRow
    }

    let items: [Change]
    let actors: [Int64: ActorRef]
    let topics: [Int64: TopicRef]

    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    /// Hands out the shifts in order, the first `limit` of them when given, each with its two
    /// statements read from `parley`.
    /// - Throws: `ParleyError.database` when a statement of a shift was deleted meanwhile.
    public func forEach(in parley: ParleyDatabase, limit: Int? = nil, _ body: (StanceShift) throws -> Void) throws {
        // The statement after one shift is often the one before the next (supports → opposes
        // → supports): the last one read is kept.
        var last: StatementSummary?
        func summary(_ id: Int64) throws -> StatementSummary? {
            if let last, last.id == id { return last }
            return try parley.statements.summary(id)
        }
        for item in items.prefix(limit ?? items.count) {
            guard let actor = actors[item.to.speakerID], let topic = topics[item.to.topicID],
                  let before = try summary(item.from.statementID), let after = try summary(item.to.statementID) else {
                throw ParleyError.database("a statement of a shift vanished while the shifts were read; run the command again")
            }
            last = after
            try body(StanceShift(actor: actor, topic: topic, from: item.from.stance, to: item.to.stance, before: before, after: after))
        }
    }
}

/// Finds every change of stance: each speaker's stances on each topic read as a series in
/// timeline order (`StatementStore.forEachStanceInSeries`, one narrow row per stance), each
/// change kept as ids (a `ShiftList`), whose statements are read one shift at a time as the
/// shifts are written: memory grows with the number of shifts by a few ids each, never with
/// their words or with the statements.
///
/// A shift is a change between positions: supports, opposes, conditional, neutral. `unclear`
/// says the statement takes no readable position, so it is skipped (unless `includeUnclear`).
/// Statements of one event (the same speaker, the same date, a source in common: five quotes
/// from one press conference) are one occasion, not shifts of each other: the event's last
/// stance is what a later statement is compared with.
public enum ShiftFinder {
    /// The shifts among the statements `filter` selects, by actor, topic, then date; with
    /// topics in the filter, on those topics and their sub-topics only.
    public static func find(parley: ParleyDatabase, filter: StatementFilter, includeUnclear: Bool = false) throws -> [StanceShift] {
        let list = try locate(parley: parley, filter: filter, includeUnclear: includeUnclear)
        var shifts: [StanceShift] = []
        shifts.reserveCapacity(list.count)
        try list.forEach(in: parley) { shifts.append($0) }
        return shifts
    }

    /// The shifts among the statements `filter` selects, as ids in their order (by actor,
    /// topic, then date), to be written with `ShiftList.forEach`.
    public static func locate(parley: ParleyDatabase, filter: StatementFilter, includeUnclear: Bool = false) throws -> ShiftList {
        var found: [ShiftList.Change] = []
        var previous: StanceRow?
        try parley.statements.forEachStanceInSeries(filter, topics: try parley.topics.scope(filter.topics),
                                                    skippingUnclear: !includeUnclear) { row in
            defer { previous = row }
            guard let before = previous, before.speakerID == row.speakerID, before.topicID == row.topicID,
                  before.stance != row.stance else { return }
            if let date = row.effectiveOn, date == before.effectiveOn,
               try parley.statements.shareASource(before.statementID, row.statementID) { return }
            found.append(ShiftList.Change(from: before, to: row))
        }
        let actors = try parley.actors.refs(Set(found.map(\.to.speakerID)))
        let topics = try parley.topics.refs(Set(found.map(\.to.topicID)))
        // By actor, topic, then the later statement's place in timeline order (ids are what is
        // sorted; the statements' words are read as each shift is written).
        found.sort { a, b in
            let (actorA, actorB) = (actors[a.to.speakerID]?.name ?? "", actors[b.to.speakerID]?.name ?? "")
            if actorA != actorB { return actorA < actorB }
            let (topicA, topicB) = (topics[a.to.topicID]?.slug ?? "", topics[b.to.topicID]?.slug ?? "")
            if topicA != topicB { return topicA < topicB }
            return b.to.isLater(than: a.to)
        }
        return ShiftList(items: found, actors: actors, topics: topics)
    }

    /// The columns of a listing of shifts.
    public static let columns: [Listing.Column] = [.init("actor"), .init("topic"), .init("change"), .init("before"), .init("after")]

    public static func listing(_ shifts: [StanceShift]) -> Listing {
        var listing = Listing(columns: columns)
        for shift in shifts { listing.append(cells: cells(shift), object: object(shift)) }
        return listing
    }

    /// A shift's flat cells in a listing.
    static func cells(_ shift: StanceShift) -> [String] {
        [shift.actor.name, shift.topic.slug, "\(shift.from.rawValue) → \(shift.to.rawValue)",
         "\(shift.before.dateLabel) #\(shift.before.id)", "\(shift.after.dateLabel) #\(shift.after.id)"]
    }

    /// A shift's JSON object in a listing.
    static func object(_ shift: StanceShift) -> JSONValue {
        .object([
            ("actor", .string(shift.actor.name)), ("topic", .string(shift.topic.slug)),
            ("from", .string(shift.from.rawValue)), ("to", .string(shift.to.rawValue)),
            ("before", summary(shift.before)), ("after", summary(shift.after)),
        ])
    }

    /// The shifts as a Markdown list, one line each (`shifts --format markdown`), or a sentence
    /// saying there are none. With `quotes`, each line is followed by the words before and after
    /// (the report's form).
    public static func markdown(_ shifts: [StanceShift], quotes: Bool = false) -> String {
        guard !shifts.isEmpty else { return noShifts + "\n" }
        return shifts.map { markdown($0, quotes: quotes) }.joined()
    }

    /// One shift's line of the Markdown list (and, with `quotes`, the words before and after).
    static func markdown(_ shift: StanceShift, quotes: Bool) -> String {
        var out = "- **\(Markdown.escape(shift.actor.name))** on \(Markdown.escape(shift.topic.slug)): \(shift.from.rawValue) → \(shift.to.rawValue)"
        out += " (\(Markdown.escape(shift.before.dateLabel)) → \(Markdown.escape(shift.after.dateLabel)))\n"
        if quotes { out += "  - before: “\(Markdown.escape(shift.before.text))”\n  - after: “\(Markdown.escape(shift.after.text))”\n" }
        return out
    }

    /// Writes the shifts of `list` in `format` a piece at a time, each shift's statements read
    /// as it is written: what `markdown` or a listing of them writes (a table is aligned a
    /// group of `ListingStream.groupSize` rows at a time).
    public static func write(_ list: ShiftList, from parley: ParleyDatabase, format: MatrixFormat, width: Int?,
                             quotes: Bool = false, to write: @escaping (String) -> Void) throws {
        switch format {
        case .markdown:
            if list.isEmpty { write(noShifts + "\n") }
            try list.forEach(in: parley) { write(markdown($0, quotes: quotes)) }
        case .listing(let listingFormat):
            var stream = ListingStream(columns: columns, format: listingFormat, width: width, write: write)
            try list.forEach(in: parley) { shift in try stream.append(cells: cells(shift), object: object(shift)) }
            try stream.finish()
        }
    }

    /// What is said when no one changed stance.
    public static let noShifts = "No speaker changed stance on a topic."

    static func summary(_ statement: StanceShift.Side) -> JSONValue {
        .object([("id", .int(statement.id)), ("uuid", .string(statement.uuid)), ("date", .optional(statement.effectiveDate?.description)),
                 ("reported", .bool(statement.isDatedByReport)), ("text", .string(statement.text))])
    }
}

/// The formats of `stances` and `shifts`: every listing format, and Markdown (the matrix as a
/// Markdown table, the shifts as a list). A listing format added to `OutputFormat` is one here too.
public enum MatrixFormat: Vocabulary {
    case listing(OutputFormat)
    case markdown

    public static let vocabularyName = "format"
    public static var allCases: [MatrixFormat] { OutputFormat.allCases.map(MatrixFormat.listing) + [.markdown] }

    public init?(rawValue: String) {
        if rawValue == "markdown" {
            self = .markdown
        } else if let format = OutputFormat(rawValue: rawValue) {
            self = .listing(format)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .listing(let format): return format.rawValue
        case .markdown: return "markdown"
        }
    }

    /// The matrix or the shifts in this format: `markdown` for Markdown, else the listing. Only
    /// the one asked for is built.
    public func render(_ listing: @autoclosure () throws -> Listing, markdown: @autoclosure () throws -> String, width: Int?) throws -> String {
        switch self {
        case .listing(let format): return try listing().render(format, width: width)
        case .markdown: return try markdown()
        }
    }
}
