/// A set of bytes tested by one bit look-up. The escapers' fast paths look at every byte of
/// every text they write (a report on 30,000 statements writes 74 MB), and a `Set<UInt8>` hashes
/// each byte it is asked about.
public struct ByteSet: Sendable {
    private var low: UInt64 = 0, high: UInt64 = 0, upperLow: UInt64 = 0, upperHigh: UInt64 = 0

    /// The set of these bytes.
    public init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { insert(byte) }
    }

    /// The bytes of these characters' UTF-8.
    public init(ascii characters: String) {
        self.init(characters.utf8)
    }

    private mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: low |= bit
        case 1: high |= bit
        case 2: upperLow |= bit
        default: upperHigh |= bit
        }
    }

    /// Whether the set holds `byte`: a choice of word without a branch table, and one bit test.
    @inline(__always)
    public func contains(_ byte: UInt8) -> Bool {
        let word = byte < 0x80 ? (byte < 0x40 ? low : high) : (byte < 0xC0 ? upperLow : upperHigh)
        return word & (UInt64(1) << UInt64(byte & 63)) != 0
    }

    /// The bytes of either set.
    public func union(_ other: ByteSet) -> ByteSet {
        var both = self
        both.low |= other.low
        both.high |= other.high
        both.upperLow |= other.upperLow
        both.upperHigh |= other.upperHigh
        return both
    }
}

/// Byte-level questions about text, answered in one pass over its UTF-8 without decoding it.
public enum TextBytes {
    /// The decimal number at `index` in `bytes` followed by `terminator`, moving `index` past
    /// both; nil (and `index` somewhere inside) when there are no digits, more than 18 of them,
    /// or no terminator after them. For the packed lists the streaming readers decode.
    static func decimal(in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, before terminator: UInt8) -> Int64? {
        var value: Int64 = 0, digits = 0
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10, digits < 18 {
            value = value * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        guard digits > 0, index < bytes.count, bytes[index] == terminator else { return nil }
        index += 1
        return value
    }

    /// Whether `text` holds a character that terminal-safe text replaces (C0 and C1 controls,
    /// DEL, U+061C, U+200E, U+200F, U+2028 to U+202E, U+2066 to U+2069; tabs and line breaks
    /// too unless `keepNewlines`), or any byte of `special`. It reads bytes only: the UTF-8 of
    /// each of those characters starts with a byte below 0x20, 0x7F, 0xC2, 0xD8 or 0xE2, and only
    /// then are the bytes after it looked at. `special` should hold ASCII bytes only.
    public static func needsWork(_ text: String, keepNewlines: Bool, special: ByteSet? = nil) -> Bool {
        // Most bytes are none of the bytes that can start such a character nor special: one bit
        // test each lets them by, and only the others are looked at closely.
        var starts = keepNewlines ? replacedStartsKeepingNewlines : replacedStarts
        if let special { starts = starts.union(special) }
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            var i = 0
            while i < count {
                let byte = bytes[i]
                i += 1
                guard starts.contains(byte) else { continue }
                if let special, special.contains(byte) { return true }
                switch byte {
                case 0xC2:  // U+0080 to U+009F are C2 80 to C2 9F
                    if i < count, bytes[i] < 0xA0 { return true }
                case 0xD8:  // U+061C is D8 9C
                    if i < count, bytes[i] == 0x9C { return true }
                case 0xE2:  // U+200E, U+200F, U+2028 to U+202E: E2 80 …; U+2066 to U+2069: E2 81 A6 to A9
                    if i + 1 < count {
                        let second = bytes[i], third = bytes[i + 1]
                        if second == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)) { return true }
                        if second == 0x81 && (0xA6...0xA9).contains(third) { return true }
                    }
                default:  // a control character or DEL
                    return true
                }
            }
            return false
        }
    }

    /// The bytes that start a character `needsWork` looks for: C0 controls (tabs and line breaks
    /// among them, or not), DEL, and the lead bytes of the others.
    private static let replacedStartBytes: [UInt8] = Array(0x00...0x1F) + [0x7F, 0xC2, 0xD8, 0xE2]
    private static let replacedStarts = ByteSet(replacedStartBytes)
    private static let replacedStartsKeepingNewlines = ByteSet(replacedStartBytes.filter { $0 != 0x0A && $0 != 0x09 })

    /// `text` rebuilt a byte at a time: `rewrite` gets all the bytes, the index of one and the
    /// output so far, and appends what stands for that byte. For escapers whose special
    /// characters are single ASCII bytes, which are never part of another character's UTF-8.
    public static func rewritten(_ text: String, _ rewrite: (UnsafeBufferPointer<UInt8>, Int, inout [UInt8]) -> Void) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for index in bytes.indices { rewrite(bytes, index, &out) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether any byte of `text` is in `set`.
    public static func contains(_ text: String, anyOf set: ByteSet) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains(where: set.contains) }
    }
}
