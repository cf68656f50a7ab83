import ParleyCore
import Testing

@Suite("Rendering")
struct RenderingTests {
    /// Everything a `ListingStream` writes, in groups of `groupSize` rows.
    func streamed(_ listing: Listing, _ format: OutputFormat, groupSize: Int, width: Int? = nil) throws -> String {
        var out = ""
        var stream = ListingStream(columns: listing.columns, format: format, width: width, groupSize: groupSize) { out += $0 }
        for (cells, object) in zip(listing.rows, listing.objects) { try stream.append(cells: cells, object: object) }
        try stream.finish()
        return out
    }

    @Test("a JSON array written an element at a time is the array written whole")
    func jsonArrayPieces() {
        let element = JSONValue.object([("a", .array([.int(1), .object([("b", .string("x\ny"))])])), ("c", .null), ("d", .array([]))])
        for count in 0...3 {
            let elements = (0..<count).map { index in index == 1 ? JSONValue.string("two") : element }
            let pieces = elements.enumerated().map { $1.arrayElement(first: $0 == 0) }.joined() + JSONValue.arrayEnd(empty: count == 0)
            #expect(pieces == JSONValue.array(elements).serialized() + "\n", "\(count) elements")
        }
    }

    @Test("a listing written a group at a time is the listing written whole; a table keeps one header")
    func listingStream() throws {
        let statements = try sampleDatabase().statements.list()
        let whole = Presentation.statementListing(statements)
        let empty = Presentation.statementListing([])
        for format in [OutputFormat.csv, .json, .jsonl] {
            for size in [1, 3, 10, 1000] {
                #expect(try streamed(whole, format, groupSize: size) == whole.render(format), "\(format) in groups of \(size)")
            }
            #expect(try streamed(empty, format, groupSize: 3) == empty.render(format), "\(format), no rows")
        }
        #expect(try streamed(whole, .table, groupSize: 1000, width: 100) == whole.render(.table, width: 100))
        #expect(try streamed(empty, .table, groupSize: 3) == empty.render(.table))
        // In groups of 3, each group is aligned on its own: the same rows, one header.
        let grouped = try streamed(whole, .table, groupSize: 3, width: 100).split(separator: "\n")
        #expect(grouped.count == statements.count + 1)
        #expect(grouped.filter { $0.hasPrefix("ID") }.count == 1)
        #expect(grouped.dropFirst().map { $0.prefix(while: { $0 != " " }) } == statements.map { Substring(String($0.id)) })
    }
    @Test("JSON escapes quotes, backslashes and every control character")
    func json() {
        let value = JSONValue.object([("text", .string("a \"b\" \\ c\n\u{1B}[31m\u{7}")), ("n", .int(-3)), ("x", .null), ("d", .double(4.5))])
        #expect(value.serialized(indent: nil) == #"{"text":"a \"b\" \\ c\n\u001b[31m\u0007","n":-3,"x":null,"d":4.5}"#)
        #expect(JSONValue.array([]).serialized() == "[]")
        #expect(JSONValue.object([("a", .array([.bool(true)]))]).serialized() == "{\n  \"a\": [\n    true\n  ]\n}")
    }

    @Test("CSV quotes what needs quoting and neutralises spreadsheet formulas", arguments: [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-0.4", "-0.4"),
        ("plain", "plain"),
    ])
    func csvFormula(cell: String, expected: String) {
        #expect(CSVText.neutraliseFormula(cell) == expected)
    }

    @Test("CSV output round-trips commas, quotes and newlines")
    func csv() throws {
        let text = try CSVText.render(header: ["id", "text"], rows: [["1", "a, \"b\"\nc"], ["2", "plain"]])
        #expect(text == "id,text\n1,\"a, \"\"b\"\"\nc\"\n2,plain\n")
    }

    /// The byte-level writer against the rule as written: quote a cell holding a comma, a quote,
    /// a line feed or a carriage return, doubling its quotes; neutralise a formula first. Every
    /// ASCII byte, and some that are not, at the start, inside and at the end of a cell.
    @Test("CSV cells are quoted and neutralised as the rule says, whatever byte stands where")
    func csvCells() throws {
        func reference(_ cell: String) -> String {
            let neutral = CSVText.neutraliseFormula(cell)
            guard neutral.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) else { return neutral }
            return "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var cells: [String] = ["", "'", "''x", "-0.4", "=1", "\"", "\r\n", "é,ü", "“curly”, \"straight\""]
        for byte in 0..<128 {
            let character = String(UnicodeScalar(UInt8(byte)))
            cells += [character, character + "abc", "abc" + character, "ab" + character + "cd", String(repeating: "x", count: 17) + character]
        }
        for cell in cells {
            #expect(try CSVText.renderData([[cell, "x"]]) == reference(cell) + ",x\n", "\(cell.debugDescription)")
        }
        #expect(try CSVText.renderData(cells.map { [$0, "x"] }) == cells.map { reference($0) + ",x\n" }.joined())
    }

    @Test("tables never pass control characters to the terminal and fit the width")
    func table() throws {
        var listing = Listing(columns: [.init("id"), .init("text", flexible: true)])
        listing.append(cells: ["1", "evil \u{1B}[2J clear\u{202E}txt"], object: .null)
        listing.append(cells: ["2", String(repeating: "long ", count: 40)], object: .null)
        let table = listing.renderTable(width: 30)
        #expect(!table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        for line in table.split(separator: "\n") {
            #expect(TerminalText.width(String(line)) <= 30, "\(line)")
        }
        #expect(table.contains("…"))
    }

    @Test("wrapping respects the width, including wide characters and long words")
    func wrap() {
        let lines = TerminalText.wrap("中国支持一切有利于和平的努力 and averyveryverylongwordthatcannotfit here", to: 12)
        for line in lines { #expect(TerminalText.width(line) <= 12, "\(line)") }
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == "中国支持一切有利于和平的努力andaveryveryverylongwordthatcannotfithere")
    }
}
