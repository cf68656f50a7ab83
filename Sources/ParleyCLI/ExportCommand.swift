import ArgumentParser
import ParleyCore

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
