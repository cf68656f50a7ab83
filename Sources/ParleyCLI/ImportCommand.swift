import ArgumentParser
import Foundation
import ParleyCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import statements from JSON, YAML, JSON Lines or CSV files, or another Parley database.",
        discussion: """
            Reads the interchange format (see the README): a whole document, the short form for one \
            article (a `source` and its `statements`), one statement per line (JSON Lines), or one \
            statement per row (CSV). The format comes from the file's extension (.json, .yaml/.yml, \
            .jsonl/.ndjson, .csv) or --format; '-' reads standard input. A Parley database file is \
            merged by UUID.

              parley import article.yaml
              parley import feed.jsonl colleague.csv --dry-run
              parley extract article.txt | parley import -
              parley import ~/shared/anna.sqlite

            All files are one transaction: if any record is invalid, nothing is written, and every \
            problem is listed with its file, line and field (exit 65). Importing the same file \
            twice changes nothing the second time. Unknown actors and topics are created and \
            listed, unless --strict.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("Files to import; '-' for standard input.", valueName: "file"))
    var files: [String]
    @Option(help: "The format of the files: json, yaml, jsonl or csv (default: from each file's extension).")
    var format: InterchangeFormat?
    @Flag(help: "Refuse unknown actors and topics instead of creating them.")
    var strict = false
    @Flag(name: .customLong("dry-run"), help: "Check everything and show what would change, writing nothing.")
    var dryRun = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import, or '-' for standard input") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
    }

    func run() throws {
        let console = Console.current
        var inputs: [ImportInput] = []
        var problems: [InputProblem] = []
        for file in files {
            let origin = file == "-" ? "standard input" : file
            if file != "-", (format ?? InterchangeFormat.detect(path: file)) == .jsonl, let (handle, start) = try Self.openText(file) {
                // Read as it is imported: a file of a million lines is never in memory whole.
                inputs.append(.jsonLines(JSONLinesReader(handle: handle, startingWith: start, origin: origin)))
                continue
            }
            var data: Data
            if file == "-" {
                // Enough to tell the format; JSON Lines then streams, anything else is read whole.
                let (start, ended) = try Self.readStart(console)
                if !start.starts(with: Self.databaseMagic), (format ?? Self.sniff(start)) == .jsonl {
                    var rest = console.readInputChunk
                    if ended { rest = { nil } }
                    inputs.append(.jsonLines(JSONLinesReader(origin: origin, startingWith: start, nextChunk: rest)))
                    continue
                }
                data = start
                while !ended, let chunk = try Self.readChunk(console), !chunk.isEmpty { data.append(chunk) }
            } else {
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: file))
                } catch {
                    throw Self.unreadable(file, error)
                }
            }
            if data.starts(with: Self.databaseMagic) {
                guard file != "-" else { throw ParleyError.invalid("a database cannot be read from standard input; name the file", location: origin) }
                let document = try ParleyDatabase.reading(path: file) { other in try Exporter(other).document(filter: nil) }
                inputs.append(.document(ParsedDocument(document: document), origin: origin))
                continue
            }
            guard let fileFormat = format ?? InterchangeFormat.detect(path: file) ?? (file == "-" ? Self.sniff(data) : nil) else {
                throw ParleyError.invalid("cannot tell the format from the name; add --format json, yaml, jsonl or csv", location: origin)
            }
            if fileFormat == .jsonl {
                inputs.append(.jsonLines(JSONLinesReader(data, origin: origin)))
                continue
            }
            do {
                inputs.append(.document(try InterchangeReader.read(data, format: fileFormat, origin: origin), origin: origin))
            } catch ParleyError.invalidInput(let found, _) {
                problems += found
            }
        }
        if !problems.isEmpty {
            throw ParleyError.invalidInput(problems, hint: "Nothing was imported. Fix the file(s) and run the import again.")
        }
        let parley = try database.open(dryRun ? .read : .write)
        let showProgress = console.isErrorTerminal
        let summary = try Importer(parley).run(inputs: inputs, options: ImportOptions(strict: strict, dryRun: dryRun)) { done, total in
            guard showProgress else { return }
            console.writeErr("\rimporting: \(done)" + (total.map { " of \($0)" } ?? "") + " statements")
        }
        if showProgress { console.writeErr("\r\u{1B}[K") }
        console.writeOut(Self.describe(summary))
    }

    /// The first bytes of every SQLite database file.
    static let databaseMagic = Array("SQLite format 3\u{0}".utf8)

    /// The file opened for reading and its first bytes, already read; nil when it is a
    /// database (which is read whole, as a document). The handle closes when it is released.
    /// A pipe works too (`<(zcat statements.jsonl.gz)`): nothing is read twice.
    static func openText(_ file: String) throws -> (FileHandle, Data)? {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            let start = try handle.read(upToCount: databaseMagic.count) ?? Data()
            return start.starts(with: databaseMagic) ? nil : (handle, start)
        } catch {
            throw unreadable(file, error)
        }
    }

    static func unreadable(_ file: String, _ error: any Error) -> ParleyError {
        ParleyError.invalid("cannot read the file: \((error as NSError).localizedDescription)", location: file)
    }

    /// How much of standard input tells its format.
    static let sniffLength = 65_536

    /// The first `sniffLength` bytes of standard input (all of it when shorter), and whether
    /// that is all of it.
    static func readStart(_ console: Console) throws -> (Data, ended: Bool) {
        var start = Data()
        while start.count < sniffLength {
            guard let chunk = try readChunk(console), !chunk.isEmpty else { return (start, true) }
            start.append(chunk)
        }
        return (start, false)
    }

    static func readChunk(_ console: Console) throws -> Data? {
        do {
            return try console.readInputChunk()
        } catch {
            throw unreadable("standard input", error)
        }
    }

    /// Standard input with no --format: JSON, JSON Lines, or else YAML (what `parley extract` writes).
    static func sniff(_ data: Data) -> InterchangeFormat {
        let text = String(decoding: data.prefix(sniffLength), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.first?.hasPrefix("{") == true else { return .yaml }
        return lines.count > 1 && lines[1].hasPrefix("{") ? .jsonl : .json
    }

    static func describe(_ summary: ImportSummary) -> String {
        func line(_ name: String, _ counts: ImportSummary.Counts) -> String {
            "  \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(counts.created) created, \(counts.merged) merged, \(counts.unchanged) unchanged\n"
        }
        var text = summary.dryRun ? "Dry run: nothing was written. Importing would give:\n" : "Imported:\n"
        text += line("statements", summary.statements) + line("actors", summary.actors)
        text += line("topics", summary.topics) + line("sources", summary.sources)
        func names(_ label: String, _ list: [String]) -> String {
            guard !list.isEmpty else { return "" }
            let shown = list.prefix(20).joined(separator: ", ")
            return "\(label): \(shown)" + (list.count > 20 ? ", and \(list.count - 20) more" : "") + "\n"
        }
        text += names("New actors", summary.createdActorNames) + names("New topics", summary.createdTopicSlugs)
        for warning in summary.warnings { text += "warning: \(warning)\n" }
        return text
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export statements, with the actors, topics and sources they refer to.",
        discussion: """
            Writes the interchange format that `parley import` reads: export, import into an empty \
            database and export again give the same bytes. With no filter, everything is exported: \
            every actor, topic and source, and every statement, retracted ones too (marked as \
            such). With filters (those of `statement list`), the statements they select and what \
            those refer to.

              parley export --output backup.yaml
              parley export --speaker zelensky --format csv --output zelensky.csv
              parley export --topic ceasefire --from 2025-05 --format jsonl
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Option(help: "Output format: yaml, json, jsonl or csv (default: from --output's extension, else yaml).")
    var format: InterchangeFormat?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let console = Console.current
        let format = format ?? output.flatMap(InterchangeFormat.detect(path:)) ?? .yaml
        let filter = try filters.filter()
        let selection: StatementFilter? = filter.selectsEverything ? nil : filter
        let parley = try database.open(.read)
        let exporter = Exporter(parley)
        try writeOutput(to: output, protecting: database.path) { write in try exporter.write(format, filter: selection, to: write) }
        guard let output else { return }
        let count = try parley.statements.count(selection ?? StatementFilter(includeRetracted: true))
        console.err("exported \(count) statement(s) to \(output)")
    }
}
