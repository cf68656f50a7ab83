import Foundation

/// Reading an interchange document from YAML or JSON text: the same reader as `import`
/// (`InterchangeReader`), with every problem named by its place.
extension InterchangeDocument {
    /// Reads a YAML document (JSON is YAML too, but use `fromJSON` for JSON's exact rules).
    /// - Throws: `ParleyError.invalidInput` naming the place of a syntax or shape error.
    public static func fromYAML(_ text: String, origin: String) throws -> InterchangeDocument {
        try InterchangeReader.read(Data(text.utf8), format: .yaml, origin: origin).document
    }

    /// Reads a JSON document.
    public static func fromJSON(_ data: Data, origin: String) throws -> InterchangeDocument {
        try InterchangeReader.read(data, format: .json, origin: origin).document
    }

    /// Checks the document's `counts`, when it has them, against what it holds.
    /// - Throws: `ParleyError.invalidInput` naming each kind whose count differs.
    func checkCounts(origin: String) throws {
        guard let counts else { return }
        let found: [(String, Int?, Int)] = [
            ("actors", counts.actors, actors?.count ?? 0), ("topics", counts.topics, topics?.count ?? 0),
            ("sources", counts.sources, (sources?.count ?? 0) + (source == nil ? 0 : 1)),
            ("statements", counts.statements, statements?.count ?? 0),
        ]
        let problems = found.compactMap { kind, said, held -> InputProblem? in
            guard let said, said != held else { return nil }
            return InputProblem(location: origin, field: "counts.\(kind)",
                                message: "the file says it holds \(said) \(kind) but holds \(held): it was cut short or edited")
        }
        if !problems.isEmpty {
            throw ParleyError.invalidInput(problems, hint: "Nothing was imported. Export the file again, or, if you removed records on purpose, correct or delete its `counts`.")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0 + 1)]" } ?? ".\($0.stringValue)" }
            let joined = parts.joined()
            return joined.isEmpty ? "the document" : String(joined.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(typeName(type)); \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): a \(typeName(type)) is required here"
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : path(context) + ": "
            return "\(at)the field '\(key.stringValue)' is required"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is [String: String].Type: return "a mapping of topic to stance"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : name.hasSuffix("Record") ? "a mapping" : name
        }
    }
}
