/// HTML building blocks shared by the timeline and the report. Every piece of user text goes
/// through `escape`.
public enum HTML {
    /// Escapes text for HTML element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        // Text with nothing to replace or escape (most text, in any script) is returned as it is,
        // after one look at its bytes.
        guard TextBytes.needsWork(text, keepNewlines: true, special: specialBytes) else { return text }
        let clean = TerminalText.sanitize(text, keepNewlines: true)
        guard TextBytes.contains(clean, anyOf: specialBytes) else { return clean }
        return TextBytes.rewritten(clean) { bytes, index, out in
            switch bytes[index] {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            case let byte: out.append(byte)
            }
        }
    }

    /// The bytes `escape` replaces.
    private static let specialBytes = ByteSet(ascii: "&<>\"'")

    /// A link to a URL only when it is http(s); anything else (`javascript:` and the like) is shown
    /// as text.
    public static func link(_ url: String?, _ label: String) -> String {
        guard let url, url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://") else {
            return escape(label)
        }
        return "<a href=\"\(escape(url))\">\(escape(label))</a>"
    }

    /// The colour of a stance in charts and badges.
    public static func colour(_ stance: Stance?) -> String {
        switch stance {
        case .supports?: return "#1a7f37"
        case .opposes?: return "#cf222e"
        case .conditional?: return "#bf8700"
        case .neutral?: return "#0969da"
        case .unclear?, nil: return "#8c959f"
        }
    }

    /// A page: title, inline CSS, body. No scripts, no external resources.
    static func page(title: String, body: String) -> String {
        pageStart(title: title) + body + pageEnd
    }

    /// The page up to and including `<body>`.
    static func pageStart(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Parley">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>

        """
    }

    static let pageEnd = "</body>\n</html>\n"

    static let css = """
        :root { color-scheme: light; }
        body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; color: #57606a; }
        .scope { color: #57606a; margin-top: 0; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; }
        .entry { margin: .4rem 0 .9rem; padding-left: .8rem; border-left: 3px solid #d0d7de; break-inside: avoid; }
        .meta { color: #57606a; font-size: .9rem; }
        blockquote { margin: .2rem 0; font-size: 1.02rem; }
        .paraphrase { font-style: italic; }
        .stance { display: inline-block; padding: 0 .4rem; border-radius: .6rem; color: #fff; font-size: .8rem; margin-right: .3rem; }
        .supports { background: #1a7f37; } .opposes { background: #cf222e; } .conditional { background: #bf8700; }
        .neutral { background: #0969da; } .unclear { background: #8c959f; }
        .retracted { text-decoration: line-through; color: #8c959f; }
        svg text { font: 12px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: #1f2328; }
        a { color: #0969da; }
        @media print { body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; } h2 { break-after: avoid; } }
        """

    /// Stance badges: `<span class="stance supports">ceasefire: supports</span>`.
    static func badges(_ stances: [TopicStance]) -> String {
        stances.map { badge($0.topic.slug, $0.stance) }.joined()
    }

    /// One stance badge: the topic's slug and the position, coloured by the position.
    static func badge(_ slug: String, _ stance: Stance) -> String {
        "<span class=\"stance \(stance.rawValue)\">\(escape(slug)): \(stance.rawValue)</span>"
    }
}
