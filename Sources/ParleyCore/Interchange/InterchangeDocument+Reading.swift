import Foundation
import Yams

/// Reading an interchange document from YAML or JSON text, with every problem named by its place.
extension InterchangeDocument {
    /// Reads a YAML document (JSON is YAML too, but use `fromJSON` for JSON's exact rules).
    /// - Throws: `ParleyError.invalidInput` naming the place of a syntax or shape error.
    public static func fromYAML(_ text: String, origin: String) throws -> InterchangeDocument {
        do {
            return try YAMLDecoder().decode(InterchangeDocument.self, from: text)
        } catch let error as DecodingError {
            throw ParleyError.invalidInput([InputProblem(location: origin, message: describe(error))], hint: nil)
        } catch {
            throw ParleyError.invalidInput([InputProblem(location: origin, message: "not valid YAML: \(error)")], hint: nil)
        }
    }

    /// Reads a JSON document.
    public static func fromJSON(_ data: Data, origin: String) throws -> InterchangeDocument {
        do {
            return try JSONDecoder().decode(InterchangeDocument.self, from: data)
        } catch let error as DecodingError {
            throw ParleyError.invalidInput([InputProblem(location: origin, message: describe(error))], hint: nil)
        } catch {
            throw ParleyError.invalidInput([InputProblem(location: origin, message: "not valid JSON: \(error.localizedDescription)")], hint: nil)
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
