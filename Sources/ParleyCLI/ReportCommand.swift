import ArgumentParser
import ParleyCore

extension ReportFormat: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A whole document for a topic, a speaker or everything, in Markdown or HTML.",
        discussion: """
            Title and scope, counts, the stance matrix, the shifts, the timeline, a section per \
            speaker, and the sources cited with links. The HTML is one self-contained file with an \
            inline chart (a lane per speaker along a time axis, each statement a mark coloured by \
            its stance): no scripts, nothing fetched, readable when printed.

              parley report --topic ceasefire --format html --output ceasefire.html
              parley report --speaker putin --from 2025 --output putin.md
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Option(help: "markdown or html (default: from --output's extension, else markdown).") var format: ReportFormat?
    @Option(help: "The report's title (default: the topic or speaker).") var title: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let filter = try filters.filter()
        let format = format ?? output.map(ReportFormat.detect(path:)) ?? .markdown
        let parley = try database.open(.read)
        let report = try Report(parley: parley, filter: filter, title: title)
        try writeOutput(to: output, protecting: database.path) { write in try report.write(format, to: write) }
        if let output { Console.current.err("wrote the report (\(report.statementCount) statements) to \(output)") }
    }
}

/// Writes a generated corpus, for benchmarks and scale tests. Hidden from the help.
