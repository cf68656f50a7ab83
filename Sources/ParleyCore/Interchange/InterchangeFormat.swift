import CSV
import Foundation
import Yams

/// The file formats `import` reads and `export` writes.
///
/// - `json`, `yaml`: a whole document (actors, topics, sources, statements), or the short form
///   for one article (`source` + `statements`).
/// - `jsonl`: one statement per line, its sources embedded as whole records.
/// - `csv`: one statement per row; see `StatementCSV` for the columns.
public enum InterchangeFormat: String, Vocabulary {
    case json, yaml, jsonl, csv
    public static let vocabularyName = "format"

    /// The format a file name implies: `.json`, `.yaml`/`.yml`, `.jsonl`/`.ndjson`, `.csv`.
    public static func detect(path: String) -> InterchangeFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": return .json
        case "yaml", "yml": return .yaml
        case "jsonl", "ndjson": return .jsonl
        case "csv": return .csv
        default: return nil
        }
    }
}

/// A document read from a file, with where each record started, for error messages.
public struct ParsedDocument: Sendable {
    public var document: InterchangeDocument
    /// For each section (`actors`, `topics`, `sources`, `statements`), the 1-based line on
    /// which each record starts, when known.
    public var lines: [String: [Int]]

    public init(document: InterchangeDocument, lines: [String: [Int]] = [:]) {
        self.document = document
        self.lines = lines
    }

    /// `article.yaml, line 12 (statements[3])`, or without the line when unknown.
    public func location(origin: String, section: String, index: Int) -> String {
        Self.location(origin: origin, section: section, index: index, line: lines[section]?[safe: index])
    }

    static func location(origin: String, section: String, index: Int, line: Int?) -> String {
        if let line {
            return "\(origin), line \(line) (\(section)[\(index + 1)])"
        }
        return "\(origin): \(section)[\(index + 1)]"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Reads interchange files. Every problem is invalid input (exit 65) naming the file, the line
/// or record, and what is wrong.
public enum InterchangeReader {
    public static func read(_ data: Data, format: InterchangeFormat, origin: String) throws -> ParsedDocument {
        switch format {
        case .json: return try readJSON(try text(data, structure: .json, origin: origin), data: data, origin: origin)
        case .yaml: return try readYAML(try text(data, structure: .yaml, origin: origin), origin: origin)
        case .csv: return try StatementCSV.read(try text(data, structure: nil, origin: origin), origin: origin)
        // Checked and decoded line by line (`JSONLinesReader`).
        case .jsonl: return try readJSONLines(data, origin: origin)
        }
    }

    enum Structure { case json, yaml }

    /// The file's text: UTF-8, not empty, and, for JSON and YAML, of a sound structure.
    static func text(_ data: Data, structure: Structure?, origin: String) throws -> String {
        let text = try decodeText(data, origin: origin)
        if text.allSatisfy(\.isWhitespace) {
            throw ParleyError.invalid("the file is empty: there is nothing to import", location: origin)
        }
        if let structure {
            try StructureCheck.check(text, json: structure == .json, shape: .document, origin: origin)
        }
        return text
    }

    /// Text from UTF-8 bytes; invalid bytes and NUL characters are errors naming their line.
    public static func decodeText(_ data: Data, origin: String) throws -> String {
        let text = try decodeUTF8(data, origin: origin)
        if text.unicodeScalars.contains("\u{0}") {
            let line = text.prefix { $0 != "\u{0}" }.filter { $0 == "\n" }.count + 1
            throw ParleyError.invalid("a NUL character: this is not a text file", location: "\(origin), line \(line)")
        }
        return text
    }

    /// Text from UTF-8 bytes; invalid bytes are an error naming their line.
    static func decodeUTF8(_ data: Data, origin: String) throws -> String {
        if let text = String(data: data, encoding: .utf8) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        // Find the first invalid sequence to say where it is.
        var line = 1
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= data.endIndex,
                  String(data: data[index..<(index + length)], encoding: .utf8) != nil else { break }
            if byte == 0x0A { line += 1 }
            index += length
        }
        throw ParleyError.invalid("the file is not valid UTF-8 text; save it as UTF-8", location: "\(origin), line \(line)")
    }

    static func readJSON(_ text: String, data: Data, origin: String) throws -> ParsedDocument {
        let document: InterchangeDocument
        do {
            document = try JSONDecoder().decode(InterchangeDocument.self, from: data)
        } catch let error as DecodingError {
            throw ParleyError.invalid(InterchangeDocument.describe(error), location: location(of: error, lines: JSONRecordLines.scan(text), origin: origin),
                                      hint: formatHint)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw ParleyError.invalid("not valid JSON: \(detail)", location: origin, hint: formatHint)
        }
        try document.checkCounts(origin: origin)
        return ParsedDocument(document: document, lines: JSONRecordLines.scan(text))
    }

    static func readYAML(_ text: String, origin: String) throws -> ParsedDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ParleyError.invalid("not valid YAML: \(yamlMessage(error))", location: origin, hint: formatHint)
        } catch {
            throw ParleyError.invalid("not valid YAML: \(error)", location: origin, hint: formatHint)
        }
        guard let node else { return ParsedDocument(document: InterchangeDocument()) }
        try StructureCheck.checkKeys(node, shape: .document, origin: origin)
        // A YAML file cut at a line boundary is still YAML, and cut inside its last record it
        // can still hold every record the counts name: an export also ends with YAML's
        // document end marker, which a copy cut short lacks.
        if node.mapping?["counts"] != nil {
            let lastLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            if let last = lastLines.lastIndex(where: { !$0.allSatisfy(\.isWhitespace) }), String(lastLines[last]).trimmingWhitespace() != "..." {
                throw ParleyError.invalid("the file has the counts of an export but not the line '...' that ends one: it was cut short",
                                          location: "\(origin), line \(last + 1)",
                                          hint: "Nothing was imported. Export the file again, or, if you wrote it by hand, delete its `counts`.")
            }
        }
        var lines: [String: [Int]] = [:]
        if let mapping = node.mapping {
            for (key, value) in mapping {
                guard let section = key.string, let items = value.sequence else { continue }
                lines[section] = items.map { $0.mark?.line ?? 0 }
            }
        }
        let document: InterchangeDocument
        do {
            document = try YAMLDecoder().decode(InterchangeDocument.self, from: node)
        } catch let error as DecodingError {
            throw ParleyError.invalid(InterchangeDocument.describe(error), location: location(of: error, lines: lines, origin: origin), hint: formatHint)
        }
        try document.checkCounts(origin: origin)
        return ParsedDocument(document: document, lines: lines)
    }

    /// `file, line 12`: the line of the record a decoding error is in (`statements[3]…`), when known.
    static func location(of error: DecodingError, lines: [String: [Int]], origin: String) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .keyNotFound(_, let found), .dataCorrupted(let found): context = found
        @unknown default: return origin
        }
        let path = context.codingPath
        guard path.count >= 2, let index = path[1].intValue, let line = lines[path[0].stringValue]?[safe: index], line > 0 else { return origin }
        return "\(origin), line \(line)"
    }

    /// libyaml's message with its line, without the echo of the whole document.
    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)" + (context.map { " \($0.text)" } ?? "")
        case .composer(let context, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)" + (context.map { " \($0.text)" } ?? "")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The context's text is the whole document: only its mark is said.
            return "line \(context.mark.line), column \(context.mark.column): the key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appear twice in one mapping"
        default:
            return String(describing: error).components(separatedBy: "\n").first ?? "\(error)"
        }
    }

    static func readJSONLines(_ data: Data, origin: String) throws -> ParsedDocument {
        var reader = JSONLinesReader(data, origin: origin)
        var statements: [StatementRecord] = []
        var lines: [Int] = []
        var problems: [InputProblem] = []
        while let item = try reader.next() {
            switch item {
            case .record(let record, let line):
                statements.append(record)
                lines.append(line)
            case .problem(let problem):
                problems.append(problem)
                if problems.count >= InputProblem.listLimit { throw ParleyError.invalidInput(problems, hint: nothingImported) }
            }
        }
        if !problems.isEmpty { throw ParleyError.invalidInput(problems, hint: nothingImported) }
        return ParsedDocument(document: InterchangeDocument(statements: statements), lines: ["statements": lines])
    }

    static let formatHint = "See the interchange format in the README (parley export --format yaml shows one)."
    static let nothingImported = "Nothing was imported. Fix the file and run the import again."
}

/// Checks the shape of a document before a parser sees it: nesting deeper than any Parley
/// document has (a parser could exhaust its stack) and, in JSON, a key given twice in one object
/// (JSON parsers keep one of the two silently).
enum StructureCheck {
    static let maximumDepth = 64
    /// The most keys one JSON object may have (a statement's stances are the largest: one per topic).
    static let maximumKeys = 1_000

    /// - Parameter shape: the record the text is (`.document`, or `.statement` for a JSON line):
    ///   in JSON, each key is checked against the fields of its record (YAML's keys are checked on
    ///   the parsed nodes, `checkKeys`).
    static func check(_ text: String, json: Bool, shape: RecordShape = .free, origin: String) throws {
        var text = text
        try text.withUTF8 { try check($0, json: json, shape: shape, origin: origin) }
    }

    /// Checks UTF-8 bytes; `firstLine` is the number of their first line in the file.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, json: Bool, shape: RecordShape = .free, origin: String, firstLine: Int = 1) throws {
        if json {
            try checkJSON(bytes, shape: shape, origin: origin, firstLine: firstLine)
        } else {
            try checkYAML(bytes, origin: origin)
        }
    }

    /// YAML: nesting, by brackets and by indentation (YAML parsers reject a key given twice).
    private static func checkYAML(_ bytes: UnsafeBufferPointer<UInt8>, origin: String) throws {
        // Over UTF-8 bytes: every character that matters here is ASCII.
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
        let newline = UInt8(ascii: "\n")
        let scalarStarts = ByteSet(ascii: ":[{,-\n")
        var depth = 0
        var line = 1
        var inString: UInt8?
        var escaped = false
        // A quote opens a string only where a scalar starts; inside a plain scalar ("China's")
        // it is just a character.
        var previous = newline
        var indent = 0
        var atLineStart = true
        for byte in bytes {
            defer {
                if byte == newline {
                    previous = newline
                } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                    previous = byte
                }
            }
            if byte == newline {
                line += 1
                atLineStart = true
                indent = 0
            } else if atLineStart {
                if byte == UInt8(ascii: " ") {
                    indent += 1
                    if indent > maximumDepth * 4 {
                        throw ParleyError.invalid("the document is indented \(indent) spaces deep; a Parley document nests at most 4 levels",
                                                  location: "\(origin), line \(line)")
                    }
                } else {
                    atLineStart = false
                }
            }
            if let open = inString {
                if escaped { escaped = false; continue }
                if byte == backslash && open == quote { escaped = true; continue }
                if byte == open { inString = nil }
                continue
            }
            switch byte {
            case quote where scalarStarts.contains(previous):
                inString = quote
            case apostrophe where scalarStarts.contains(previous):
                inString = apostrophe
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth {
                    throw ParleyError.invalid("the document nests more than \(maximumDepth) levels deep; a Parley document nests at most 4",
                                              location: "\(origin), line \(line)")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth = max(0, depth - 1)
            default: break
            }
        }
    }
}

extension StructureCheck {
    /// The JSON case of `check`, which every line of a JSON Lines import goes through: keys are
    /// compared where they lie in `bytes` (as written, escapes not decoded), with the keys of the
    /// objects being read kept as ranges on one stack, so nothing is copied or hashed. Each key is
    /// also checked against the fields of the record its object is (`shape`, then the shape of
    /// each key's value).
    static func checkJSON(_ bytes: UnsafeBufferPointer<UInt8>, shape: RecordShape, origin: String, firstLine: Int) throws {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n")
        var line = firstLine
        // Per open object or array: where its keys start in `keys`, whether it is an object, and
        // the shape of the object or of the array's items.
        var levels: [(firstKey: Int, isObject: Bool, shape: RecordShape, line: Int)] = []
        var keys: [Range<Int>] = []
        var lastString = 0..<0
        // The shape of the value after the last key.
        var valueShape = shape
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case quote:
                // Skip to the closing quote; a backslash escapes the byte after it.
                let start = index + 1, opened = line
                index = start
                while index < count && bytes[index] != quote {
                    if bytes[index] == backslash { index += 1 } else if bytes[index] == newline { line += 1 }
                    index += 1
                }
                if index >= count {
                    throw ParleyError.invalid("the text ends inside a string that opens on line \(opened): was it cut short?",
                                              location: "\(origin), line \(opened)")
                }
                lastString = start..<min(index, count)
            case newline:
                line += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if levels.count == maximumDepth {
                    throw ParleyError.invalid("the document nests more than \(maximumDepth) levels deep; a Parley document nests at most 4",
                                              location: "\(origin), line \(line)")
                }
                let opened = levels.last.map { $0.isObject ? valueShape : $0.shape } ?? shape
                levels.append((keys.count, byte == UInt8(ascii: "{"), opened, line))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let level = levels.popLast() { keys.removeSubrange(level.firstKey...) }
            case UInt8(ascii: ":"):
                guard let level = levels.last, level.isObject else { break }
                // Each key is compared with the object's earlier ones, so their number is bounded:
                // no Parley record has a tenth as many.
                if keys.count - level.firstKey >= maximumKeys {
                    throw ParleyError.invalid("an object has more than \(maximumKeys) keys; no Parley record has more than a few dozen",
                                              location: "\(origin), line \(line)")
                }
                let key = UnsafeBufferPointer(rebasing: bytes[lastString])
                for earlier in keys[level.firstKey...] where earlier.count == key.count
                    && UnsafeBufferPointer(rebasing: bytes[earlier]).elementsEqual(key) {
                    throw ParleyError.invalid("the key '\(String(decoding: key, as: UTF8.self))' appears twice in one object",
                                              location: "\(origin), line \(line)")
                }
                keys.append(lastString)
                valueShape = .free
                if level.shape != .free {
                    // The usual case compares bytes with the record's fields, building no string.
                    if let field = level.shape.field(matching: key) {
                        valueShape = level.shape.child(field)
                    } else {
                        let name = try keyText(key, location: "\(origin), line \(line)")
                        if let problem = level.shape.problem(withKey: name) {
                            throw ParleyError.invalid(problem, location: "\(origin), line \(line)")
                        }
                        valueShape = level.shape.child(name)
                    }
                }
            default: break
            }
            index += 1
        }
        if let open = levels.last {
            throw ParleyError.invalid("the text ends before the \(open.isObject ? "object" : "list") that opens on line \(open.line) is closed: was it cut short?",
                                      location: "\(origin), line \(open.line)")
        }
    }

    /// A key as written between its quotes, with JSON's escapes decoded when it has any.
    /// - Throws: `ParleyError.invalidInput` at `location` for an escape JSON does not have.
    private static func keyText(_ key: UnsafeBufferPointer<UInt8>, location: String) throws -> String {
        let text = String(decoding: key, as: UTF8.self)
        guard key.contains(UInt8(ascii: "\\")) else { return text }
        do {
            return try JSONDecoder().decode(String.self, from: Data(("\"" + text + "\"").utf8))
        } catch {
            throw ParleyError.invalid("the key \"\(text)\" has an escape JSON does not have (\\n, \\\", \\u0041 and the like are)", location: location)
        }
    }

    /// YAML's keys, on the parsed nodes: each mapping's keys against the fields of its record.
    static func checkKeys(_ node: Node, shape: RecordShape, origin: String) throws {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                var childShape = RecordShape.free
                if shape != .free, let name = key.string {
                    if let problem = shape.problem(withKey: name) {
                        throw ParleyError.invalid(problem, location: "\(origin), line \(key.mark?.line ?? 0)")
                    }
                    childShape = shape.child(name)
                }
                if childShape != .free { try checkKeys(value, shape: childShape, origin: origin) }
            }
        case .sequence(let items):
            for item in items { try checkKeys(item, shape: shape, origin: origin) }
        default: break
        }
    }
}

/// Finds the line on which each element of the top-level arrays of a JSON document starts,
/// so that a problem in `statements[412]` can name its line.
enum JSONRecordLines {
    static func scan(_ text: String) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var currentString = ""
        var lastKey: String?
        var section: String?
        for scalar in text.unicodeScalars {
            if inString {
                if escaped { escaped = false; currentString.unicodeScalars.append(scalar); continue }
                if scalar == "\\" { escaped = true; continue }
                if scalar == "\"" { inString = false; continue }
                currentString.unicodeScalars.append(scalar)
                if scalar == "\n" { line += 1 }
                continue
            }
            switch scalar {
            case "\n": line += 1
            case "\"":
                inString = true
                currentString = ""
            case ":":
                if depth == 1 { lastKey = currentString }
            case "{", "[":
                if depth == 1 && scalar == "[" { section = lastKey; result[lastKey ?? "", default: []] = [] }
                if depth == 2, let section, scalar == "{" { result[section, default: []].append(line) }
                depth += 1
            case "}", "]":
                depth -= 1
                if depth == 1 { section = nil }
            default: break
            }
        }
        return result
    }
}

/// Writes interchange documents.
public enum InterchangeWriter {
    /// The whole document as pretty JSON.
    public static func json(_ document: InterchangeDocument) -> String {
        document.json.serialized() + "\n"
    }

    /// The whole document as YAML, keys in the same order as JSON. A document with `counts` (an
    /// export) ends with the document end marker `...`, which import then requires.
    public static func yaml(_ document: InterchangeDocument) throws -> String {
        try yaml(document.json) + (document.counts == nil ? "" : "...\n")
    }

    /// Any JSON value as YAML, keys in order.
    public static func yaml(_ value: JSONValue) throws -> String {
        try Yams.serialize(node: node(value), width: -1, allowUnicode: true, sortKeys: false)
    }

    /// One statement as a JSON line.
    public static func jsonLine(_ record: StatementRecord) -> String {
        record.json.serialized(indent: nil) + "\n"
    }

    /// A YAML node for a JSON value. Strings that YAML would read as null, a boolean or a number
    /// are quoted, so they come back as the same text.
    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(String(number), Tag(.float))
        case .string(let text):
            let plain = Node(text)
            switch Resolver.default.resolveTag(of: plain) {
            case .null, .bool, .float: return Node(text, Tag(.str), .singleQuoted)
            default: return text.contains("\n") ? Node(text, Tag(.str), .literal) : plain
            }
        case .array(let items): return Node(items.map(node))
        case .object(let members): return Node(members.map { (Node($0.0), node($0.1)) })
        }
    }
}
