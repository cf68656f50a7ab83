import ArgumentParser
import ParleyCore

struct SourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source",
        abstract: "Add, list, show and edit sources: where statements were reported.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Delete.self, Prune.self])
}

extension SourceCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a source.",
            discussion: """
                A source is found later by its URL or id. A source without a URL (a print edition, a \
                broadcast) needs a --title or an --outlet.

                  parley source add https://example.org/china-backs-talks --outlet "Hindustan Times" \\
                    --published 2025-05-20 --via AFP --title "China backs direct talks"

                Prints the new source's id. (`parley add --source URL` also adds unknown URLs.)
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The URL of the report.")
        var url: String?
        @Option(help: "The outlet that published it.")
        var outlet: String?
        @Option(help: "The headline.")
        var title: String?
        @Option(help: "The author.")
        var author: String?
        @Option(help: ArgumentHelp("The publication date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM.", valueName: "date"))
        var published: String?
        @Option(help: "The wire service it credits, such as AFP or Reuters.")
        var via: String?
        @Option(name: .customLong("archived-url"), help: "An archived copy, such as a Wayback Machine URL.")
        var archivedURL: String?
        @Option(help: "The language of the report (an ISO 639 code).")
        var language: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let new = NewSource(url: url, outlet: outlet, title: title, author: author,
                                publishedOn: try dateOption(published, "--published"), via: via,
                                archivedURL: archivedURL, language: language)
            let parley = try database.open(.write)
            let source = try parley.sources.add(new)
            reportAdded("source", id: source.id, label: source.url ?? source.label,
                        object: Presentation.json(source, statementCount: 0), format: output.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List sources, earliest published first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            try emit(Presentation.sourceListing(try parley.sources.list(), statementCounts: try parley.sources.statementCounts()), output.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one source.",
            discussion: "  parley source show 1\n  parley source show https://example.org/china-backs-talks")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A URL, id or UUID.")
        var source: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            let found = try parley.sources.resolve(source)
            let count = try parley.sources.statementCounts()[found.id] ?? 0
            try emitDetail(Presentation.detail(found, statementCount: count),
                           Presentation.sourceListing([found], statementCounts: [found.id: count]), output.format)
        }
    }
}
