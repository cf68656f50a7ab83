import ArgumentParser
import Foundation
import ParleyCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import statements from files or another Parley database; list import runs; undo one.",
        discussion: """
            `parley import FILE…` imports (the `files` subcommand, the default: a file named like a \
            subcommand is given as ./list). Every import is recorded as a run:

              parley import article.yaml
              parley import list
              parley import undo 3
            """,
        subcommands: [Files.self, List.self, Undo.self],
        defaultSubcommand: Files.self)
}

extension ImportCommand {
    struct Files: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "files",
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
        @Flag(name: .customLong("include-rejected"), help: "Import statements you deleted or corrected after an earlier import, instead of skipping them.")
        var includeRejected = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to import, or '-' for standard input") }
            if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
        }

        func run() throws {
            let console = Console.current
            let inputs = try ImportSources.open(files, format: format, standardInput: console.readInputChunk)
            let parley = try database.open(dryRun ? .read : .write)
            // On a terminal: a progress line (percentage of the file, rate, time left), then the time taken.
            let showProgress = console.isErrorTerminal
            let started = Date()
            let summary = try Importer(parley).run(inputs: inputs, options: ImportOptions(strict: strict, dryRun: dryRun, includeRejected: includeRejected)) { progress in
                guard showProgress else { return }
                console.errControl("\r\u{1B}[K" + TerminalText.sanitize(progress.line(elapsed: Date().timeIntervalSince(started))))
            }
            if showProgress { console.errControl("\r\u{1B}[K") }
            console.writeOut(Self.describe(summary))
            if showProgress { console.err("took \(ImportProgress.duration(Date().timeIntervalSince(started)))") }
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
            if !summary.rejected.isEmpty {
                text += "Previously rejected, skipped: \(summary.rejected.count) statement(s) you deleted or corrected after an earlier import "
                    + "(\(summary.rejected.prefix(5).joined(separator: "; "))\(summary.rejected.count > 5 ? "; …" : "")); --include-rejected imports them\n"
            }
            for warning in summary.warnings { text += "warning: \(warning)\n" }
            if let run = summary.run { text += "Import run \(run): `parley import undo \(run)` takes it back.\n" }
            return text
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List import runs, newest first: when, who, what was read, what it did.",
            discussion: "  parley import list\n  parley import list --format json")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            try emit(Presentation.importRunListing(try parley.importRuns.list()), output.format)
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Take back an import run: what it created goes, what it changed is put back.",
            discussion: """
                In one transaction: statements that existed before the run get back the fields, \
                stances, sources and targets it changed; the statements, sources, topics and actors it \
                created are deleted (one that something else now refers to is kept, and named). Every \
                change is in the history. Refused when a later change touched the run's records, \
                unless --force.

                  parley import undo 3
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The run's number (`parley import list`).", valueName: "run")) var number: Int64
        @Flag(help: "Undo even when later changes touched the run's records (they go too).") var force = false

        func run() throws {
            let parley = try database.open(.write)
            let outcome = try parley.importRuns.undo(number, force: force)
            Console.current.out(Presentation.undoSummary(outcome))
        }
    }
}
