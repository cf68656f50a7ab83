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
    /// It reads one narrow row per stance in the table's own order and keeps, per actor and
    /// topic, the one latest in timeline order: memory grows with actors × topics, not with
    /// statements, and nothing is sorted.
    public init(parley: ParleyDatabase, filter: StatementFilter) throws {
        let scope = try parley.topics.scope(filter.topics)
        self.init(topics: scope)
        var latest: [Int64: [Int64: StanceRow]] = [:]
        try parley.statements.forEachStance(filter, topics: scope) { row in
            if let held = latest[row.speakerID]?[row.topicID], !row.isLater(than: held) { return }
            latest[row.speakerID, default: [:]][row.topicID] = row
        }
        let actors = try parley.actors.refs(Set(latest.keys))
        let topics = try parley.topics.refs(Set(latest.values.flatMap(\.keys)))
        for (speaker, byTopic) in latest {
            actorsByID[speaker] = actors[speaker]
            for (topic, row) in byTopic {
                topicsByID[topic] = topics[topic]
                cells[speaker, default: [:]][topic] = Cell(stance: row.stance, date: try PartialDate.parseOptional(row.effectiveOn),
                                                         isReported: row.isReported, statementID: row.statementID)
            }
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

    /// One statement on either side of a shift.
    public struct Side: Sendable, Equatable {
        public var id: Int64
        public var uuid: String
        public var saidOn: PartialDate?
        public var reportedOn: PartialDate?
        public var text: String

        public init(_ statement: Statement) {
            (id, uuid, saidOn, reportedOn, text) = (statement.id, statement.uuid, statement.saidOn, statement.reportedOn, statement.text)
        }

        /// Said on, else first reported.
        public var effectiveDate: PartialDate? { saidOn ?? reportedOn }
        public var isDatedByReport: Bool { saidOn == nil && reportedOn != nil }
        /// `2025-05-19`, `reported 2025-05-20`, or `undated`, as a statement's.
        public var dateLabel: String { PartialDate.label(saidOn: saidOn, reportedOn: reportedOn) }
    }
}

/// Finds every change of stance, reading statements in timeline order; it keeps only each
/// actor's last stance per topic, so memory does not grow with the number of statements.
///
/// A shift is a change between positions: supports, opposes, conditional, neutral. `unclear`
/// says the statement takes no readable position, so it is skipped (unless `includeUnclear`).
/// Statements of one event (the same speaker, the same date, a source in common: five quotes
/// from one press conference) are one occasion, not shifts of each other: the event's last
/// stance is what a later statement is compared with.
public struct ShiftFinder: Sendable {
    /// A statement as the finder keeps it: its own fields, and the sources that tell an event.
    private struct Kept: Sendable {
        var stance: Stance
        var statement: StanceShift.Side
        var sourceIDs: Set<Int64>
    }
    private var last: [Int64: [Int64: Kept]] = [:]
    public private(set) var shifts: [StanceShift] = []
    private let scope: Set<Int64>?
    private let includeUnclear: Bool

    public init(topics scope: Set<Int64>? = nil, includeUnclear: Bool = false) {
        self.scope = scope
        self.includeUnclear = includeUnclear
    }

    public init<S: Sequence>(statements: S, topics scope: Set<Int64>? = nil, includeUnclear: Bool = false) where S.Element == Statement {
        self.init(topics: scope, includeUnclear: includeUnclear)
        for statement in statements { add(statement) }
    }

    /// The shifts among the statements `filter` selects; with topics in the filter, on those
    /// topics and their sub-topics only.
    public static func find(parley: ParleyDatabase, filter: StatementFilter, includeUnclear: Bool = false) throws -> [StanceShift] {
        var finder = ShiftFinder(topics: try parley.topics.scope(filter.topics), includeUnclear: includeUnclear)
        try parley.statements.forEach(filter, relations: [.stances, .sources]) { finder.add($0) }
        return finder.sorted
    }

    public mutating func add(_ statement: Statement) {
        let own = StanceShift.Side(statement)
        let sourceIDs = Set(statement.sources.map(\.id))
        for stance in statement.stances where (scope?.contains(stance.topic.id) ?? true) && (includeUnclear || stance.stance != .unclear) {
            if let previous = last[statement.speaker.id]?[stance.topic.id], previous.stance != stance.stance,
               !Self.sameEvent(previous.statement.effectiveDate, previous.sourceIDs, statement.effectiveDate, sourceIDs) {
                shifts.append(StanceShift(actor: statement.speaker, topic: stance.topic, from: previous.stance, to: stance.stance,
                                          before: previous.statement, after: own))
            }
            last[statement.speaker.id, default: [:]][stance.topic.id] = Kept(stance: stance.stance, statement: own, sourceIDs: sourceIDs)
        }
    }

    /// The same date and a source in common (the speaker is the same by construction).
    static func sameEvent(_ aDate: PartialDate?, _ aSources: Set<Int64>, _ bDate: PartialDate?, _ bSources: Set<Int64>) -> Bool {
        guard let aDate, aDate == bDate else { return false }
        return !aSources.isDisjoint(with: bSources)
    }

    /// The shifts by actor, topic, then date (the order found: timeline order). Indices are
    /// sorted, not the shifts, so only one more copy of them is made.
    public var sorted: [StanceShift] {
        let order = shifts.indices.sorted {
            (shifts[$0].actor.name, shifts[$0].topic.slug, $0) < (shifts[$1].actor.name, shifts[$1].topic.slug, $1)
        }
        return order.map { shifts[$0] }
    }

    public static func listing(_ shifts: [StanceShift]) -> Listing {
        var listing = Listing(columns: [.init("actor"), .init("topic"), .init("change"), .init("before"), .init("after")])
        for shift in shifts {
            listing.append(
                cells: [shift.actor.name, shift.topic.slug, "\(shift.from.rawValue) → \(shift.to.rawValue)",
                        "\(shift.before.dateLabel) #\(shift.before.id)", "\(shift.after.dateLabel) #\(shift.after.id)"],
                object: .object([
                    ("actor", .string(shift.actor.name)), ("topic", .string(shift.topic.slug)),
                    ("from", .string(shift.from.rawValue)), ("to", .string(shift.to.rawValue)),
                    ("before", summary(shift.before)), ("after", summary(shift.after)),
                ]))
        }
        return listing
    }

    /// The shifts as a Markdown list, one line each (`shifts --format markdown`), or a sentence
    /// saying there are none. With `quotes`, each line is followed by the words before and after
    /// (the report's form).
    public static func markdown(_ shifts: [StanceShift], quotes: Bool = false) -> String {
        guard !shifts.isEmpty else { return noShifts + "\n" }
        var out = ""
        for shift in shifts {
            out += "- **\(Markdown.escape(shift.actor.name))** on \(Markdown.escape(shift.topic.slug)): \(shift.from.rawValue) → \(shift.to.rawValue)"
            out += " (\(Markdown.escape(shift.before.dateLabel)) → \(Markdown.escape(shift.after.dateLabel)))\n"
            if quotes { out += "  - before: “\(Markdown.escape(shift.before.text))”\n  - after: “\(Markdown.escape(shift.after.text))”\n" }
        }
        return out
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
