import ArgumentParser
import Foundation
import ParleyCLI
import ParleyCore
import Testing

/// One in-process run of `parley` with captured output.
struct Run {
    let code: Int32
    let stdout: String
    let stderr: String
}

func parley(_ arguments: [String], input: String? = nil, width: Int? = nil, environment: [String: String] = [:]) -> Run {
    let capture = CapturedConsole(input: input)
    let code = Console.$current.withValue(capture.console(width: width, environment: environment)) {
        ParleyCommand.run(arguments: arguments)
    }
    return Run(code: code, stdout: capture.stdout, stderr: capture.stderr)
}

/// A temporary database path, removed with its folder at the end of the test.
final class TemporaryDatabase {
    let directory: String
    let path: String
    init() throws {
        directory = NSTemporaryDirectory() + "parley-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/parley.sqlite"
    }
    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs parley with `--db` pointing here.
    func run(_ arguments: [String], input: String? = nil) -> Run {
        parley(arguments + ["--db", path], input: input)
    }

    /// The row counts `parley db status --format json` reports.
    func counts() throws -> [String: Int] {
        let result = run(["db", "status", "--format", "json"])
        guard result.code == 0 else { throw ParleyError.database(result.stderr) }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["counts"] as? [String: Int]) ?? [:]
    }
}

func jsonArray(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

@Suite("Command line, in process")
struct CLITests {
    @Test("a new user adds an actor with aliases, a topic, a source and a statement, and reads them back")
    func newUser() throws {
        let db = try TemporaryDatabase()
        var result = db.run(["actor", "add", "Volodymyr Zelenskyy", "--alias", "Zelensky", "--alias", "Zelenskiy",
                             "--country", "ukr", "--role", "President of Ukraine"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "1\n")
        #expect(result.stderr == "added actor 1: Volodymyr Zelenskyy (volodymyr-zelenskyy)\n")
        result = db.run(["topic", "add", "ceasefire", "--title", "Ceasefire in Ukraine"])
        #expect(result.code == 0, "\(result.stderr)")
        result = db.run(["source", "add", "https://example.org/a", "--outlet", "Hindustan Times", "--published", "2025-05-20", "--via", "AFP"])
        #expect(result.code == 0, "\(result.stderr)")
        result = db.run(["add", "--speaker", "ZELENSKIY", "--quote", "Ukraine is ready for a full and unconditional ceasefire.",
                         "--said-on", "2025-05-19", "--medium", "X post", "--source", "https://example.org/a",
                         "--stance", "ceasefire=supports"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "1\n")

        result = db.run(["statement", "list", "--format", "json", "--speaker", "zelensky"])
        #expect(result.code == 0, "\(result.stderr)")
        let statements = try jsonArray(result.stdout)
        try #require(statements.count == 1)
        #expect(statements[0]["text"] as? String == "Ukraine is ready for a full and unconditional ceasefire.")
        #expect(statements[0]["said_on"] as? String == "2025-05-19")
        #expect(statements[0]["said_on_precision"] as? String == "day")
        #expect(statements[0]["stances"] as? [String: String] == ["ceasefire": "supports"])
        #expect((statements[0]["speaker"] as? [String: Any])?["name"] as? String == "Volodymyr Zelenskyy")
        let sources = try #require(statements[0]["sources"] as? [[String: Any]])
        #expect(sources.first?["outlet"] as? String == "Hindustan Times")

        result = db.run(["statement", "list"])
        #expect(result.stdout.contains("2025-05-19  Volodymyr Zelenskyy  quote  Ukraine is ready"))
        result = db.run(["actor", "show", "zelenskiy"])
        #expect(result.stdout.contains("aliases:      Zelenskiy, Zelensky"))
        #expect(result.stdout.contains("affiliations: President of Ukraine"))
        result = db.run(["statement", "list", "--format", "csv"])
        #expect(result.stdout.hasPrefix("id,date,speaker,kind,text,stances\n1,2025-05-19,Volodymyr Zelenskyy,quote,"))
    }

    @Test("invalid input exits non-zero with a message that says what to do, and changes nothing", arguments: [
        (["--stance", "ceasefire=maybe"], Int32(65), "unknown stance 'maybe'; use one of: supports, opposes, conditional, neutral, unclear"),
        (["--said-on", "2025-02-30"], 65, "February 2025 has 28 days"),
        (["--said-on", "yesterday"], 65, "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        (["--stance", "cesefire=supports"], 1, "no topic matches 'cesefire'; did you mean: ceasefire"),
        (["--about", "Atlantis"], 1, "no actor matches 'Atlantis'"),
        (["--cameo", "999"], 65, "unknown CAMEO code '999'"),
    ])
    func invalidInput(extra: [String], code: Int32, message: String) throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = try db.counts()
        let result = db.run(["add", "--speaker", "zelensky", "--quote", "A new quote.", "--source", "https://example.org/new"] + extra)
        #expect(result.code == code)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try db.counts() == before)
    }

    @Test("an unknown speaker is an error naming the closest actor")
    func unknownSpeaker() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = try db.counts()
        let result = db.run(["add", "--speaker", "Zelensko", "--quote", "x"])
        #expect(result.code == 1)
        #expect(result.stderr.contains("no actor matches 'Zelensko'; did you mean: Volodymyr Zelenskyy"))
        #expect(result.stderr.contains("parley actor add"))
        #expect(try db.counts() == before)
    }

    @Test("every command names itself: a name left to ArgumentParser is made from the type's name by String(describing:), a scan of every protocol conformance in the binary, a third of start-up")
    func commandsNameThemselves() {
        func unnamed(_ command: any ParsableCommand.Type, path: String) -> [String] {
            let configuration = command.configuration
            let name = configuration.commandName.map { path.isEmpty ? $0 : path + " " + $0 }
            return (name == nil ? [path + " " + String(reflecting: command)] : [])
                + configuration.subcommands.flatMap { unnamed($0, path: name ?? path) }
        }
        #expect(ParleyCommand.configuration.subcommands.count > 10)
        #expect(unnamed(ParleyCommand.self, path: "") == [])
    }

    @Test("usage errors exit 64 with the usage line")
    func usage() throws {
        let db = try TemporaryDatabase()
        var result = db.run(["add", "--speaker", "x"])
        #expect(result.code == 64)
        #expect(result.stderr.hasPrefix("error: give the statement's text with --quote"))
        #expect(result.stderr.contains("Usage: parley add"))
        result = db.run(["statement", "list", "--format", "xml"])
        #expect(result.code == 64)
        result = parley(["frobnicate"])
        #expect(result.code == 64)
        #expect(!FileManager.default.fileExists(atPath: db.path), "nothing was created")
    }

    /// Every command that only reads.
    static let readCommands: [[String]] = [
        ["statement", "list"], ["statement", "show", "1"], ["actor", "list"], ["actor", "show", "x"], ["topic", "list"], ["topic", "show", "x"],
        ["source", "list"], ["source", "show", "1"], ["db", "status"], ["db", "check"], ["timeline"], ["search", "ceasefire"],
        ["export"], ["report"], ["stances"], ["shifts"], ["history"],
    ]

    @Test("read commands never create a database, nor its folder", arguments: readCommands + [["import", "--dry-run", "DOC"], ["db", "backup", "COPY"]])
    func readNeverCreates(command: [String]) throws {
        let folder = try newDirectory("read")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = folder + "/doc.json"
        try Data(#"{"statements": [{"speaker": "Ada", "quote": "Hello."}]}"#.utf8).write(to: URL(fileURLWithPath: document))
        let arguments = command.map { $0 == "DOC" ? document : $0 == "COPY" ? folder + "/copy.sqlite" : $0 }
        for path in [folder + "/parley.sqlite", folder + "/missing/parley.sqlite"] {
            let result = parley(arguments + ["--db", path])
            #expect(result.code == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no database at \(path)"), "\(command): \(result.stderr)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left == ["doc.json"], "\(command) left \(left)")
    }

    @Test("the database comes from --db, else PARLEY_DB, else the XDG data folder")
    func location() throws {
        let db = try TemporaryDatabase()
        let viaEnvironment = parley(["topic", "add", "ceasefire"], environment: ["PARLEY_DB": db.path])
        #expect(viaEnvironment.code == 0, "\(viaEnvironment.stderr)")
        #expect(FileManager.default.fileExists(atPath: db.path))
        let viaXDG = parley(["topic", "add", "ceasefire"], environment: ["XDG_DATA_HOME": db.directory + "/xdg"])
        #expect(viaXDG.code == 0, "\(viaXDG.stderr)")
        #expect(FileManager.default.fileExists(atPath: db.directory + "/xdg/parley/parley.sqlite"))
        #expect(DatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/home/ana"]) == "/home/ana/.local/share/parley/parley.sqlite")
        #expect(DatabaseLocation.resolve(explicit: "~/x.sqlite", environment: ["HOME": "/home/ana", "PARLEY_DB": "/y"]) == "/home/ana/x.sqlite")
    }

    @Test("--quote - reads the text from standard input")
    func stdin() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let result = db.run(["add", "--speaker", "putin", "--quote", "-"], input: "We are ready to talk.\n")
        #expect(result.code == 0, "\(result.stderr)")
        let show = db.run(["statement", "show", result.stdout.trimmingWhitespace(), "--format", "json"])
        #expect(show.stdout.contains("\"text\": \"We are ready to talk.\""))
        let empty = db.run(["add", "--speaker", "putin", "--quote", "-"], input: "")
        #expect(empty.code == 65)
    }

    @Test("adding the same words again merges instead of duplicating")
    func merge() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let result = db.run(["add", "--speaker", "Trump", "--quote", "Went very well!", "--source", "https://example.org/second"])
        #expect(result.code == 0)
        #expect(result.stdout == "6\n")
        #expect(result.stderr.contains("already said this"))
        #expect(try db.counts()["statements"] == 10)
    }

    @Test("parley demo prints all ten sample quotations in order with speakers and stances")
    func demo() throws {
        let result = parley(["demo"])
        #expect(result.code == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let headings = lines.filter { $0.hasPrefix("  reported 2025-05-20 · ") }
        #expect(headings.count == 10)
        #expect(headings.map { $0.replacingOccurrences(of: "  reported 2025-05-20 · ", with: "").components(separatedBy: " · ")[0] } == [
            "Donald Trump", "Donald Trump", "Mao Ning for China's foreign ministry", "Mao Ning for China's foreign ministry",
            "Donald Trump", "Donald Trump", "Vladimir Putin", "Donald Trump", "Volodymyr Zelenskyy", "Volodymyr Zelenskyy",
        ])
        #expect(result.stdout.contains("      ceasefire: supports, sanctions-on-russia: conditional · Hindustan Times via AFP"))
        #expect(result.stdout.contains("ACTOR                ceasefire  direct-talks  sanctions-on-russia"))
        #expect(result.stdout.contains("This ran in a temporary database."))
    }

    @Test("parley demo --db keeps the sample, and running it twice changes nothing")
    func demoKeeps() throws {
        let db = try TemporaryDatabase()
        let first = db.run(["demo"])
        #expect(first.stdout.contains("Loaded into \(db.path)"))
        let counts = try db.counts()
        #expect(counts["statements"] == 10)
        let second = db.run(["demo"])
        #expect(second.stdout.contains("Already in \(db.path)"))
        #expect(try db.counts() == counts)
        #expect(db.run(["db", "check"]).stdout.hasPrefix("ok: "))
    }

    /// Each listing, the records it shows of the sample (nil: one record, shown whole), and a text
    /// every format of it carries.
    static let listings: [([String], Int?, String)] = [
        (["actor", "list"], 9, "Donald Trump"), (["topic", "list"], 4, "ceasefire"), (["source", "list"], 1, "Hindustan Times"),
        (["statement", "list"], 10, "China supports all efforts"),
        (["actor", "show", "trump"], nil, "Donald Trump"), (["topic", "show", "ceasefire"], nil, "ceasefire"),
        (["source", "show", "1"], nil, "Hindustan Times"), (["statement", "show", "3"], nil, "China supports all efforts"),
    ]

    @Test("every listing offers table, json, jsonl and csv, each with every record", arguments: listings)
    func formats(command: [String], records: Int?, carries text: String) throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        for format in OutputFormat.allCases {
            let result = db.run(command + ["--format", format.rawValue])
            #expect(result.code == 0, "\(command) \(format): \(result.stderr)")
            #expect(result.stdout.contains(text), "\(command) \(format) shows \(text)")
            let lines = result.stdout.split(separator: "\n")
            switch format {
            case .json:
                let value = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
                if let records {
                    #expect((value as? [Any])?.count == records, "\(command) json: an array of \(records)")
                } else {
                    #expect(value is [String: Any], "\(command) json: one object")
                }
            case .jsonl:
                #expect(lines.count == records ?? 1, "\(command) jsonl: one line a record")
                for line in lines { #expect((try JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]) }
            case .csv:
                #expect(lines.count == (records ?? 1) + 1, "\(command) csv: a header and a row a record")
            case .table:
                if let records { #expect(lines.count == records + 1, "\(command) table: a header and a line a record") }
            }
        }
    }

    @Test("help lists every command")
    func help() {
        let result = parley(["--help"])
        #expect(result.code == 0)
        for command in ["demo", "add", "statement", "actor", "topic", "source", "db"] {
            #expect(result.stdout.contains("  \(command)"), "\(command) in help")
        }
    }
}
