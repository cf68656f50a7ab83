/// How search results look.
public enum SearchText {
    /// One result for the terminal: rank, date, speaker, and the snippet with matches in bold
    /// (or in [brackets] when not on a terminal).
    public static func entry(_ hit: SearchHit, rank: Int, width: Int, bold: Bool) -> String {
        let statement = hit.statement
        var heading = ["\(rank). #\(statement.id)", statement.dateLabel, Presentation.speakerLabel(statement)]
        if let medium = statement.medium { heading.append(medium) }
        var out = TerminalText.sanitize(heading.joined(separator: " · ")) + "\n"
        let (open, close) = bold ? ("\u{1B}[1m", "\u{1B}[0m") : ("[", "]")
        let scalars = Array(TerminalText.sanitize(hit.snippet).unicodeScalars)
        var marked = ""
        var position = 0
        for range in hit.highlights where range.lowerBound >= position && range.upperBound <= scalars.count {
            marked += String(String.UnicodeScalarView(scalars[position..<range.lowerBound]))
            marked += open + String(String.UnicodeScalarView(scalars[range])) + close
            position = range.upperBound
        }
        marked += String(String.UnicodeScalarView(scalars[position...]))
        for line in TerminalText.wrap(marked, to: max(20, width - 4)) { out += "    " + line + "\n" }
        if !statement.stances.isEmpty { out += "    " + Presentation.stanceSummary(statement.stances) + "\n" }
        return out + "\n"
    }

    public static func json(_ hit: SearchHit) -> JSONValue {
        .object([
            ("score", .double(hit.score)),
            ("snippet", .string(hit.snippet)),
            ("highlights", .array(hit.highlights.map { .array([.int(Int64($0.lowerBound)), .int(Int64($0.upperBound))]) })),
            ("statement", Presentation.json(hit.statement)),
        ])
    }

    public static let csvColumns = ["rank", "id", "date", "speaker", "kind", "text", "snippet", "stances", "score"]

    /// What a format shows of each statement found besides its own columns, for
    /// `StatementStore.search(relations:)`: CSV has its stances only.
    public static func relations(for format: OutputFormat) -> StatementRelations {
        format == .csv ? .stances : .all
    }

    public static func csvRow(_ hit: SearchHit, rank: Int) -> [String] {
        [String(rank), String(hit.statement.id), hit.statement.dateLabel, Presentation.speakerLabel(hit.statement),
         hit.statement.kind.rawValue, hit.statement.text, hit.snippet, Presentation.stanceSummary(hit.statement.stances),
         String(hit.score)]
    }
}

/// Search results written one at a time in any listing format, as `search` streams them: a JSON
/// array is opened by the first result and closed by `end()`, a CSV header comes first.
public struct SearchWriter {
    public let format: OutputFormat
    let width: Int
    let bold: Bool
    /// How many results were written.
    public private(set) var count = 0

    /// - Parameters:
    ///   - width: the terminal's width, for `table`.
    ///   - bold: matches in bold (terminal escapes) rather than in [brackets], for `table`.
    public init(format: OutputFormat, width: Int, bold: Bool) {
        self.format = format
        self.width = width
        self.bold = bold
    }

    /// The text of the next result. In `table` format it is already made safe for a terminal and
    /// may hold its bold escapes; every other format is data.
    public mutating func entry(_ hit: SearchHit) throws -> String {
        count += 1
        if format == .table { return SearchText.entry(hit, rank: count, width: width, bold: bold) }
        return try row(hit).renderGroup(format, first: count == 1)
    }

    /// What ends the output: the JSON array's end, or a CSV header when there was no result.
    public func end() throws -> String {
        if format == .table { return "" }
        return try Listing(columns: SearchText.csvColumns.map { Listing.Column($0) }).renderEnd(format, empty: count == 0)
    }

    /// The result as a one-row listing: its CSV cells and its JSON object.
    private func row(_ hit: SearchHit) -> Listing {
        var listing = Listing(columns: SearchText.csvColumns.map { Listing.Column($0) })
        listing.append(cells: SearchText.csvRow(hit, rank: count), object: SearchText.json(hit))
        return listing
    }
}
