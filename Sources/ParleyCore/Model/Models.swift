// The domain types of DESIGN §2, as read from the database.
//
// Naming: the domain's "actor" is `DiplomaticActor` in Swift. A type named `Actor` would shadow
// Swift's `Actor` protocol inside this module and in every file that imports it, which is a
// trap for library users; the database table and the command line still say "actor".

/// A short reference to an actor: enough to print and to link.
public struct ActorRef: Sendable, Hashable {
    public var id: Int64
    public var slug: String
    public var name: String
}

/// A short reference to a topic.
public struct TopicRef: Sendable, Hashable {
    public var id: Int64
    public var slug: String
    public var title: String
}

/// A person, organization, state or group whose statements are tracked.
public struct DiplomaticActor: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var slug: String
    public var name: String
    public var kind: ActorKind
    /// ISO 3166-1 alpha-3, such as `UKR`.
    public var country: String?
    /// A Wikidata item id, such as `Q3874799`.
    public var wikidataID: String?
    public var description: String?
    public var aliases: [String]
    public var affiliations: [Affiliation]
    public var createdAt: String
    public var updatedAt: String

    public var ref: ActorRef { ActorRef(id: id, slug: slug, name: name) }
}

/// A role an actor held, possibly in an organization, possibly for a period.
public struct Affiliation: Sendable, Equatable {
    public var organization: ActorRef?
    public var role: String?
    public var startedOn: PartialDate?
    public var endedOn: PartialDate?

    /// `spokeswoman, China's foreign ministry (2022–)`.
    public var summary: String {
        var text = [role, organization?.name].compactMap { $0 }.joined(separator: ", ")
        if startedOn != nil || endedOn != nil {
            text += " (\(startedOn?.description ?? "")–\(endedOn?.description ?? ""))"
        }
        return text
    }
}

/// A question positions are taken on.
public struct Topic: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var slug: String
    public var title: String
    public var description: String?
    public var parent: TopicRef?

    public var ref: TopicRef { TopicRef(id: id, slug: slug, title: title) }
}

/// Where a statement was reported.
public struct Source: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var url: String?
    public var outlet: String?
    public var title: String?
    public var author: String?
    public var publishedOn: PartialDate?
    /// A wire service the outlet credits, such as AFP.
    public var via: String?
    public var archivedURL: String?
    public var language: String?

    /// `Hindustan Times via AFP`, or the URL when there is no outlet.
    public var label: String {
        let outletText = outlet ?? title ?? url ?? "source \(id)"
        if let via { return "\(outletText) via \(via)" }
        return outletText
    }
}

/// A CAMEO event code with its Goldstein score.
public struct CameoEvent: Sendable, Equatable {
    public var code: String
    public var description: String
    public var goldstein: Double
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    public var quadClass: Int
}

/// A stance a statement takes on one topic.
public struct TopicStance: Sendable, Equatable {
    public var topic: TopicRef
    public var stance: Stance
}

/// A typed link between two statements, seen from one of them.
public struct StatementLink: Sendable, Equatable {
    public enum Direction: String, Sendable { case outgoing, incoming }
    public var relation: LinkRelation
    public var direction: Direction
    public var otherID: Int64
    public var otherUUID: String
}

/// One thing one speaker said.
public struct Statement: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var speaker: ActorRef
    public var onBehalfOf: ActorRef?
    public var text: String
    public var kind: StatementKind
    /// When it was said, as precisely as known; nil when unknown.
    public var saidOn: PartialDate?
    /// The earliest published date among its sources.
    public var reportedOn: PartialDate?
    public var medium: String?
    public var place: String?
    public var language: String?
    public var note: String?
    public var cameo: CameoEvent?
    public var stances: [TopicStance]
    public var sources: [Source]
    public var targets: [ActorRef]
    public var links: [StatementLink]
    public var retractedAt: String?
    public var retractionReason: String?
    public var createdAt: String
    public var updatedAt: String

    /// The date a timeline places it at: when it was said or, failing that, first reported.
    public var effectiveDate: PartialDate? { saidOn ?? reportedOn }
    /// True when `effectiveDate` is a report date, not the date it was said.
    public var isDatedByReport: Bool { saidOn == nil && reportedOn != nil }
    public var isRetracted: Bool { retractedAt != nil }

    /// `2025-05-19`, `reported 2025-05-20`, or `undated`.
    public var dateLabel: String { PartialDate.label(saidOn: saidOn, reportedOn: reportedOn) }
}

extension Statement {
    /// The labels of its sources (outlet, "via" wire), each once, in the order the sources are listed.
    public var outlets: [String] { sources.map(\.label).distinctInOrder() }
}

extension Array where Element: Equatable {
    /// Each element once, in the order first seen.
    public func distinctInOrder() -> [Element] {
        var seen: [Element] = []
        for element in self where !seen.contains(element) { seen.append(element) }
        return seen
    }
}
