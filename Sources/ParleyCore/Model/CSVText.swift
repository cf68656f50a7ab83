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

    /// The rows written as UTF-8 bytes and made a string once: appending each cell to a
    /// `String` cost twice as much as the rest of writing a listing's CSV.
    private static func render(_ rows: [[String]], neutralising: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.reduce(0) { total, row in row.reduce(total) { $0 + $1.utf8.count + 3 } })
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(cell, neutralising: neutralising, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One cell: quoted, its quotes doubled, when it holds a comma, a quote or a line break;
    /// with `neutralising`, after the apostrophe `neutraliseFormula` would add.
    static func append(_ cell: String, neutralising: Bool, to out: inout [UInt8]) {
        var text = cell
        text.withUTF8 { bytes in
            let apostrophe = neutralising && needsApostrophe(bytes, cell)
            guard bytes.contains(where: isQuoted) else {
                if apostrophe { out.append(UInt8(ascii: "'")) }
                out.append(contentsOf: bytes)
                return
            }
            out.append(UInt8(ascii: "\""))
            if apostrophe { out.append(UInt8(ascii: "'")) }
            for byte in bytes {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// `=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)` and cells starting with a tab or carriage
    /// return are prefixed with `'` so that a spreadsheet shows them as text. Plain numbers such
    /// as `-0.4` are left alone. A cell that itself starts with `'` gets one more, so that
    /// `restoreFormula` gives back exactly the original text.
    public static func neutraliseFormula(_ cell: String) -> String {
        var text = cell
        return text.withUTF8 { needsApostrophe($0, cell) } ? "'" + cell : cell
    }

    /// Whether `neutraliseFormula` prefixes the cell whose UTF-8 is `bytes`. The characters that
    /// start a formula are ASCII: the first byte tells.
    private static func needsApostrophe(_ bytes: UnsafeBufferPointer<UInt8>, _ cell: String) -> Bool {
        guard let first = bytes.first, formulaStarts.contains(first) else { return false }
        return first == UInt8(ascii: "'") || Double(cell) == nil
    }

    /// The bytes that make `append` quote a cell: a comma, a quote, a line feed or a carriage
    /// return. All four are below `-`, which most bytes of text are not: one comparison lets
    /// them by.
    @inline(__always)
    private static func isQuoted(_ byte: UInt8) -> Bool {
        byte < UInt8(ascii: "-") && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r"))
    }

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
