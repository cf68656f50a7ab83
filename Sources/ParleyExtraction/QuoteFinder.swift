import ParleyCore
/// A quotation found in an article: one or more segments (a quote that runs over several
/// paragraphs has one per paragraph).
struct QuoteSpan {
    /// The text between the marks, per paragraph.
    var segments: [Range<Int>]
    /// The opening mark and, when found, the closing one.
    var openMark: Int
    var closeMark: Int?
    var paragraph: Int
    var isHeadline: Bool

    /// Everything from the opening mark to the closing one.
    var outer: Range<Int> { openMark..<((closeMark ?? segments.last?.upperBound ?? openMark) + 1) }
}

/// Finds quotations: straight and curly double quotes, quotes that run over several paragraphs
/// (a paragraph that opens a quote without closing it, continued by a paragraph that opens
/// again), and single-quoted quotes in headlines. Single quotes inside a double-quoted quote are
/// part of it.
struct QuoteFinder {
    let article: ArticleText

    /// Paragraphs before the body that read like a headline: short, not ending a sentence.
    func isHeadline(_ index: Int) -> Bool {
        guard index < 2 else { return false }
        let range = article.paragraphs[index]
        guard range.count < 160, let last = article.characters[range].last else { return false }
        return !".!?”\"".contains(last) || index == 0
    }

    func find() -> [QuoteSpan] {
        let c = article.characters
        var found: [QuoteSpan] = []
        var current: QuoteSpan?
        var segmentStart = 0
        for (index, paragraph) in article.paragraphs.enumerated() {
            let headline = isHeadline(index)
            var position = paragraph.lowerBound
            if var open = current {
                if "“\"«".contains(c[position]) {
                    // The quote goes on in this paragraph.
                    segmentStart = position + 1
                    position += 1
                    current = open
                } else {
                    open.closeMark = nil
                    found.append(open)
                    current = nil
                }
            }
            while position < paragraph.upperBound {
                let character = c[position]
                let previous: Character? = position > paragraph.lowerBound ? c[position - 1] : nil
                let next: Character? = position + 1 < paragraph.upperBound ? c[position + 1] : nil
                if current == nil {
                    let opensDouble = character == "“" || character == "«"
                        || (character == "\"" && (previous.map { $0.isWhitespace || "([{–—-/:".contains($0) } ?? true) && !(next?.isWhitespace ?? true))
                    let opensSingle = headline && (character == "‘"
                        || (character == "'" && (previous.map { $0.isWhitespace || $0 == ":" } ?? true) && (next?.isLetter ?? false)))
                    if opensDouble || opensSingle {
                        current = QuoteSpan(segments: [], openMark: position, closeMark: nil, paragraph: index, isHeadline: headline)
                        segmentStart = position + 1
                    }
                } else if var open = current {
                    let openedWith = c[open.openMark]
                    let closes: Bool
                    switch openedWith {
                    case "“", "\"", "«": closes = character == "”" || character == "»" || (character == "\"" && position > segmentStart)
                    default: closes = (character == "’" || character == "'") && !(next?.isLetter ?? false) && position > segmentStart
                    }
                    if closes {
                        open.segments.append(segmentStart..<position)
                        open.closeMark = position
                        found.append(open)
                        current = nil
                    }
                }
                position += 1
            }
            if var open = current {
                open.segments.append(segmentStart..<paragraph.upperBound)
                current = open
            }
        }
        if let open = current { found.append(open) }
        return found.filter { span in span.segments.contains { !article.text($0).trimmingWhitespace().isEmpty } }
    }
}
