import Foundation

/// The derived forms of text that Parley stores for lookups and duplicate detection.
public enum TextKeys {
    /// The Unicode White_Space characters below 0x80: tab, line feed, vertical tab, form feed,
    /// carriage return and space (what the ASCII shortcuts below treat as white space).
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The lookup key of a name: case- and diacritic-folded, typographic apostrophes and dashes
    /// made plain, white space collapsed. `ZELENSKIY`, `Zelenskiy` → `zelenskiy`;
    /// `Erdoğan` → `erdogan`; `China’s  foreign ministry` → `china's foreign ministry`.
    public static func nameKey(_ name: String) -> String {
        // Plain ASCII: folding only lower-cases; the same result without Foundation.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            var pendingSpace = false
            for byte in name.utf8 {
                if isASCIIWhitespace(byte) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace { bytes.append(UInt8(ascii: " ")); pendingSpace = false }
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                case UInt8(ascii: "`"): bytes.append(UInt8(ascii: "'"))
                default: bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{02BC}", "\u{2032}", "`": out.append("'")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": out.append("-")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A slug for a name: `Volodymyr Zelenskyy` → `volodymyr-zelenskyy`,
    /// `China's foreign ministry` → `chinas-foreign-ministry`. Letters and digits of any script
    /// are kept (after folding accents); everything else separates words.
    public static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }  // "China's" → "chinas"
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// The normalized form used for duplicate detection: case-folded, with punctuation, symbols
    /// and white space removed. `“Ready for a full ceasefire,”` and `ready for a full ceasefire`
    /// are the same statement text.
    public static func normalizedText(_ text: String) -> String {
        // Plain ASCII (most quotes in English): letters and digits, lower-cased, the same result
        // as the general path below, without Foundation's Unicode machinery.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if let kept = keptASCII(byte) { bytes.append(kept) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return simplyNormalizedText(text) ?? foldedNormalizedText(text)
    }

    /// What `normalizedText` keeps of an ASCII byte: a letter lower-cased, a digit; nil for
    /// anything else.
    static func keptASCII(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
        default: return nil
        }
    }

    /// `normalizedText` scalar by scalar, for a text none of whose scalars Foundation's
    /// mappings would change or combine with another (`simpleRule`): quotes in Cyrillic, Greek,
    /// Arabic, Hebrew, Chinese or Japanese, or with typographic quotation marks and dashes.
    /// The same result as `foldedNormalizedText` (a test compares the two on every such
    /// scalar) without bridging to `NSString`; nil when some scalar needs the general path.
    static func simplyNormalizedText(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if let kept = keptASCII(UInt8(scalar.value)) { bytes.append(kept) }
                continue
            }
            guard let kept = simpleRule(scalar) else { return nil }
            if kept { UTF8.encode(scalar) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// For a non-ASCII scalar that NFKC and case folding leave as it is, whatever stands next
    /// to it: whether `normalizedText` keeps it (a letter or number) or drops it (punctuation, a
    /// symbol, a separator, a control or format character). Nil for every other scalar: one
    /// with a compatibility or case mapping (`changesWhenNFKCCaseFolded`: capitals, ligatures,
    /// full-width forms, `…`), a combining mark or one with a combining class, a Hangul jamo
    /// (which composes with the one before it), and anything unassigned or private.
    static func simpleRule(_ scalar: Unicode.Scalar) -> Bool? {
        let properties = scalar.properties
        guard !properties.changesWhenNFKCCaseFolded, properties.canonicalCombiningClass == .notReordered,
              !(0x1100...0x11FF).contains(scalar.value) else { return nil }
        let category = properties.generalCategory
        switch category {
        case .lowercaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return isDropped(category) ? false : nil
        }
    }

    /// The categories `normalizedText` leaves out: punctuation, symbols, separators, control
    /// and format characters.
    static func isDropped(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
             .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }

    /// `normalizedText` by the definition: NFKC and Foundation's case folding, then every
    /// scalar kept but white space and the `isDropped` categories (ASCII ones as `keptASCII`
    /// says).
    static func foldedNormalizedText(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.isASCII {
                // The same rule as the ASCII path above, without looking up properties.
                if let kept = keptASCII(UInt8(scalar.value)) { out.append(Unicode.Scalar(kept)) }
                continue
            }
            let properties = scalar.properties
            if properties.isWhitespace || isDropped(properties.generalCategory) { continue }
            out.append(scalar)
        }
        return String(out)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as a signed integer (SQLite integers are signed).
    public static func fnv1a64(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// The stored duplicate-detection hash of a statement's text.
    public static func textHash(_ text: String) -> Int64 {
        fnv1a64(normalizedText(text))
    }

    /// A new UUID in lower case, as Parley stores them: version 7 (RFC 9562), whose first 48
    /// bits are the time in milliseconds and the next 12 a counter within the millisecond, so
    /// that records made one after another get increasing UUIDs and the unique index on `uuid`
    /// grows at its end instead of at a random place for each (what an import of records that
    /// bring no UUID of their own writes). The other 62 bits are random. A UUID so made tells
    /// when its record was made, to the millisecond, as the history does. Foundation's random
    /// UUID gives the random bits and the variant; its first eight bytes are replaced.
    public static func newUUID() -> String {
        let (milliseconds, counter) = UUIDClock.shared.next()
        var uuid = UUID().uuid
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
            bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
            bytes[7] = UInt8(truncatingIfNeeded: counter)
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }

    /// Whether `text` has the shape of a UUID (8-4-4-4-12 hex digits).
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !isHexDigit(byte) {
                return false
            }
        }
        return true
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
    }

    /// The word of `words` nearest to `word` (case-insensitively), when it is near enough to be
    /// what was meant: at most a third of the word's length in edits (one for a short word).
    public static func closest(to word: String, in words: [String]) -> String? {
        let lowered = word.lowercased()
        guard let nearest = words.map({ (word: $0, distance: editDistance(lowered, $0.lowercased())) })
            .min(by: { $0.distance < $1.distance }),
            nearest.distance <= max(1, word.count / 3) else { return nil }
        return nearest.word
    }

    /// The words of a folded name with apostrophes, hyphens and dots taken out: `Taher al-Nunu`
    /// → taher, al, nunu; `Sa'ar` → saar. For forgiving look-ups (`NameResolver`).
    public static func looseWords(_ key: String) -> [String] {
        key.lowercased().split { $0 == " " || $0 == "-" || $0 == "_" }
            .map { $0.filter { !"'’.`".contains($0) } }
            .filter { !$0.isEmpty }
    }

    /// Quotes a word (a path, a name) for a POSIX shell when it needs it, for commands shown to
    /// the user to copy.
    public static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "/._-+,:@".unicodeScalars.contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Levenshtein distance, for "did you mean" suggestions.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    /// The text without leading and trailing white space (including newlines).
    public func trimmingWhitespace() -> String {
        // Most text starts and ends with an ASCII character that is not white space: nothing to
        // trim, and no copy.
        if let first = utf8.first, let last = utf8.last, Self.isNonSpaceASCII(first), Self.isNonSpaceASCII(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// An ASCII byte that is not white space.
    private static func isNonSpaceASCII(_ byte: UInt8) -> Bool {
        byte < 0x80 && !TextKeys.isASCIIWhitespace(byte)
    }

    /// nil for a blank string, the trimmed text otherwise.
    public var nonBlank: String? {
        let trimmed = trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or a blank string, the trimmed text otherwise.
    public var nonBlank: String? { self?.nonBlank }
}

/// The time and counter of version 7 UUIDs (`TextKeys.newUUID`): the milliseconds since 1970 and
/// a 12-bit count within the same millisecond, never going back. When a millisecond's 4,096 are
/// used, or the clock steps back, the time moves on by one millisecond past the last one used.
final class UUIDClock: @unchecked Sendable {
    static let shared = UUIDClock()

    private let lock = NSLock()
    private var lastMilliseconds: UInt64 = 0
    private var counter: UInt16 = 0

    func next() -> (milliseconds: UInt64, counter: UInt16) {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        lock.lock()
        defer { lock.unlock() }
        if now > lastMilliseconds {
            lastMilliseconds = now
            counter = UInt16.random(in: 0..<0x400)  // room for 3,072 more within the millisecond
        } else if counter < 0xFFF {
            counter += 1
        } else {
            lastMilliseconds += 1
            counter = 0
        }
        return (lastMilliseconds, counter)
    }
}
