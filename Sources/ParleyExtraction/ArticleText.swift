import ParleyCore
import Foundation

/// An article as plain text, with its paragraphs and sentences located.
///
/// Positions are indices into `characters`. Sentences never end inside a quotation: the
/// sentence around a quote runs from the last sentence end before it to the first one after it.
struct ArticleText {
    let characters: [Character]
    /// Paragraph ranges: one per non-blank line.
    let paragraphs: [Range<Int>]

    /// Unicode scalars before each character of the text as given (a CRLF counts two), and at its end.
    let scalarOffsets: [Int]

    init(_ text: String) {
        characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{00A0}", with: " "))
        var offsets = [0]
        offsets.reserveCapacity(characters.count + 1)
        var total = 0
        let original = Array(text)
        for character in original.count == characters.count ? original : characters {
            total += character.unicodeScalars.count
            offsets.append(total)
        }
        scalarOffsets = offsets
        var paragraphs: [Range<Int>] = []
        var start = 0
        for index in 0...characters.count {
            if index == characters.count || characters[index] == "\n" {
                var lower = start, upper = index
                while lower < upper && characters[lower].isWhitespace { lower += 1 }
                while upper > lower && characters[upper - 1].isWhitespace { upper -= 1 }
                if lower < upper { paragraphs.append(lower..<upper) }
                start = index + 1
            }
        }
        self.paragraphs = paragraphs
    }

    /// A range of character positions as Unicode scalar offsets into the text as given.
    func scalarRange(_ range: Range<Int>) -> Range<Int> {
        let lower = scalarOffsets[max(0, min(range.lowerBound, scalarOffsets.count - 1))]
        let upper = scalarOffsets[max(0, min(range.upperBound, scalarOffsets.count - 1))]
        return lower..<max(lower, upper)
    }

    func text(_ range: Range<Int>) -> String {
        String(characters[max(0, range.lowerBound)..<min(characters.count, range.upperBound)])
    }

    func paragraph(containing position: Int) -> Int? {
        paragraphs.firstIndex { $0.contains(position) || $0.upperBound == position }
    }

    /// Abbreviations whose period does not end a sentence.
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "rep", "sen",
                                             "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                                             "nov", "dec", "no", "vs", "etc", "inc", "ltd", "co", "u.s", "u.k", "u.n", "e.g", "i.e"]

    /// The sentence ends within a paragraph, given where quotations are (a period inside a
    /// quotation never ends a sentence).
    /// Every paragraph's sentences, by paragraph index, computed once.
    func allSentenceRanges(quotes: [Range<Int>]) -> [[Range<Int>]] {
        var inside = [Bool](repeating: false, count: characters.count + 1)
        for quote in quotes {
            for index in max(0, quote.lowerBound)..<min(characters.count, max(quote.lowerBound, quote.upperBound)) { inside[index] = true }
        }
        return paragraphs.map { sentenceRanges(in: $0) { inside[$0] } }
    }

    func sentenceRanges(in paragraph: Range<Int>, quotes: [Range<Int>]) -> [Range<Int>] {
        sentenceRanges(in: paragraph) { index in quotes.contains { $0.contains(index) } }
    }

    private func sentenceRanges(in paragraph: Range<Int>, insideQuote: (Int) -> Bool) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = paragraph.lowerBound
        var index = paragraph.lowerBound
        while index < paragraph.upperBound {
            let character = characters[index]
            if ".!?".contains(character) && !insideQuote(index) {
                var end = index + 1
                while end < paragraph.upperBound && "\"”’')".contains(characters[end]) { end += 1 }
                let atEnd = end >= paragraph.upperBound
                let nextIsStart = !atEnd && characters[end].isWhitespace
                    && (end + 1 < paragraph.upperBound) && (characters[end + 1].isUppercase || "\"“‘".contains(characters[end + 1]))
                if (atEnd || nextIsStart) && !isAbbreviation(before: index) {
                    ranges.append(start..<end)
                    start = end
                    while start < paragraph.upperBound && characters[start].isWhitespace { start += 1 }
                    index = start
                    continue
                }
            }
            index += 1
        }
        if start < paragraph.upperBound { ranges.append(start..<paragraph.upperBound) }
        return ranges
    }

    private func isAbbreviation(before period: Int) -> Bool {
        var start = period
        while start > 0 && (characters[start - 1].isLetter || characters[start - 1] == ".") { start -= 1 }
        let word = String(characters[start..<period]).lowercased()
        if word.count == 1 && characters[start].isUppercase { return true }  // an initial: "J. Smith"
        return Self.abbreviations.contains(word)
    }

    /// Reduces HTML to text: scripts, styles and comments dropped, block elements become line
    /// breaks, entities decoded.
    static func fromHTML(_ html: String) -> String {
        var text = html
        for pattern in ["(?is)<(script|style|noscript|template)\\b.*?</\\1\\s*>", "(?s)<!--.*?-->", "(?is)<head\\b.*?</head\\s*>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "(?i)<\\s*(br|/p|/div|/h[1-6]|/li|/blockquote|/tr|/title|p|div|h[1-6]|li|blockquote|tr)\\b[^>]*>",
                                         with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        text = decodeEntities(text)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "ndash": "–", "mdash": "—", "hellip": "…", "laquo": "«", "raquo": "»",
        "copy": "©", "reg": "®", "euro": "€", "pound": "£", "deg": "°", "middot": "·", "bull": "•",
        "aacute": "á", "eacute": "é", "iacute": "í", "oacute": "ó", "uacute": "ú", "Aacute": "Á", "Eacute": "É",
        "agrave": "à", "egrave": "è", "ograve": "ò", "acirc": "â", "ecirc": "ê", "ocirc": "ô", "icirc": "î",
        "auml": "ä", "euml": "ë", "iuml": "ï", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
        "ccedil": "ç", "Ccedil": "Ç", "ntilde": "ñ", "szlig": "ß", "oslash": "ø", "aring": "å", "scaron": "š",
        "Scaron": "Š", "zcaron": "ž", "Zcaron": "Ž",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[amp...]
            if let semicolon = tail.prefix(12).firstIndex(of: ";") {
                let name = String(tail[tail.index(after: amp)..<semicolon])
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    decoded = namedEntities[name]
                }
                if let decoded {
                    out += decoded
                    rest = tail[tail.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = tail.dropFirst()
        }
        return out + rest
    }

    /// Whether text looks like HTML rather than plain text.
    static func looksLikeHTML(_ text: String) -> Bool {
        text.range(of: "(?i)<(html|body|p|div|article|br|h[1-6])\\b", options: .regularExpression) != nil
    }
}
