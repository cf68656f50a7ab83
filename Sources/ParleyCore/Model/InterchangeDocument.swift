/// The interchange document of DESIGN §5, as JSON or YAML: what `import` reads and `export`
/// writes.
///
/// Two shapes are accepted. The full form lists `actors`, `topics`, `sources` and `statements`.
/// The short form, for one article, gives a single `source` and the `statements` it reports;
/// a statement without its own `sources` is then credited to that source:
///
/// ```yaml
/// source: {url: "https://example.org/article", outlet: Hindustan Times, published: 2025-05-20, via: AFP}
/// statements:
///   - speaker: Donald Trump
///     said_on: 2025-05-19
///     medium: Truth Social post
///     quote: "Russia and Ukraine will immediately start negotiations toward a Ceasefire…"
///     stances: {ceasefire: supports, direct-talks: supports}
/// ```
///
/// Values are kept as text here and validated by the importer, so that every problem can be
/// reported with its record and field rather than as a decoding failure.
public struct InterchangeDocument: Codable, Sendable, Equatable {
    public var actors: [ActorRecord]?
    public var topics: [TopicRecord]?
    public var sources: [SourceRecord]?
    /// The short form's one source.
    public var source: SourceRecord?
    public var statements: [StatementRecord]?
    /// How many records of each kind the document holds, as `export` writes them: an import
    /// checks them, so that a file cut short at a line boundary (still valid YAML) is refused
    /// rather than read as a smaller export.
    public var counts: DocumentCounts?

    public init(counts: DocumentCounts? = nil, actors: [ActorRecord]? = nil, topics: [TopicRecord]? = nil, sources: [SourceRecord]? = nil,
                source: SourceRecord? = nil, statements: [StatementRecord]? = nil) {
        self.counts = counts
        self.actors = actors
        self.topics = topics
        self.sources = sources
        self.source = source
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case counts, actors, topics, sources, source, statements
    }
}

/// The number of records of each kind a document holds.
public struct DocumentCounts: Codable, Sendable, Equatable {
    public var actors: Int?
    public var topics: Int?
    public var sources: Int?
    public var statements: Int?

    public init(actors: Int?, topics: Int?, sources: Int?, statements: Int?) {
        self.actors = actors
        self.topics = topics
        self.sources = sources
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case actors, topics, sources, statements
    }
}

public struct ActorRecord: Codable, Sendable, Equatable {
    public var uuid: String?
    public var name: String
    public var slug: String?
    public var kind: String?
    public var country: String?
    public var wikidata: String?
    public var description: String?
    public var aliases: [String]?
    public var affiliations: [AffiliationRecord]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, name, slug, kind, country, wikidata, description, aliases, affiliations
    }
}

public struct AffiliationRecord: Codable, Sendable, Equatable {
    public var organization: String?
    public var role: String?
    public var from: String?
    public var to: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case organization, role, from, to
    }
}

public struct TopicRecord: Codable, Sendable, Equatable {
    public var uuid: String?
    public var slug: String?
    public var title: String?
    public var description: String?
    public var parent: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, slug, title, description, parent
    }
}

public struct SourceRecord: Codable, Sendable, Equatable {
    public var uuid: String?
    public var url: String?
    public var outlet: String?
    public var title: String?
    public var author: String?
    public var published: String?
    public var via: String?
    public var archivedURL: String?
    public var language: String?

    public init(uuid: String? = nil, url: String? = nil, outlet: String? = nil, title: String? = nil, author: String? = nil,
                published: String? = nil, via: String? = nil, archivedURL: String? = nil, language: String? = nil) {
        self.uuid = uuid
        self.url = url
        self.outlet = outlet
        self.title = title
        self.author = author
        self.published = published
        self.via = via
        self.archivedURL = archivedURL
        self.language = language
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, url, outlet, title, author, published, via
        case archivedURL = "archived_url"
        case language
    }
}

public struct StatementRecord: Codable, Sendable, Equatable {
    public var uuid: String?
    public var speaker: String
    public var onBehalfOf: String?
    /// Verbatim text; exactly one of `quote` and `paraphrase` is given.
    public var quote: String?
    public var paraphrase: String?
    public var saidOn: String?
    public var medium: String?
    public var place: String?
    public var language: String?
    public var note: String?
    public var cameo: String?
    /// Topic → stance word.
    public var stances: [String: String]?
    /// The sources that reported it: URLs or UUIDs of sources in the document or the database,
    /// or whole source records (as JSON Lines and CSV carry them).
    public var sources: [SourceReference]?
    /// Actors the statement is addressed to or about.
    public var targets: [String]?
    /// Typed links to other statements, by UUID.
    public var links: [LinkRecord]?
    public var retracted: RetractionRecord?

    public init(uuid: String? = nil, speaker: String, onBehalfOf: String? = nil, quote: String? = nil, paraphrase: String? = nil,
                saidOn: String? = nil, medium: String? = nil, place: String? = nil, language: String? = nil, note: String? = nil,
                cameo: String? = nil, stances: [String: String]? = nil, sources: [SourceReference]? = nil, targets: [String]? = nil,
                links: [LinkRecord]? = nil, retracted: RetractionRecord? = nil) {
        self.uuid = uuid
        self.speaker = speaker
        self.onBehalfOf = onBehalfOf
        self.quote = quote
        self.paraphrase = paraphrase
        self.saidOn = saidOn
        self.medium = medium
        self.place = place
        self.language = language
        self.note = note
        self.cameo = cameo
        self.stances = stances
        self.sources = sources
        self.targets = targets
        self.links = links
        self.retracted = retracted
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, speaker
        case onBehalfOf = "on_behalf_of"
        case quote, paraphrase
        case saidOn = "said_on"
        case medium, place, language, note, cameo, stances, sources, targets, links, retracted
    }
}

/// A source as a statement names it: a URL or UUID, or a whole record.
public enum SourceReference: Codable, Sendable, Equatable {
    case reference(String)
    case record(SourceRecord)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            self = .reference(try container.decode(String.self))
        } catch DecodingError.typeMismatch {
            self = .record(try container.decode(SourceRecord.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .reference(let text): try container.encode(text)
        case .record(let record): try container.encode(record)
        }
    }
}

/// "This statement `relation` the statement `to`" (a UUID).
public struct LinkRecord: Codable, Sendable, Equatable {
    public var relation: String
    public var to: String

    public init(relation: String, to: String) {
        self.relation = relation
        self.to = to
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case relation, to
    }
}

/// When and why a statement was retracted.
public struct RetractionRecord: Codable, Sendable, Equatable {
    public var at: String?
    public var reason: String?

    public init(at: String?, reason: String?) {
        self.at = at
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case at, reason
    }
}
