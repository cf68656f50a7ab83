/// Text made safe and measurable for a terminal.
public enum TerminalText {
    /// Replaces what a terminal would interpret rather than show: C0 and C1 control characters
    /// (ESC starts ANSI sequences), DEL, the line and paragraph separators U+2028 and U+2029, and
    /// the bidirectional marks, embeddings, overrides and isolates that can disguise text.
    /// Tabs and line breaks become spaces unless `keepNewlines`.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        // Most text has nothing to replace: it is returned as it is, without being rebuilt, after
        // one look at its bytes (which tells for text in any script, not only ASCII).
        guard TextBytes.needsWork(text, keepNewlines: keepNewlines) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(replacement(for: scalar, keepNewlines: keepNewlines) ?? scalar) }
        return String(out)
    }

    /// What `sanitize` puts in place of a scalar, or nil to keep it: a space for a tab or line
    /// break (unless kept), U+FFFD for other controls, line and paragraph separators and bidi
    /// controls.
    private static func replacement(for scalar: Unicode.Scalar, keepNewlines: Bool) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0A where keepNewlines, 0x09 where keepNewlines: return nil
        case 0x09, 0x0A, 0x0D: return " "
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return "\u{FFFD}"
        default: return nil
        }
    }

    /// Columns a string occupies on a terminal: wide East Asian characters and most emoji take
    /// two, combining marks and format characters none.
    public static func width(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars { total += width(of: scalar) }
        return total
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Printable ASCII, most of any text, takes one column; no table look-up for it.
        if v >= 0x20 && v < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// Cuts text to at most `maxWidth` columns, ending in "…" when anything was cut.
    public static func truncate(_ text: String, to maxWidth: Int) -> String {
        // No scalar takes more columns than its UTF-8 bytes, so a text of no more bytes than
        // columns fits without being measured.
        guard text.utf8.count > maxWidth else { return text }
        // Printable ASCII up to past the cut (one column and one character a byte): the cut is
        // a count of bytes.
        if maxWidth > 1, text.utf8.prefix(maxWidth + 1).allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(decoding: text.utf8.prefix(maxWidth - 1), as: UTF8.self) + "…"
        }
        guard width(text) > maxWidth else { return text }
        guard maxWidth > 1 else { return maxWidth == 1 ? "…" : "" }
        var out = ""
        var used = 0
        for character in text {
            let w = character.unicodeScalars.reduce(0) { $0 + width(of: $1) }
            if used + w > maxWidth - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// Breaks text into lines of at most `maxWidth` columns, at spaces where possible; a word
    /// longer than a line is cut.
    public static func wrap(_ text: String, to maxWidth: Int) -> [String] {
        guard maxWidth > 0 else { return [text] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for piece in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(piece)
                if lineWidth > 0 && lineWidth + 1 + width(word) > maxWidth {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while width(word) > maxWidth {  // the line is empty here
                    let (head, tail) = split(word, at: maxWidth)
                    lines.append(head)
                    word = tail
                }
                line += (lineWidth > 0 ? " " : "") + word
                lineWidth += (lineWidth > 0 ? 1 : 0) + width(word)
            }
            lines.append(line)
        }
        return lines
    }

    /// The longest prefix of at most `columns` columns (at least one character), and the rest.
    private static func split(_ word: String, at columns: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = width(String(word[index]))
            if used + w > columns && !head.isEmpty { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }

    /// Pads text with spaces to `width` columns.
    public static func pad(_ text: String, to columns: Int) -> String {
        let w = width(text)
        return w >= columns ? text : text + String(repeating: " ", count: columns - w)
    }
}
