/// A date known to a year, a month, a day or a minute: `2025`, `2025-05`, `2025-05-19`,
/// `2025-05-19T14:30`.
///
/// Statements are often reported as "in May" or "last year"; a partial date keeps exactly what
/// is known and never invents a day. It is stored as its ISO text, which sorts correctly: a
/// partial date sorts at the start of its period, before the more precise dates inside it
/// (`2025` < `2025-05` < `2025-05-01`).
///
/// A partial date is a *period*. Ranges (`--from`, `--to`) treat it as one: see `overlaps(from:to:)`.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Wikidata's precision scale.
    public enum Precision: Int, Sendable, Comparable, CaseIterable {
        case year = 9, month = 10, day = 11, minute = 13

        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
        public var name: String {
            switch self {
            case .year: return "year"
            case .month: return "month"
            case .day: return "day"
            case .minute: return "minute"
            }
        }
    }

    public let year: Int
    public let month: Int?
    public let day: Int?
    public let hour: Int?
    public let minute: Int?

    /// The accepted shapes, for messages.
    public static let formats = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"

    /// Parses and validates a partial date (no 2025-02-30, no month 13).
    /// A space instead of `T` before the time is accepted.
    /// - Throws: `ParleyError.invalidInput` saying what is wrong and which shapes are accepted.
    public init(parsing text: String, field: String? = nil, location: String? = nil) throws {
        var trimmed = text.trimmingWhitespace()
        let parsed = trimmed.withUTF8 { PartialDate.fields(of: $0) }
        guard let fields = parsed.fields else {
            throw ParleyError.invalid("invalid date '\(text)': \(parsed.problem); write \(PartialDate.formats)", field: field, location: location)
        }
        (year, month, day, hour, minute) = fields
    }

    /// The fields of a date's UTF-8 bytes, or what is wrong with them. (Read from the string's
    /// own bytes: a timeline or listing parses two dates per statement, a million statements.)
    private static func fields(of bytes: UnsafeBufferPointer<UInt8>)
        -> (fields: (year: Int, month: Int?, day: Int?, hour: Int?, minute: Int?)?, problem: String) {
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, is expected: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: expected)
        }
        guard bytes.count == 4 || bytes.count == 7 || bytes.count == 10 || bytes.count == 16, let year = number(0..<4) else { return (nil, "not a date") }
        guard year >= 1 else { return (nil, "the year must be 0001 or later") }
        var month: Int?, day: Int?, hour: Int?, minute: Int?
        if bytes.count >= 7 {
            guard byte(4, is: "-"), let m = number(5..<7) else { return (nil, "not a date") }
            guard (1...12).contains(m) else { return (nil, "there is no month \(m)") }
            month = m
        }
        if bytes.count >= 10 {
            guard byte(7, is: "-"), let d = number(8..<10) else { return (nil, "not a date") }
            let length = PartialDate.daysIn(month: month ?? 1, year: year)
            guard (1...length).contains(d) else {
                return (nil, "\(PartialDate.monthNames[(month ?? 1) - 1]) \(year) has \(length) days")
            }
            day = d
        }
        if bytes.count == 16 {
            guard byte(10, is: "T") || byte(10, is: " "), byte(13, is: ":"),
                  let h = number(11..<13), let mi = number(14..<16) else { return (nil, "not a date and time") }
            guard (0...23).contains(h), (0...59).contains(mi) else { return (nil, "there is no time \(h):\(mi)") }
            hour = h
            minute = mi
        }
        return ((year, month, day, hour, minute), "")
    }

    /// Parses an optional text; nil or blank gives nil.
    public static func parseOptional(_ text: String?, field: String? = nil, location: String? = nil) throws -> PartialDate? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        return try PartialDate(parsing: text, field: field, location: location)
    }

    public var precision: Precision {
        if minute != nil { return .minute }
        if day != nil { return .day }
        if month != nil { return .month }
        return .year
    }

    /// The ISO form, as stored: `2025`, `2025-05`, `2025-05-19`, `2025-05-19T14:30`.
    /// Written as bytes: every field is in range (only `init(parsing:)` makes a date), so each
    /// has its fixed number of digits. Listings write a million of these.
    public var description: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            var end = 0
            func put(_ byte: UInt8) {
                buffer[end] = byte
                end += 1
            }
            func put(_ value: Int, digits: Int) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            put(year, digits: 4)
            if let month { put(UInt8(ascii: "-")); put(month, digits: 2) }
            if let day { put(UInt8(ascii: "-")); put(day, digits: 2) }
            if let hour, let minute { put(UInt8(ascii: "T")); put(hour, digits: 2); put(UInt8(ascii: ":")); put(minute, digits: 2) }
            return end
        }
    }

    /// A reader's form: `2025`, `May 2025`, `19 May 2025`, `19 May 2025, 14:30`.
    public var humanReadable: String {
        guard let month else { return String(year) }
        let monthName = PartialDate.monthNames[month - 1]
        guard let day else { return "\(monthName) \(year)" }
        var text = "\(day) \(monthName) \(year)"
        if let hour, let minute { text += ", " + pad(hour, 2) + ":" + pad(minute, 2) }
        return text
    }

    public static func < (a: PartialDate, b: PartialDate) -> Bool { a.description < b.description }

    /// The smallest text key at or after which every moment of this period sorts; with
    /// `rangeEndKey` it turns period comparisons into plain text comparisons in SQL.
    public var rangeStartKey: String { description }
    /// A text key that sorts after every moment of this period and before the next period.
    public var rangeEndKey: String { description + "~" }

    /// Whether this period overlaps the range [`from`, `to`] (both periods, both ends inclusive).
    /// `2025-05` overlaps `--from 2025-05-10`: the statement may have been made on or after it.
    public func overlaps(from: PartialDate?, to: PartialDate?) -> Bool {
        if let from, rangeEndKey < from.rangeStartKey { return false }
        if let to, rangeStartKey > to.rangeEndKey { return false }
        return true
    }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

extension PartialDate {
    /// A statement's date as listings show it: `2025-05-19`, `reported 2025-05-20`, or `undated`.
    public static func label(saidOn: PartialDate?, reportedOn: PartialDate?) -> String {
        if let saidOn { return saidOn.description }
        if let reportedOn { return "reported \(reportedOn)" }
        return "undated"
    }
}
