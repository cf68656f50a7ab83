import Foundation
import ParleyCLI
import ParleyCore
import Testing

/// Malformed import documents, each made broken on purpose, from valid ones.
struct HostileDocuments {
    /// The sample in each format, valid.
    static func bases() throws -> [(InterchangeFormat, String)] {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        return try InterchangeFormat.allCases.map { format in
            var text = ""
            try Exporter(parley).write(format, filter: nil) { text += $0 }
            return (format, text)
        }
    }

    var random: UInt64
    /// The sample as one flow-style YAML document.
    var flowYAML: String?

    mutating func next(_ bound: Int) -> Int {
        random = random &* 6364136223846793005 &+ 1442695040888963407
        return Int((random >> 33) % UInt64(max(1, bound)))
    }

    /// One broken document and how it was broken.
    mutating func make(from base: (format: InterchangeFormat, text: String)) -> (kind: String, format: InterchangeFormat, data: Data) {
        let (format, text) = base
        let bytes = Array(text.utf8)
        let kinds = ["truncated", "wrong type", "invalid UTF-8", "NUL byte", "bad date", "unknown stance", "duplicate key",
                     "deep nesting", "missing speaker", "huge field"]
        var kind = kinds[next(kinds.count)]
        if kind == "huge field" && next(100) != 0 { kind = "bad date" }  // 10 MB documents, now and then
        if format == .csv && ["truncated", "wrong type", "duplicate key", "deep nesting"].contains(kind) { kind = "unknown stance" }
        if format == .jsonl && kind == "wrong type" { kind = "bad date" }
        func replacing(_ pattern: String, _ replacement: String) -> Data {
            let ranges = text.ranges(of: pattern)
            guard !ranges.isEmpty else { return Data(text.utf8) }
            var changed = text
            changed.replaceSubrange(ranges[next(ranges.count)], with: replacement)
            return Data(changed.utf8)
        }
        switch kind {
        case "truncated":
            // Cut inside a line, never at a line's end, which could leave a valid shorter
            // document. Block-style YAML cut anywhere may still be valid YAML, so YAML is cut in
            // its flow style (JSON is YAML), where an unclosed bracket always tells.
            let source = format == .yaml ? Array((flowYAML ?? text).utf8) : bytes
            let last = source.lastIndex(of: UInt8(ascii: "}")) ?? source.count
            let cuts = source.indices.filter { $0 > 0 && $0 < last && source[$0 - 1] != UInt8(ascii: "\n") && source[$0] != UInt8(ascii: "\n") }
            let cut = cuts.isEmpty ? 1 : cuts[next(cuts.count)]
            return (kind, format, Data(source[..<cut]))
        case "wrong type":
            return format == .yaml ? (kind, format, replacing("speaker: ", "speaker: [1, 2] # ")) : (kind, format, replacing("\"speaker\": ", "\"speaker\": 12, \"x\": "))
        case "invalid UTF-8":
            var broken = bytes
            broken.insert(contentsOf: [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x28, 0x8C, 0xBC]][next(4)], at: next(bytes.count))
            return (kind, format, Data(broken))
        case "NUL byte":
            var broken = bytes
            broken.insert(0, at: next(bytes.count))
            return (kind, format, Data(broken))
        case "bad date":
            let dates = ["2025-13-40", "2025-02-30", "May 2025", "20250520", "2025-00", "yesterday", "2025-05-19T25:61"]
            let date = dates[next(dates.count)]
            switch format {
            case .yaml: return (kind, format, replacing("published: 2025-05-20", "published: '\(date)'"))
            case .csv: return (kind, format, replacing(",2025-05-20,", ",\(date),"))
            default:
                let pattern = format == .json ? "\"published\": \"2025-05-20\"" : "\"published\":\"2025-05-20\""
                return (kind, format, replacing(pattern, pattern.replacingOccurrences(of: "2025-05-20", with: date)))
            }
        case "unknown stance":
            let word = ["maybe", "SUPPORTZ", "", "ye s", "1", "null", "<script>"][next(7)]
            switch format {
            case .csv: return (kind, format, replacing("=supports", "=\(word.isEmpty ? "?" : word)"))
            case .yaml: return (kind, format, replacing(": supports", ": '\(word.isEmpty ? "?" : word)'"))
            default: return (kind, format, replacing("supports\"", "\(word.isEmpty ? "?" : word)\""))
            }
        case "duplicate key":
            return format == .yaml ? (kind, format, replacing("  speaker: ", "  quote: dup\n  speaker: "))
                : (kind, format, replacing("\"speaker\":", "\"speaker\": \"dup\", \"speaker\":"))
        case "deep nesting":
            let depth = 65 + next(5000)
            let opening = format == .yaml ? "statements: " : "{\"statements\": "
            return (kind, format, Data((opening + String(repeating: "[", count: depth) + "\n").utf8))
        case "missing speaker":
            switch format {
            case .csv: return (kind, format, Data(("speaker,text\n,No speaker here\n").utf8))
            case .yaml: return (kind, format, Data("statements:\n  - quote: no speaker\n".utf8))
            default: return (kind, format, Data("{\"statements\": [{\"quote\": \"no speaker\"}]}\n".utf8))
            }
        default:  // huge field: a 10 MB quote
            let huge = String(repeating: "peace ", count: 1_750_000)
            switch format {
            case .csv: return (kind, format, Data("speaker,text\nPutin,\(huge)\n".utf8))
            case .yaml: return (kind, format, Data("statements:\n  - speaker: Putin\n    quote: \(huge)\n".utf8))
            case .jsonl: return (kind, format, Data("{\"speaker\": \"Putin\", \"quote\": \"\(huge)\"}\n".utf8))
            default: return (kind, format, Data("{\"statements\": [{\"speaker\": \"Putin\", \"quote\": \"\(huge)\"}]}".utf8))
            }
        }
    }
}

/// Small documents of two statements in each format, the second one damaged in one way, and
/// where the message must place the damage.
enum DamagedDocument {
    /// A statement's fields, as the second record carries them.
    struct Fields {
        var speaker = "Putin"
        var quote = "Second."
        var saidOn = "2025-05-20"
        var stance = "supports"
    }

    /// Two statements; the second, from line 3 (JSON, JSON Lines's line 2, CSV's line 3, YAML's
    /// line 6), has `fields`.
    static func text(_ format: InterchangeFormat, _ fields: Fields) -> String {
        let first = Fields(quote: "First.")
        func json(_ f: Fields) -> String {
            #"{"speaker": "\#(f.speaker)", "quote": "\#(f.quote)", "said_on": "\#(f.saidOn)", "stances": {"ceasefire": "\#(f.stance)"}}"#
        }
        switch format {
        case .json: return "{\"statements\": [\n  \(json(first)),\n  \(json(fields))\n]}\n"
        case .jsonl: return json(first) + "\n" + json(fields) + "\n"
        case .csv:
            return "speaker,text,said_on,stances\n" + [first, fields].map { "\($0.speaker),\($0.quote),\($0.saidOn),ceasefire=\($0.stance)\n" }.joined()
        case .yaml:
            return "statements:\n" + [first, fields].map {
                "  - speaker: \($0.speaker)\n    quote: \($0.quote)\n    said_on: '\($0.saidOn)'\n    stances:\n      ceasefire: \($0.stance)\n"
            }.joined()
        }
    }

    /// The line the second statement starts on.
    static func line(_ format: InterchangeFormat) -> Int {
        switch format {
        case .json, .csv: return 3
        case .jsonl: return 2
        case .yaml: return 7
        }
    }

    /// Each kind of damage: the document and what its message must say besides the file and the
    /// line. nil: the kind does not apply to the format.
    static func make(_ kind: String, _ format: InterchangeFormat) -> (data: Data, says: [String])? {
        damage(kind, format)
    }

    static func damage(_ kind: String, _ format: InterchangeFormat) -> (data: Data, says: [String])? {
        let line = "line \(line(format))"
        func damaged(_ change: (inout Fields) -> Void) -> Data {
            var fields = Fields()
            change(&fields)
            return Data(text(format, fields).utf8)
        }
        func inserting(_ bytes: [UInt8]) -> Data {
            let good = Array(text(format, Fields()).utf8)
            let at = good.indices.filter { good[$0...].starts(with: Array("Second".utf8)) }.first ?? 0
            return Data(good[..<(at + 3)] + bytes + good[(at + 3)...])
        }
        switch kind {
        case "bad date": return (damaged { $0.saidOn = "2025-02-30" }, [line, "said_on", "invalid date '2025-02-30'"])
        case "unknown stance": return (damaged { $0.stance = "maybe" }, [line, "stances", "unknown stance 'maybe'"])
        case "missing speaker": return (damaged { $0.speaker = "" }, [line, "speaker"])
        case "wrong type":
            switch format {
            case .csv: return nil  // every CSV cell is text
            case .yaml: return (Data(text(format, Fields()).replacingOccurrences(of: "  - speaker: Putin\n    quote: Second.", with: "  - speaker: [1, 2]\n    quote: Second.").utf8), ["statements[2].speaker"])
            case .json: return (Data(text(format, Fields()).replacingOccurrences(of: #""speaker": "Putin", "quote": "Second.""#, with: #""speaker": 12, "quote": "Second.""#).utf8), ["statements[2].speaker"])
            default: return (Data(text(format, Fields()).replacingOccurrences(of: #""speaker": "Putin", "quote": "Second.""#, with: #""speaker": 12, "quote": "Second.""#).utf8), [line, "speaker"])
            }
        case "duplicate key":
            switch format {
            case .csv: return nil  // a column given twice: HostileInputTests.duplicateColumn
            case .yaml: return (Data(text(format, Fields()).replacingOccurrences(of: "    quote: Second.", with: "    quote: Second.\n    quote: again").utf8), ["line 8", "'quote' appear twice"])
            default: return (Data(text(format, Fields()).replacingOccurrences(of: #""quote": "Second.""#, with: #""quote": "Second.", "quote": "again""#).utf8), [line, "quote"])
            }
        case "truncated":
            let good = text(format, Fields())
            if format == .csv {  // cut inside a quoted cell
                return (Data(good.replacingOccurrences(of: "Putin,Second.,", with: "Putin,\"Second.,").utf8), ["line"])
            }
            let cut = good.range(of: "Second")?.upperBound ?? good.endIndex
            // Block-style YAML cut may still be YAML: cut it in flow style, where the bracket tells.
            let source = format == .yaml ? "{\"statements\": [{\"speaker\": \"Putin\", \"quote\": \"Sec" : String(good[..<cut])
            return (Data(source.utf8), format == .json ? ["line 3", "cut short"] : ["line"])
        case "invalid UTF-8": return (inserting([0xC3, 0x28]), [format == .yaml ? "line 8" : line, "not valid UTF-8"])  // YAML's quote is a line down
        case "NUL byte": return (inserting([0]), [format == .jsonl ? line : "byte", "NUL"])
        case "deep nesting":
            guard format != .csv else { return nil }
            let opening = format == .yaml ? "statements: " : format == .jsonl ? "{\"speaker\": " : "{\"statements\": "
            return (Data((opening + String(repeating: "[", count: 65) + "\n").utf8), ["nests more than 64 levels"])
        default: return nil
        }
    }

    static let kinds = ["bad date", "unknown stance", "missing speaker", "wrong type", "duplicate key", "truncated", "invalid UTF-8",
                        "NUL byte", "deep nesting"]
}

@Suite("Hostile input", .serialized)
struct HostileInputTests {
    /// Imports a file in process: exit code, stdout, stderr.
    static func importFile(_ data: Data, named name: String, into database: String) throws -> (code: Int32, stdout: String, stderr: String) {
        let directory = (database as NSString).deletingLastPathComponent
        let path = directory + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let capture = CapturedConsole()
        let code = Console.$current.withValue(capture.console()) {
            ParleyCommand.run(arguments: ["import", path, "--db", database])
        }
        return (code, capture.stdout, capture.stderr)
    }

    @Test("every kind of damage in every format: exit 65, a message naming file, line and field, the database unchanged",
          arguments: DamagedDocument.kinds)
    func damage(kind: String) throws {
        let directory = try newDirectory("damage")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/target.sqlite"
        #expect(parley(["demo", "--db", path]).code == 0)
        let before = parley(["export", "--format", "json", "--db", path]).stdout
        for format in InterchangeFormat.allCases {
            guard let (data, says) = DamagedDocument.make(kind, format) else { continue }
            let name = "damaged.\(format.rawValue)"
            let result = try Self.importFile(data, named: name, into: path)
            #expect(result.code == 65, "\(kind) \(format): exit \(result.code), \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(kind) \(format)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(name), "\(kind) \(format): \(result.stderr)")
            for part in says {
                #expect(result.stderr.contains(part), "\(kind) \(format): no '\(part)' in \(result.stderr)")
            }
            #expect(result.stderr.contains("line "), "\(kind) \(format): no line in \(result.stderr)")
        }
        #expect(parley(["export", "--format", "json", "--db", path]).stdout == before, "the database is unchanged")
    }

    @Test("a CSV column given twice is refused")
    func duplicateColumn() throws {
        let db = try TemporaryDatabase()
        let csv = "speaker,text,said_on,stances,speaker\nPutin,First.,2025-05-20,ceasefire=supports,Putin\nPutin,Second.,2025-05-20,ceasefire=supports,Xi\n"
        let result = try Self.importFile(Data(csv.utf8), named: "twice.csv", into: db.path)
        #expect(result.code == 65, "\(result.stderr)")
        #expect(result.stderr.contains("twice.csv, line 1: the column(s) speaker appear more than once"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db.path))
    }

    @Test("the undamaged documents import, so each damage alone is what is refused", arguments: InterchangeFormat.allCases)
    func undamaged(format: InterchangeFormat) throws {
        let db = try TemporaryDatabase()
        let result = try Self.importFile(Data(DamagedDocument.text(format, DamagedDocument.Fields()).utf8), named: "good.\(format.rawValue)", into: db.path)
        #expect(result.code == 0, "\(format): \(result.stderr)")
        #expect(try db.counts()["statements"] == 2)
    }

    @Test("field limits at their edges: a quote of 100,000 characters and a speaker of 500 import; one more is refused, named",
          arguments: InterchangeFormat.allCases)
    func limits(format: InterchangeFormat) throws {
        let db = try TemporaryDatabase()
        let edges: [(field: String, limit: Int, set: (inout DamagedDocument.Fields, String) -> Void)] = [
            ("quote", Importer.textLimit, { $0.quote = $1 }), ("speaker", Importer.nameLimit, { $0.speaker = $1 }),
        ]
        for (field, limit, set) in edges {
            for length in [limit, limit + 1] {
                var fields = DamagedDocument.Fields()
                set(&fields, String(repeating: "é", count: length - 1) + "\(length % 10)")  // two bytes a character: counted in characters
                let result = try Self.importFile(Data(DamagedDocument.text(format, fields).utf8), named: "edge.\(format.rawValue)", into: db.path)
                if length == limit {
                    #expect(result.code == 0, "\(format) \(field) of \(length): \(result.stderr)")
                } else {
                    #expect(result.code == 65, "\(format) \(field) of \(length)")
                    let place = "edge.\(format.rawValue), line \(DamagedDocument.line(format))"
                    #expect(result.stderr.contains(place) && result.stderr.contains("\(field): \(length) characters; the limit is \(limit)"),
                            "\(format) \(field) of \(length): \(result.stderr.prefix(300))")
                }
            }
        }
        #expect(try db.counts()["statements"] == 3, "the first statement, and the two at the limits")
    }

    @Test("soak: 10,000 malformed documents (PARLEY_SOAK=1): never a crash, always exit 65 with a message, the database unchanged",
          .enabled(if: ProcessInfo.processInfo.environment["PARLEY_SOAK"] == "1"))
    func malformedDocuments() throws {
        let directory = try newDirectory("hostile")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/target.sqlite"
        #expect(parley(["demo", "--db", path]).code == 0)
        let before = parley(["export", "--format", "json", "--db", path]).stdout
        let bases = try HostileDocuments.bases()
        var generator = HostileDocuments(random: 7, flowYAML: bases.first { $0.0 == .json }?.1)
        var kinds: [String: Int] = [:]
        var failures: [String] = []
        let count = 10_000
        for index in 0..<count {
            let base = bases[index % bases.count]
            let (kind, format, data) = generator.make(from: base)
            kinds[kind, default: 0] += 1
            let capture = CapturedConsole(inputBytes: data)
            let code = Console.$current.withValue(capture.console()) {
                ParleyCommand.run(arguments: ["import", "-", "--format", format.rawValue, "--db", path])
            }
            if code != 65 || !capture.stderr.hasPrefix("error: ") || !capture.stdout.isEmpty {
                failures.append("#\(index) \(kind) \(format): exit \(code), \(capture.stderr.prefix(200))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) documents: \(failures.prefix(5))")
        #expect(parley(["export", "--format", "json", "--db", path]).stdout == before, "the database is unchanged")
        #expect(parley(["db", "check", "--db", path]).code == 0)
        reportFigure("hostile input soak: \(count) malformed documents (\(kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))); \(failures.count) not refused with exit 65")
    }

    static let commandLines: [([String], Int32)] = [
        (["add", "--speaker", "putin", "--quote", "x", "--said-on", "2025-13-40"], 65),
        (["add", "--speaker", "putin", "--quote", "x", "--stance", "ceasefire"], 65),
        (["add", "--speaker", "putin", "--quote", "x", "--stance", "ceasefire=☃"], 65),
        (["add", "--speaker", "", "--quote", "x"], 65),
        (["add", "--speaker", "9999999999999999999999", "--quote", "x"], 1),
        (["add", "--speaker", "putin", "--quote", ""], 65),
        (["statement", "show", "'; DROP TABLE statement; --"], 1),
        (["statement", "show", "0"], 1),
        (["statement", "list", "--from", "2025-02-30"], 65),
        (["statement", "list", "--cameo", "0'"], 65),
        (["statement", "list", "--kind", "rumour"], 65),
        (["actor", "add", "X", "--country", "Ukraine"], 65),
        (["actor", "add", "X", "--wikidata", "Q0"], 65),
        (["timeline", "--format", "pdf"], 64),
        (["history", "--limit", "many"], 64),
    ]

    @Test("malformed command-line values are refused with a message, writing nothing", arguments: commandLines)
    func commandLine(arguments: [String], code: Int32) throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = try db.counts()
        let result = db.run(arguments)
        #expect(result.code == code, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
        #expect(try db.counts() == before)
    }
}

@Suite("Injection")
struct InjectionTests {
    static let hostile = [
        "'; DROP TABLE statement; --",
        "ceasefire\" OR 1=1 NEAR(x y) AND NOT *",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\u{1B}[2J\u{1B}[31mred\u{1B}[0m and a bell\u{7}",
        "right-to-left \u{202E}txt.exe",
    ]

    @Test("hostile text is stored verbatim and shown safely in every output")
    func everyFormat() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        for text in Self.hostile {
            let result = db.run(["add", "--speaker", "putin", "--quote=\(text)", "--note=\(text)", "--stance", "ceasefire=unclear"])
            #expect(result.code == 0, "\(result.stderr)")
        }
        // Stored verbatim, and the statement table is still there.
        let json = try jsonArray(db.run(["statement", "list", "--format", "json", "--speaker", "putin"]).stdout)
        #expect(Set(json.compactMap { $0["text"] as? String }).isSuperset(of: Self.hostile))
        #expect(try db.counts()["statements"] == 10 + Self.hostile.count)

        func onTerminal(_ arguments: [String]) -> String {
            let capture = CapturedConsole()
            _ = Console.$current.withValue(capture.console(width: 100, isTerminal: true)) {
                ParleyCommand.run(arguments: arguments + ["--db", db.path])
            }
            return capture.stdout
        }
        func noControl(_ text: String, _ what: String, allowingStyle: Bool = false) {
            let stripped = allowingStyle ? text.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "") : text
            #expect(!stripped.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E },
                    "\(what) carries a control character to the terminal")
        }
        // On a terminal, no format lets a control character through.
        for command in [["statement", "list"], ["timeline"], ["statement", "show", "11"], ["stances"], ["history"], ["actor", "show", "putin"],
                        ["export", "--format", "csv"], ["export", "--format", "yaml"]] {
            noControl(onTerminal(command), command.joined(separator: " "))
        }
        noControl(onTerminal(["search", "bell"]), "search", allowingStyle: true)
        #expect(onTerminal(["search", "bell"]).contains("\u{1B}[1mbell\u{1B}[0m"), "matches in bold on a terminal")
        for format in ["markdown", "html", "json", "jsonl", "csv", "timelinejs"] {
            noControl(onTerminal(["timeline", "--format", format, "--speaker", "putin"]), "timeline \(format)")
            let piped = db.run(["timeline", "--format", format, "--speaker", "putin"]).stdout
            if format == "html" || format == "timelinejs" {
                #expect(!piped.contains("<script>"), "\(format)")
                #expect(!piped.contains("<img"), "\(format)")
            }
            if format == "json" || format == "jsonl" || format == "timelinejs" {
                #expect(!piped.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "JSON escapes control characters")
            }
        }
        let html = db.run(["report", "--format", "html"]).stdout
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        for command in [["statement", "list", "--format", "csv"], ["timeline", "--format", "csv"], ["export", "--format", "csv"], ["search", "cmd", "--format", "csv"]] {
            let csv = db.run(command).stdout
            for formula in ["=HYPERLINK", "+cmd", "-2+3", "@SUM"] {
                #expect(!csv.contains("," + formula) && !csv.contains(",\"" + formula) && !csv.contains("\n" + formula),
                        "\(command): a cell starts with \(formula)")
            }
        }
        // FTS operators in text are searched as text.
        #expect(db.run(["search", "NEAR(x"]).code == 0)
        #expect(db.run(["search", "'; DROP TABLE statement; --"]).stdout.contains("DROP TABLE"))
    }
}
