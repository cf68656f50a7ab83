import Foundation

/// The output formats every listing offers.
public enum OutputFormat: String, Vocabulary {
    case table, json, jsonl, csv
    public static let vocabularyName = "format"

    /// JSON and JSON Lines write each row's object; a table and CSV its flat cells.
    public var writesObjects: Bool { self == .json || self == .jsonl }
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

    /// The rows as one piece of a longer listing written a group at a time: `first` for the
    /// first group (a table's or CSV's header, a JSON array's opening). The pieces, followed by
    /// `renderEnd`, are what `render` writes for all the rows at once (a table aligned per piece).
    public func renderGroup(_ format: OutputFormat, first: Bool, width: Int? = nil) throws -> String {
        switch format {
        case .table: return renderTable(width: width, header: first)
        case .csv: return first ? try render(.csv) : try CSVText.renderData(rows)
        case .jsonl: return try render(.jsonl)
        case .json: return objects.enumerated().map { index, object in object.arrayElement(first: first && index == 0) }.joined()
        }
    }

    /// What ends a listing written by `renderGroup`: a JSON array's end; when `empty`, the
    /// header alone of a table or CSV.
    public func renderEnd(_ format: OutputFormat, empty: Bool, width: Int? = nil) throws -> String {
        switch format {
        case .json: return JSONValue.arrayEnd(empty: empty)
        case .table, .csv: return empty ? try Listing(columns: columns).render(format, width: width) : ""
        case .jsonl: return ""
        }
    }

    /// One record shown on its own (`actor show`): `block`, its labelled form, for a table; the
    /// listing's single row in every other format.
    public func renderDetail(_ block: String, _ format: OutputFormat) throws -> String {
        switch format {
        case .table: return block
        case .json: return (objects.first?.serialized() ?? "null") + "\n"
        case .jsonl, .csv: return try render(format)
        }
    }

    /// A record just added, for scripts: its id for a table or CSV, the record itself for JSON.
    public static func renderAdded(id: Int64, object: JSONValue, _ format: OutputFormat) -> String {
        switch format {
        case .table, .csv: return "\(id)\n"
        case .json: return object.serialized() + "\n"
        case .jsonl: return object.serialized(indent: nil) + "\n"
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

    /// Adds a row. Only what the format writes is built: the cells for a table or CSV, the
    /// object for JSON (a million statements listed as CSV build no JSON).
    public mutating func append(cells: @autoclosure () throws -> [String], object: @autoclosure () throws -> JSONValue) throws {
        if format.writesObjects {
            group.append(cells: [], object: try object())
        } else {
            group.append(cells: try cells(), object: .null)
        }
        if group.rows.count == groupSize { try flush() }
    }

    /// Writes what is left, and what ends the listing.
    public mutating func finish() throws {
        try flush()
        write(try group.renderEnd(format, empty: written == 0, width: width))
    }

    private mutating func flush() throws {
        guard !group.rows.isEmpty else { return }
        write(try group.renderGroup(format, first: written == 0, width: width))
        written += group.rows.count
        group.rows.removeAll(keepingCapacity: true)
        group.objects.removeAll(keepingCapacity: true)
    }
}

extension String {
    func trailingSpacesTrimmed() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
