/// A closed vocabulary whose words are stored as text and typed by users.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// What the words describe, for error messages: "stance", "statement kind".
    static var vocabularyName: String { get }
}

extension Vocabulary {
    /// Parses a user's word, case-insensitively.
    /// - Throws: `ParleyError.invalidInput` naming the allowed words.
    public static func parse(_ text: String, field: String? = nil, location: String? = nil) throws -> Self {
        // The stored spelling first: a million stance rows are read without folding each word.
        if let value = Self(rawValue: text) { return value }
        let word = text.trimmingWhitespace().lowercased()
        if let value = Self(rawValue: word) { return value }
        let allowed = allCases.map(\.rawValue).joined(separator: ", ")
        throw ParleyError.invalid("unknown \(vocabularyName) '\(text)'; use one of: \(allowed)", field: field, location: location)
    }

    /// All words, comma-separated, for help texts.
    public static var allowedWords: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The position a statement takes on a topic.
public enum Stance: String, Vocabulary {
    case supports, opposes, conditional, neutral, unclear
    public static let vocabularyName = "stance"

    /// The SemEval-2016 stance label: supports → FAVOR, opposes → AGAINST, others → NONE.
    public var semEvalLabel: String {
        switch self {
        case .supports: return "FAVOR"
        case .opposes: return "AGAINST"
        case .conditional, .neutral, .unclear: return "NONE"
        }
    }
}

/// Whether the text is verbatim or reported speech.
public enum StatementKind: String, Vocabulary {
    case quote, paraphrase
    public static let vocabularyName = "statement kind"
}

/// What an actor is.
public enum ActorKind: String, Vocabulary {
    case person, organization, state, group
    public static let vocabularyName = "actor kind"
}

/// How one statement relates to an earlier one.
public enum LinkRelation: String, Vocabulary {
    case repeats, clarifies, contradicts, retracts
    case respondsTo = "responds-to"
    public static let vocabularyName = "link relation"
}
