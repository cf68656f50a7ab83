/// The fields each kind of record in an interchange document may have, taken from the records'
/// own coding keys, so that a mistyped field (`stnaces`) is refused with the closest right one
/// instead of being dropped without a word.
///
/// A shape names the record an object is; for a list it names the records in the list. Stances
/// are a mapping whose keys are topics, so their keys are not checked.
public enum RecordShape: Sendable, Equatable {
    case document, counts, actor, affiliation, topic, source, statement, link, retraction
    /// Keys that are data (a statement's stances), or a value that is not a record.
    case free

    /// The fields allowed, or nil when any key is.
    public var fields: [String]? {
        switch self {
        case .document: return Self.documentFields
        case .counts: return Self.countsFields
        case .actor: return Self.actorFields
        case .affiliation: return Self.affiliationFields
        case .topic: return Self.topicFields
        case .source: return Self.sourceFields
        case .statement: return Self.statementFields
        case .link: return Self.linkFields
        case .retraction: return Self.retractionFields
        case .free: return nil
        }
    }

    /// The field `key` (UTF-8 bytes, as written) names exactly, without building a string; nil
    /// when it names none, or has escapes (then `problem(withKey:)` on its decoded text decides).
    public func field(matching key: UnsafeBufferPointer<UInt8>) -> String? {
        guard let fields else { return nil }
        return fields.first { $0.utf8.count == key.count && $0.utf8.elementsEqual(key) }
    }

    // Computed once: every key of every JSON line is looked up here.
    private static let documentFields = InterchangeDocument.CodingKeys.allCases.map(\.stringValue)
    private static let countsFields = DocumentCounts.CodingKeys.allCases.map(\.stringValue)
    private static let actorFields = ActorRecord.CodingKeys.allCases.map(\.stringValue)
    private static let affiliationFields = AffiliationRecord.CodingKeys.allCases.map(\.stringValue)
    private static let topicFields = TopicRecord.CodingKeys.allCases.map(\.stringValue)
    private static let sourceFields = SourceRecord.CodingKeys.allCases.map(\.stringValue)
    private static let statementFields = StatementRecord.CodingKeys.allCases.map(\.stringValue)
    private static let linkFields = LinkRecord.CodingKeys.allCases.map(\.stringValue)
    private static let retractionFields = RetractionRecord.CodingKeys.allCases.map(\.stringValue)

    /// The notes `parley extract` writes for the reviewer, which import reads past: a statement's
    /// `confidence`, `rule`, `sentence`, `quote_span`, `attribution_span` and `candidates`, and
    /// the document's `unattributed` quotations.
    public var reviewNotes: [String] {
        switch self {
        case .document: return ["unattributed"]
        case .statement: return ["confidence", "rule", "sentence", "quote_span", "attribution_span", "candidates"]
        default: return []
        }
    }

    /// What the record is called in messages.
    public var name: String {
        switch self {
        case .document: return "the document"
        case .counts: return "counts"
        case .actor: return "an actor"
        case .affiliation: return "an affiliation"
        case .topic: return "a topic"
        case .source: return "a source"
        case .statement: return "a statement"
        case .link: return "a link"
        case .retraction: return "retracted"
        case .free: return "a value"
        }
    }

    /// The shape of the value under `key` (or of the items of the list under it).
    public func child(_ key: String) -> RecordShape {
        switch (self, key) {
        case (.document, "actors"): return .actor
        case (.document, "topics"): return .topic
        case (.document, "sources"), (.document, "source"), (.statement, "sources"): return .source
        case (.document, "statements"): return .statement
        case (.document, "counts"): return .counts
        case (.actor, "affiliations"): return .affiliation
        case (.statement, "links"): return .link
        case (.statement, "retracted"): return .retraction
        default: return .free
        }
    }

    /// The problem with `key` in a record of this shape, or nil when it is allowed: the message
    /// names the closest allowed field when one is near.
    public func problem(withKey key: String) -> String? {
        guard let fields, !fields.contains(key), !reviewNotes.contains(key) else { return nil }
        let suggestion = TextKeys.closest(to: key, in: fields).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown field '\(key)' in \(name)\(suggestion); the fields of \(name) are: \(fields.joined(separator: ", "))"
    }
}
