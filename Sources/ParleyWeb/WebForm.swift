import Foundation
import NIOCore
import ParleyCore

/// A submitted form: `application/x-www-form-urlencoded`, or `multipart/form-data` (for an
/// article uploaded as a file). Values in the order sent; a file's value is its text.
///
/// Reading is linear in the body's size whatever its bytes: the multipart boundary is found by
/// one Knuth–Morris–Pratt pass (`ByteSearch`), the boundary is at most 70 characters (RFC 2046),
/// and a form has at most `maximumFields` fields; lookups by name go through an index.
struct WebForm: Sendable {
    private(set) var fields: [(name: String, value: String)] = []
    /// Each name's positions in `fields`, in order.
    private var positions: [String: [Int]] = [:]

    /// The most fields a form may have: the review's 2,000 rows of 7 fields, and the form's own.
    static let maximumFields = 20_000
    /// The longest multipart boundary (RFC 2046).
    static let maximumBoundary = 70

    init() {}

    init(fields: [(String, String)]) {
        setFields(fields.map { (name: $0.0, value: $0.1) })
    }

    /// - Throws: `ParleyError.invalidInput` for a multipart part that is not UTF-8 text, a
    ///   boundary over 70 characters, or more than `maximumFields` fields.
    init(body: ByteBuffer, contentType: String?) throws {
        let bytes = Array(body.readableBytesView)
        if let boundary = try Self.multipartBoundary(contentType) {
            setFields(try Self.multipart(bytes, boundary: boundary))
        } else {
            let pieces = String(decoding: bytes, as: UTF8.self).split(separator: "&", maxSplits: Self.maximumFields)
            guard pieces.count <= Self.maximumFields else { throw Self.tooManyFields() }
            setFields(WebQuery.pairs(pieces))
        }
    }

    private mutating func setFields(_ fields: [(name: String, value: String)]) {
        self.fields = fields
        positions = [:]
        for (index, field) in fields.enumerated() { positions[field.name, default: []].append(index) }
    }

    /// The last non-blank value of a field, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        for index in (positions[name] ?? []).reversed() {
            let value = fields[index].value.trimmingWhitespace()
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// The value as sent (untrimmed), or nil when absent.
    func raw(_ name: String) -> String? {
        positions[name]?.last.map { fields[$0].value }
    }

    func all(_ name: String) -> [String] {
        (positions[name] ?? []).map { fields[$0].value }
    }

    /// Stances written `topic=stance; topic=stance` (or with commas), as the review and edit
    /// forms show them; each read as `--stance` reads one.
    static func stances(_ text: String, field: String) throws -> [StanceInput] {
        try text.split(whereSeparator: { $0 == ";" || $0 == "," })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .map { try StanceInput(parsing: $0, field: field) }
    }

    static func tooManyFields() -> ParleyError {
        .invalid("the form has more than \(maximumFields) fields; nothing was changed. Send a smaller form (a review of fewer rows).", field: "form")
    }

    /// The boundary of a `multipart/form-data` body; nil for another type.
    /// - Throws: `ParleyError.invalidInput` for a multipart type without a usable boundary.
    static func multipartBoundary(_ contentType: String?) throws -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard let range = contentType.range(of: "boundary=") else {
            throw ParleyError.invalid("the multipart form names no boundary", field: "Content-Type")
        }
        var value = String(contentType[range.upperBound...])
        if let end = value.firstIndex(of: ";") { value = String(value[..<end]) }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        try checkBoundary(value)
        return value
    }

    static func checkBoundary(_ boundary: String) throws {
        guard !boundary.isEmpty, boundary.utf8.count <= maximumBoundary, boundary.utf8.allSatisfy({ (32...126).contains($0) }) else {
            throw ParleyError.invalid("the multipart form's boundary must be 1 to \(maximumBoundary) printable characters (RFC 2046), not \(boundary.utf8.count)", field: "Content-Type")
        }
    }

    /// The value of a form's first field when it is named `name`, read from the body's first
    /// bytes alone (the whole body need not have arrived): `name=VALUE&…`, or a multipart body
    /// whose first part is that field. Nil when the first field is another, or not in `bytes`.
    /// - Throws: `ParleyError.invalidInput` for a multipart type without a usable boundary.
    static func leadingField(_ name: String, in bytes: [UInt8], contentType: String?) throws -> String? {
        guard let boundary = try multipartBoundary(contentType) else {
            let prefix = Array("\(name)=".utf8)
            guard bytes.starts(with: prefix) else { return nil }
            return String(decoding: bytes[prefix.count...].prefix { $0 != UInt8(ascii: "&") }, as: UTF8.self)
        }
        let opening = Array("--\(boundary)\r\n".utf8)
        guard bytes.starts(with: opening),
              let headEnd = ByteSearch([13, 10, 13, 10]).firstIndex(in: bytes, from: opening.count) else { return nil }
        let head = String(decoding: bytes[opening.count..<headEnd], as: UTF8.self)
        guard attribute("name", in: head) == name,
              let valueEnd = ByteSearch(Array("\r\n--\(boundary)".utf8)).firstIndex(in: bytes, from: headEnd + 4) else { return nil }
        return String(decoding: bytes[(headEnd + 4)..<valueEnd], as: UTF8.self)
    }

    /// The parts of a multipart body: each its `name` and its content as UTF-8 text.
    /// - Throws: `ParleyError.invalidInput` for a part that is not UTF-8 text, a boundary over
    ///   70 characters, or more than `maximumFields` parts.
    static func multipart(_ bytes: [UInt8], boundary: String) throws -> [(name: String, value: String)] {
        try checkBoundary(boundary)
        let delimiter = Array(("--" + boundary).utf8)
        let found = ByteSearch(delimiter).allIndices(in: bytes, limit: maximumFields + 1)
        guard found.count <= maximumFields + 1 else { throw tooManyFields() }
        let headEnd = ByteSearch([13, 10, 13, 10])
        var parts: [(String, String)] = []
        for (start, end) in zip(found, found.dropFirst()) {
            var lower = start + delimiter.count
            var upper = end
            if upper - lower >= 2 && bytes[lower] == 13 && bytes[lower + 1] == 10 { lower += 2 }
            if upper > lower && bytes[upper - 1] == 10 { upper -= 1 }
            if upper > lower && bytes[upper - 1] == 13 { upper -= 1 }
            guard let split = headEnd.firstIndex(in: bytes, from: lower, to: upper) else { continue }
            let head = String(decoding: bytes[lower..<split], as: UTF8.self)
            guard let name = attribute("name", in: head) else { continue }
            guard let text = String(validating: bytes[(split + 4)..<upper], as: UTF8.self) else {
                throw ParleyError.invalid("the file or field '\(name)' is not UTF-8 text", field: name)
            }
            parts.append((name, text))
        }
        return parts
    }

    static func attribute(_ name: String, in head: String) -> String? {
        guard let range = head.range(of: " \(name)=\"") ?? head.range(of: ";\(name)=\"") else { return nil }
        let rest = head[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

/// A byte string looked for in a buffer in time linear in the buffer, whatever the bytes
/// (Knuth–Morris–Pratt): each byte is looked at a bounded number of times, where comparing at
/// every position costs the needle's length per byte.
struct ByteSearch {
    let needle: [UInt8]
    /// For each prefix of the needle, the length of its longest proper prefix that is also its suffix.
    private let fallback: [Int]

    init(_ needle: [UInt8]) {
        self.needle = needle
        var fallback = [Int](repeating: 0, count: needle.count)
        var length = 0
        var index = 1
        while index < needle.count {
            if needle[index] == needle[length] {
                length += 1
                fallback[index] = length
                index += 1
            } else if length > 0 {
                length = fallback[length - 1]
            } else {
                index += 1
            }
        }
        self.fallback = fallback
    }

    /// The first position at or after `start` (and ending by `end`) where the needle is.
    func firstIndex(in haystack: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        var found: Int?
        scan(haystack, from: start, to: end ?? haystack.count) { index in
            found = index
            return false
        }
        return found
    }

    /// The positions of the needle, left to right, not overlapping; at most `limit`.
    func allIndices(in haystack: [UInt8], limit: Int) -> [Int] {
        var found: [Int] = []
        scan(haystack, from: 0, to: haystack.count) { index in
            found.append(index)
            return found.count < limit
        }
        return found
    }

    /// Calls `match` with each position found until it returns false.
    private func scan(_ haystack: [UInt8], from start: Int, to end: Int, _ match: (Int) -> Bool) {
        guard !needle.isEmpty, start >= 0, end <= haystack.count, end - start >= needle.count else { return }
        haystack.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { needle in
                fallback.withUnsafeBufferPointer { fallback in
                    var matched = 0
                    var index = start
                    while index < end {
                        let byte = bytes[index]
                        while matched > 0 && byte != needle[matched] { matched = fallback[matched - 1] }
                        if byte == needle[matched] { matched += 1 }
                        index += 1
                        if matched == needle.count {
                            guard match(index - matched) else { return }
                            matched = 0
                        }
                    }
                }
            }
        }
    }
}
