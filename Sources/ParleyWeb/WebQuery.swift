import Foundation
import Hummingbird
import ParleyCore

/// A request's query parameters, named as the command line's options (`?speaker=putin&topic=…`).
struct WebQuery: Sendable {
    let pairs: [(name: String, value: String)]

    init(_ request: Request) {
        pairs = Self.pairs(request.uri.query ?? "")
    }

    init(pairs: [(String, String)]) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// `a=1&b=x+y` as name–value pairs, percent-decoded (`+` is a space).
    static func pairs(_ text: String) -> [(name: String, value: String)] {
        pairs(text.split(separator: "&"))
    }

    /// The pairs of `a=1`, `b=x+y` pieces.
    static func pairs(_ pieces: [Substring]) -> [(name: String, value: String)] {
        pieces.compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let name = parts.first.map(decode), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Every non-blank value of a parameter.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map { $0.value.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    func value(_ name: String) -> String? { all(name).last }

    func has(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// The statement filter these parameters give, through the same core call as the command
    /// line's options (and so the same errors, naming the parameter).
    func filter() throws -> StatementFilter {
        var values: [StatementFilter.Option: [String]] = [:]
        for option in StatementFilter.Option.allCases {
            values[option] = option == .includeRetracted ? pairs.filter { $0.name == option.rawValue }.map(\.value) : all(option.rawValue)
        }
        return try StatementFilter(options: values, fieldPrefix: "")
    }

    /// The filter's own parameters, for links that keep them (pages, downloads).
    var filterPairs: [(String, String)] {
        let names = Set(StatementFilter.Option.allCases.map(\.rawValue))
        return pairs.filter { names.contains($0.name) && ($0.name == StatementFilter.Option.includeRetracted.rawValue || !$0.value.trimmingWhitespace().isEmpty) }
            .map { ($0.name, $0.value) }
    }

    /// A positive whole number, or the default.
    func number(_ name: String, default fallback: Int, maximum: Int) throws -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), number >= 1 else {
            throw ParleyError.invalid("'\(text)' is not a page or count: give a whole number from 1", field: name)
        }
        return min(number, maximum)
    }

    /// `?a=1&amp;b=2`: a query string, percent-encoded, for an `href` (its `&` escaped); empty
    /// for no pairs.
    static func href(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&amp;")
    }

    /// Percent-encodes all but unreserved characters.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A path segment: a slug or id, encoded.
    static func segment(_ text: String) -> String { encode(text) }
}
