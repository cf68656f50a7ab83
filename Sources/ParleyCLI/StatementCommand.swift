import ArgumentParser
import ParleyCore

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "List, show, edit, retract, link and delete logged statements.",
        subcommands: [List.self, Show.self, Edit.self, Retract.self, Link.self, Delete.self])
}

/// The filters shared by `statement list`, `search`, `timeline`, `stances`, `shifts`, `report` and
/// `export`.
struct StatementFilterOptions: ParsableArguments {
    @Option(name: .customLong("speaker"), help: ArgumentHelp("Statements by this actor (repeatable: any of them).", valueName: "actor"))
    var speakers: [String] = []
    @Option(name: .customLong("on-behalf-of"), help: ArgumentHelp("Statements made for this actor (a ministry, a government).", valueName: "actor"))
    var onBehalfOf: [String] = []
    @Option(name: .customLong("topic"), help: ArgumentHelp("Statements taking a stance on this topic or its sub-topics.", valueName: "topic"))
    var topics: [String] = []
    @Option(name: .customLong("stance"), help: ArgumentHelp("This stance: \(Stance.allowedWords). With --topic, the stance on that topic.", valueName: "stance"))
    var stances: [String] = []
    @Option(help: ArgumentHelp("From this date: YYYY, YYYY-MM or YYYY-MM-DD (a period overlapping it counts).", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Up to this date, inclusive.", valueName: "date"))
    var to: String?
    @Option(name: .customLong("medium"), help: ArgumentHelp("Said this way: press briefing, X post, interview…", valueName: "medium"))
    var mediums: [String] = []
    @Option(name: .customLong("outlet"), help: ArgumentHelp("Reported by this outlet (or wire service).", valueName: "outlet"))
    var outlets: [String] = []
    @Option(name: .customLong("source"), help: ArgumentHelp("Reported in this source: a URL, id or UUID.", valueName: "source"))
    var sources: [String] = []
    @Option(name: .customLong("about"), help: ArgumentHelp("Addressed to or about this actor.", valueName: "actor"))
    var about: [String] = []
    @Option(name: .customLong("kind"), help: ArgumentHelp("quote or paraphrase.", valueName: "kind"))
    var kinds: [String] = []
    @Option(name: .customLong("cameo"), help: ArgumentHelp("A CAMEO code or prefix: 03 matches every 03x code.", valueName: "code"))
    var cameo: [String] = []
    @Option(name: .customLong("import"), help: ArgumentHelp("Created or changed by this import run (`parley import list`).", valueName: "run"))
    var importRuns: [Int64] = []
    @Flag(name: .customLong("include-retracted"), help: "Include retracted statements.")
    var includeRetracted = false

    func filter() throws -> StatementFilter {
        StatementFilter(
            speakers: speakers, onBehalfOf: onBehalfOf, topics: topics,
            stances: try stances.map { try Stance.parse($0, field: "--stance") },
            from: try dateOption(from, "--from"), to: try dateOption(to, "--to"),
            mediums: mediums, outlets: outlets, sources: sources, about: about,
            kinds: try kinds.map { try StatementKind.parse($0, field: "--kind") }, cameoPrefixes: cameo,
            importRuns: importRuns, includeRetracted: includeRetracted)
    }
}

/// The statements a bulk edit changes: the filters of `statement list`, each named `--where-…`
/// so that a filter can never be mistaken for a new value (`--where-speaker` selects,
/// `--speaker` sets).
struct StatementSelectionOptions: ParsableArguments {
    @Option(name: .customLong("where-speaker"), help: ArgumentHelp("Change the statements by this actor.", valueName: "actor"))
    var speakers: [String] = []
    @Option(name: .customLong("where-on-behalf-of"), help: ArgumentHelp("… made for this actor.", valueName: "actor"))
    var onBehalfOf: [String] = []
    @Option(name: .customLong("where-topic"), help: ArgumentHelp("… taking a stance on this topic or its sub-topics.", valueName: "topic"))
    var topics: [String] = []
    @Option(name: .customLong("where-stance"), help: ArgumentHelp("… taking this stance (with --where-topic, on that topic).", valueName: "stance"))
    var stances: [String] = []
    @Option(name: .customLong("where-from"), help: ArgumentHelp("… from this date.", valueName: "date"))
    var from: String?
    @Option(name: .customLong("where-to"), help: ArgumentHelp("… up to this date.", valueName: "date"))
    var to: String?
    @Option(name: .customLong("where-medium"), help: ArgumentHelp("… said this way.", valueName: "medium"))
    var mediums: [String] = []
    @Option(name: .customLong("where-outlet"), help: ArgumentHelp("… reported by this outlet.", valueName: "outlet"))
    var outlets: [String] = []
    @Option(name: .customLong("where-source"), help: ArgumentHelp("… reported in this source (URL, id or UUID).", valueName: "source"))
    var sources: [String] = []
    @Option(name: .customLong("where-about"), help: ArgumentHelp("… addressed to or about this actor.", valueName: "actor"))
    var about: [String] = []
    @Option(name: .customLong("where-kind"), help: ArgumentHelp("… of this kind: quote or paraphrase.", valueName: "kind"))
    var kinds: [String] = []
    @Option(name: .customLong("where-import"), help: ArgumentHelp("… that this import run created or changed (`parley import list`).", valueName: "run"))
    var importRuns: [Int64] = []
    @Flag(name: .customLong("where-retracted-too"), help: "With --where-… filters, retracted statements too.")
    var includeRetracted = false

    var isEmpty: Bool {
        speakers.isEmpty && onBehalfOf.isEmpty && topics.isEmpty && stances.isEmpty && from == nil && to == nil
            && mediums.isEmpty && outlets.isEmpty && sources.isEmpty && about.isEmpty && kinds.isEmpty && importRuns.isEmpty
    }

    /// The filter, or nil when no `--where-…` option is given.
    func filter() throws -> StatementFilter? {
        guard !isEmpty else { return nil }
        return StatementFilter(
            speakers: speakers, onBehalfOf: onBehalfOf, topics: topics,
            stances: try stances.map { try Stance.parse($0, field: "--where-stance") },
            from: try dateOption(from, "--where-from"), to: try dateOption(to, "--where-to"),
            mediums: mediums, outlets: outlets, sources: sources, about: about,
            kinds: try kinds.map { try StatementKind.parse($0, field: "--where-kind") },
            importRuns: importRuns, includeRetracted: includeRetracted)
    }
}

extension StatementCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List statements in timeline order.",
            discussion: """
                Statements come in the order they were made: by the date they were said or, when \
                that is unknown, the date they were first reported (shown as "reported …").

                Dates are periods. A statement dated 2025-05 (May 2025) matches --from 2025-05-10 \
                and --to 2025-05-10, because it may have been made on or after that day: a range \
                keeps every statement whose period overlaps it.

                  parley statement list --speaker zelensky
                  parley statement list --topic ceasefire --stance supports --from 2025-05
                  parley statement list --format json
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filters: StatementFilterOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let filter = try filters.filter()
            let parley = try database.open(.read)
            // Written a group at a time: a million statements never are in memory at once.
            let console = Console.current
            var stream = ListingStream(columns: Presentation.statementColumns, format: output.format, width: console.tableWidth) {
                console.writeOut($0)
            }
            // A table or CSV shows each statement's stances, JSON everything it has.
            try parley.statements.forEach(filter, relations: output.format.writesObjects ? .all : .stances) { statement in
                try stream.append(cells: Presentation.statementCells(statement), object: Presentation.json(statement))
            }
            try stream.finish()
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one statement with its sources, stances, targets and links.",
            discussion: "  parley statement show 7\n  parley statement show 5eed0004   (a UUID or its first 8+ characters)")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The statement's id or UUID.")
        var statement: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            let found = try parley.statements.resolve(statement)
            try emitDetail(Presentation.detail(found), Presentation.statementListing([found]), output.format)
        }
    }
}
