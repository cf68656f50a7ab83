import Foundation

/// The output formats every listing offers.
public enum OutputFormat: String, Vocabulary {
    case table, json, jsonl, csv
    public static let vocabularyName = "format"
}

/// A listing in every format from one definition: flat cells for `table` and `csv`, a JSON
/// object per row for `json` and `jsonl` (which may hold nested detail the flat cells cannot).
public struct Listing: Sendable {
    public struct Column: Sendable {
        /// The CSV header.
        public var key: String
        /// The table header.
        public var header: String
        /// The column that gives up width first when the table is wider than the terminal.
        public var flexible: Bool

        public init(_ key: String, _ header: String? = nil, flexible: Bool = false) {
            self.key = key
            self.header = header ?? key.uppercased().replacingOccurrences(of: "_", with: " ")
            self.flexible = flexible
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []
    public var objects: [JSONValue] = []

    public init(columns: [Column]) {
        self.columns = columns
    }

    public mutating func append(cells: [String], object: JSONValue) {
        rows.append(cells)
        objects.append(object)
    }

    /// Renders the listing. `width` is the terminal's width, if known: the table then fits it.
    public func render(_ format: OutputFormat, width: Int? = nil) throws -> String {
        switch format {
        case .table: return renderTable(width: width)
        case .json: return JSONValue.array(objects).serialized() + "\n"
        case .jsonl: return objects.map { $0.serialized(indent: nil) + "\n" }.joined()
        case .csv: return try CSVText.render(header: columns.map(\.key), rows: rows)
        }
    }

    /// Narrows columns until the table fits `width`: first long fixed columns are capped, then
    /// flexible columns (the text) give up width down to a readable minimum, then the widest
    /// columns shrink. Cut cells end in "…".
    func fit(_ widths: inout [Int], into width: Int) {
        let separators = 2 * max(0, columns.count - 1)
        func excess() -> Int { widths.reduce(0, +) + separators - width }
        let headers = columns.map { TerminalText.width($0.header) }
        for index in columns.indices where !columns[index].flexible && excess() > 0 {
            widths[index] = min(widths[index], max(headers[index], 28))
        }
        for index in columns.indices where columns[index].flexible && excess() > 0 {
            widths[index] = max(min(widths[index], 24), widths[index] - excess())
        }
        // Fixed columns down to 12 first, keeping the text readable; then anything down to 8.
        for floor in [12, 8] {
            let candidates = floor == 12 ? columns.indices.filter { !columns[$0].flexible } : Array(columns.indices)
            while excess() > 0, let widest = candidates.max(by: { widths[$0] < widths[$1] }), widths[widest] > floor {
                widths[widest] -= 1
            }
        }
    }

    /// An aligned table; cells are sanitized and kept to one line. Without `header`, only the
    /// rows (the later groups of a `ListingStream`).
    public func renderTable(width: Int?, header: Bool = true) -> String {
        let cells = rows.map { $0.map { TerminalText.sanitize($0) } }
        var widths = columns.map { TerminalText.width($0.header) }
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], TerminalText.width(cell))
            }
        }
        if let width {
            fit(&widths, into: width)
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() where index < widths.count {
                let cell = TerminalText.truncate(value, to: widths[index])
                parts.append(index == values.count - 1 ? cell : TerminalText.pad(cell, to: widths[index]))
            }
            return parts.joined(separator: "  ").trailingSpacesTrimmed() + "\n"
        }
        var out = header ? line(columns.map(\.header)) : ""
        for row in cells { out += line(row) }
        return out
    }
}

/// Writes a listing a group of rows at a time, so that a listing of a million statements is
/// never in memory whole. CSV, JSON and JSON Lines come out exactly as `Listing.render` writes
/// them; a table is aligned one group at a time (as psql does with FETCH_COUNT), with its header
/// once at the top, so column widths may change from one group to the next.
public struct ListingStream {
    /// Rows per group.
    public static let groupSize = 1000

    private var group: Listing
    private let format: OutputFormat
    private let width: Int?
    private let groupSize: Int
    private let write: (String) -> Void
    private var written = 0

    public init(columns: [Listing.Column], format: OutputFormat, width: Int?, groupSize: Int = ListingStream.groupSize,
                write: @escaping (String) -> Void) {
        group = Listing(columns: columns)
        self.format = format
        self.width = width
        self.groupSize = max(1, groupSize)
        self.write = write
    }

    public mutating func append(cells: [String], object: JSONValue) throws {
        group.append(cells: cells, object: object)
        if group.rows.count == groupSize { try flush() }
    }

    /// Writes what is left, and the end of a JSON array.
    public mutating func finish() throws {
        try flush()
        if format == .json { write(JSONValue.arrayEnd(empty: written == 0)) }
        if written == 0 && (format == .table || format == .csv) { write(try group.render(format, width: width)) }
    }

    private mutating func flush() throws {
        guard !group.rows.isEmpty else { return }
        let first = written == 0
        switch format {
        case .table: write(group.renderTable(width: width, header: first))
        case .csv: write(first ? try group.render(.csv) : try CSVText.renderData(group.rows))
        case .jsonl: write(try group.render(.jsonl))
        case .json:
            write(group.objects.enumerated().map { index, object in object.arrayElement(first: first && index == 0) }.joined())
        }
        written += group.rows.count
        group.rows.removeAll(keepingCapacity: true)
        group.objects.removeAll(keepingCapacity: true)
    }
}

/// CSV output (RFC 4180: a cell with a comma, a quote or a line break is quoted, quotes doubled;
/// rows end in a line feed), with cells that a spreadsheet would run as a formula neutralised
/// by a leading apostrophe.
///
/// Parley writes CSV itself and reads it with yaslab/CSV.swift. Writing is these few lines;
/// CSV.swift's writer goes through `OutputStream` a byte at a time and bridges every cell to
/// `NSString` to decide on quoting, which took 40% of `timeline --format csv` (Benchmarks/run).
public enum CSVText {
    public static func render(header: [String], rows: [[String]]) throws -> String {
        try render(rows: [header]) + renderData(rows)
    }

    /// Rows of stored data: each cell a spreadsheet would run as a formula is neutralised.
    public static func renderData(_ rows: [[String]]) throws -> String {
        try render(rows: rows.map { $0.map(neutraliseFormula) })
    }

    /// Rows exactly as given (no neutralising), each ending in a newline.
    public static func render(rows: [[String]]) throws -> String {
        var out = ""
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(",") }
                append(cell, to: &out)
            }
            out.append("\n")
        }
        return out
    }

    static func append(_ cell: String, to out: inout String) {
        let needsQuotes = cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else {
            out.append(cell)
            return
        }
        out.append("\"")
        var rest = Substring(cell)
        while let quote = rest.utf8.firstIndex(of: UInt8(ascii: "\"")) {
            out.append(contentsOf: rest[...quote])
            out.append("\"")
            rest = rest[rest.utf8.index(after: quote)...]
        }
        out.append(contentsOf: rest)
        out.append("\"")
    }

    /// `=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)` and cells starting with a tab or carriage
    /// return are prefixed with `'` so that a spreadsheet shows them as text. Plain numbers such
    /// as `-0.4` are left alone. A cell that itself starts with `'` gets one more, so that
    /// `restoreFormula` gives back exactly the original text.
    public static func neutraliseFormula(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r'".unicodeScalars.contains(first) else { return cell }
        if first != "'" && Double(cell) != nil { return cell }
        return "'" + cell
    }

    /// The inverse of `neutraliseFormula`, for reading CSV that Parley wrote.
    public static func restoreFormula(_ cell: String) -> String {
        cell.hasPrefix("'") ? String(cell.dropFirst()) : cell
    }
}

extension String {
    func trailingSpacesTrimmed() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
