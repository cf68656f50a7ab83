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

    /// The options by their names, as the core reads them (the web's query parameters are the same names).
    var values: [StatementFilter.Option: [String]] {
        [.speaker: speakers, .onBehalfOf: onBehalfOf, .topic: topics, .stance: stances,
         .from: from.map { [$0] } ?? [], .to: to.map { [$0] } ?? [], .medium: mediums, .outlet: outlets,
         .source: sources, .about: about, .kind: kinds, .cameo: cameo, .importRun: importRuns.map(String.init),
         .includeRetracted: includeRetracted ? [""] : []]
    }

    func filter() throws -> StatementFilter {
        try StatementFilter(options: values, fieldPrefix: "--")
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
        return try StatementFilter(options: [
            .speaker: speakers, .onBehalfOf: onBehalfOf, .topic: topics, .stance: stances,
            .from: from.map { [$0] } ?? [], .to: to.map { [$0] } ?? [], .medium: mediums, .outlet: outlets,
            .source: sources, .about: about, .kind: kinds, .importRun: importRuns.map(String.init),
            .includeRetracted: includeRetracted ? [""] : [],
        ], fieldPrefix: "--where-")
    }
}

extension StatementCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
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
            try FrontEndDocuments.statementList(parley, filter: filter, format: output.format, width: console.tableWidth) {
                console.writeOut($0)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
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
