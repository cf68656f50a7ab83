/// Each actor's latest stance on each topic: who stands where, and since which statement.
public struct StanceMatrix: Sendable {
    public struct Cell: Sendable, Equatable {
        public var stance: Stance
        /// The date of the statement that took it (said, or first reported).
        public var date: PartialDate?
        public var statementID: Int64
    }

    /// Actors that took any stance, by name.
    public private(set) var actors: [ActorRef] = []
    /// Topics any stance was taken on, by slug.
    public private(set) var topics: [TopicRef] = []
    private var cells: [Int64: [Int64: Cell]] = [:]

    /// Builds the matrix from statements in timeline order: a later statement's stance replaces
    /// an earlier one's. Statements are attributed to their speaker.
    public init<S: Sequence>(statements: S) where S.Element == Statement {
        var actorsByID: [Int64: ActorRef] = [:]
        var topicsByID: [Int64: TopicRef] = [:]
        for statement in statements {
            for stance in statement.stances {
                actorsByID[statement.speaker.id] = statement.speaker
                topicsByID[stance.topic.id] = stance.topic
                cells[statement.speaker.id, default: [:]][stance.topic.id] =
                    Cell(stance: stance.stance, date: statement.effectiveDate, statementID: statement.id)
            }
        }
        actors = actorsByID.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        topics = topicsByID.values.sorted { $0.slug < $1.slug }
    }

    public func cell(actor: Int64, topic: Int64) -> Cell? {
        cells[actor]?[topic]
    }

    /// An aligned table: one row per actor, one column per topic.
    public func renderTable(width: Int? = nil) -> String {
        var listing = Listing(columns: [Listing.Column("actor", "ACTOR")] + topics.map { Listing.Column($0.slug, $0.slug) })
        for actor in actors {
            let row = [actor.name] + topics.map { cell(actor: actor.id, topic: $0.id)?.stance.rawValue ?? "-" }
            listing.append(cells: row, object: .null)
        }
        return listing.renderTable(width: width)
    }
}
