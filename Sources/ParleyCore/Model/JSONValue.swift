import Foundation

/// A JSON value whose objects keep their keys in the order they were built, so output is
/// deterministic and reads in a sensible order (id first, details after).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `.string` for a value, `.null` for nil.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    public static func optional(_ number: Int64?) -> JSONValue { number.map(JSONValue.int) ?? .null }

    /// Serializes. `indent` nil gives one line (JSON Lines); otherwise pretty-printed.
    public func serialized(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    /// One element of a pretty-printed array written a piece at a time (a listing that streams):
    /// `[` before the first element, `,` before the others; `arrayEnd` closes it. The pieces
    /// together are what `.array(elements).serialized()` writes.
    public func arrayElement(first: Bool) -> String {
        var out = first ? "[\n  " : ",\n  "
        write(into: &out, indent: 2, level: 1)
        return out
    }

    /// The end of an array written with `arrayElement`, and a newline.
    public static func arrayEnd(empty: Bool) -> String {
        empty ? "[]\n" : "\n]\n"
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value):
            if value.isFinite {
                out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : String(value)
            } else {
                out += "null"  // JSON has no NaN or infinity
            }
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, level + 1)
                JSONValue.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// RFC 8259 string escaping; control characters become `\u00XX`, so JSON output never
    /// carries a raw control character to a terminal.
    static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// An object of the members whose value is present: nil and `.null` are left out, so a
    /// record says only what is known.
    /// The value of an object's member, or nil.
    public func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// An object's members in order (empty for anything else).
    public var members: [(String, JSONValue)] {
        if case .object(let members) = self { return members }
        return []
    }

    /// The integer, or nil.
    public var integer: Int64? {
        if case .int(let number) = self { return number }
        return nil
    }

    public static func members(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in
            guard let value, value != .null else { return nil }
            return (key, value)
        })
    }

    /// The members of two objects that differ: (old values, new values). For history entries.
    public static func difference(_ old: JSONValue, _ new: JSONValue) -> (old: JSONValue, new: JSONValue) {
        guard case .object(let before) = old, case .object(let after) = new else { return (old, new) }
        var keys: [String] = []
        for (key, _) in before + after where !keys.contains(key) { keys.append(key) }
        var oldChanged: [(String, JSONValue)] = []
        var newChanged: [(String, JSONValue)] = []
        for key in keys {
            let a = before.first { $0.0 == key }?.1 ?? .null
            let b = after.first { $0.0 == key }?.1 ?? .null
            if a != b {
                oldChanged.append((key, a))
                newChanged.append((key, b))
            }
        }
        return (.object(oldChanged), .object(newChanged))
    }
}

extension JSONValue {
    /// Parses JSON text (history values) with Foundation; object keys come back sorted. Text
    /// that is not JSON (written by another tool) shows as nothing rather than failing a listing.
    static func parse(_ text: String) -> JSONValue? {
        do {
            return JSONValue(any: try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
        } catch {
            return nil
        }
    }

    init(any value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as NSNumber:
            // Parley's history holds no booleans; a number is an integer when it is whole.
            if let integer = Int64(exactly: number.doubleValue), !String(describing: number).contains(".") {
                self = .int(integer)
            } else {
                self = .double(number.doubleValue)
            }
        case let array as [Any]: self = .array(array.map(JSONValue.init(any:)))
        case let object as [String: Any]: self = .object(object.keys.sorted().map { ($0, JSONValue(any: object[$0] as Any)) })
        default: self = .null
        }
    }
}
