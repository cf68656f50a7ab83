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

    public init() {}

    /// Builds the matrix from statements in timeline order: a later statement's stance replaces
    /// an earlier one's. Statements are attributed to their speaker.
    public init<S: Sequence>(statements: S) where S.Element == Statement {
        for statement in statements { add(statement) }
    }

    /// Takes in the next statement in timeline order.
    public mutating func add(_ statement: Statement) {
        for stance in statement.stances {
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
public struct StanceShift: Sendable, Equatable {
    public var actor: ActorRef
    public var topic: TopicRef
    public var from: Stance
    public var to: Stance
    public var before: Statement
    public var after: Statement
}

/// Finds every change of stance, reading statements in timeline order; it keeps only each
/// actor's last stance per topic, so memory does not grow with the number of statements.
public struct ShiftFinder: Sendable {
    private var last: [Int64: [Int64: (stance: Stance, statement: Statement)]] = [:]
    public private(set) var shifts: [StanceShift] = []

    public init() {}

    public init<S: Sequence>(statements: S) where S.Element == Statement {
        for statement in statements { add(statement) }
    }

    public mutating func add(_ statement: Statement) {
        for stance in statement.stances {
            if let previous = last[statement.speaker.id]?[stance.topic.id], previous.stance != stance.stance {
                shifts.append(StanceShift(actor: statement.speaker, topic: stance.topic, from: previous.stance, to: stance.stance,
                                          before: previous.statement, after: statement))
            }
            last[statement.speaker.id, default: [:]][stance.topic.id] = (stance.stance, statement)
        }
    }

    /// The shifts by actor, topic, then date.
    public var sorted: [StanceShift] {
        shifts.enumerated().sorted {
            ($0.element.actor.name, $0.element.topic.slug, $0.offset) < ($1.element.actor.name, $1.element.topic.slug, $1.offset)
        }.map(\.element)
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

    static func summary(_ statement: Statement) -> JSONValue {
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

    /// The matrix or the shifts in this format: `markdown` for Markdown, else the listing.
    public func render(_ listing: Listing, markdown: String, width: Int?) throws -> String {
        switch self {
        case .listing(let format): return try listing.render(format, width: width)
        case .markdown: return markdown
        }
    }
}
