import ArgumentParser
import ParleyCore

extension TimelineFormat: ExpressibleByArgument {}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "The statements in the order they were made, grouped by date.",
        discussion: """
            Each statement is grouped by the precision its date has: one dated May 2025 appears \
            under "May 2025", never as 1 May. A statement with no date of its own appears at its \
            earliest source's date, marked "reported". Each entry shows the date, the speaker (and \
            on whose behalf), the medium, the words, the stances and the outlets.

            Formats: table (the terminal, wrapped to its width), markdown, html (one self-contained \
            page), json, jsonl, csv, and timelinejs (Knight Lab's TimelineJS JSON).

              parley timeline --topic ceasefire
              parley timeline --speaker putin --from 2025-05 --format markdown --output putin.md
              parley timeline --format timelinejs --output timeline.json
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Option(help: "table, markdown, html, json, jsonl, csv or timelinejs.") var format: TimelineFormat = .table
    @Option(help: "A title for markdown, html and timelinejs.") var title: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let console = Console.current
        let filter = try filters.filter()
        let parley = try database.open(.read)
        let title = try FrontEndDocuments.timelineTitle(parley, filter: filter, title: self.title)
        var written = 0
        try writeOutput(to: output, protecting: database.path) { write in
            try withoutActuallyEscaping(write) { write in
                written = try FrontEndDocuments.timeline(parley, filter: filter, format: format, title: title, width: console.textWidth, write: write)
            }
        }
        if let output { console.err("wrote the timeline (\(written) statement(s)) to \(output)") }
    }
}
