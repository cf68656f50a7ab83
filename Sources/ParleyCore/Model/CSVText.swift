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
        render(rows, neutralising: true)
    }

    /// Rows exactly as given (no neutralising), each ending in a newline.
    public static func render(rows: [[String]]) throws -> String {
        render(rows, neutralising: false)
    }

    private static func render(_ rows: [[String]], neutralising: Bool) -> String {
        var out = ""
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(",") }
                append(neutralising ? neutraliseFormula(cell) : cell, to: &out)
            }
            out.append("\n")
        }
        return out
    }

    static func append(_ cell: String, to out: inout String) {
        guard TextBytes.contains(cell, anyOf: quotedBytes) else {
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
        // The characters that start a formula are ASCII: the first byte tells.
        guard let first = cell.utf8.first, formulaStarts.contains(first) else { return cell }
        if first != UInt8(ascii: "'") && Double(cell) != nil { return cell }
        return "'" + cell
    }

    /// The bytes that make `append` quote a cell.
    private static let quotedBytes = ByteSet(ascii: ",\"\n\r")

    /// What `neutraliseFormula` looks for at the start of a cell.
    private static let formulaStarts = ByteSet(ascii: "=+-@\t\r'")

    /// Values listed in one cell, each neutralised as a cell is: a spreadsheet set to `;` as its
    /// separator opens each part as a cell of its own. (For output only: nothing reads it back.)
    public static func list(_ values: [String], separator: String = "; ") -> String {
        values.map(neutraliseFormula).joined(separator: separator)
    }

    /// The inverse of `neutraliseFormula`, for reading CSV that Parley wrote.
    public static func restoreFormula(_ cell: String) -> String {
        cell.hasPrefix("'") ? String(cell.dropFirst()) : cell
    }
}
