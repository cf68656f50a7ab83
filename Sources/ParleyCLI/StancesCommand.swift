import ArgumentParser
import ParleyCore

extension MatrixFormat: ExpressibleByArgument {}

struct StancesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stances",
        abstract: "Who stands where: each speaker's latest stance on each topic, and since when.",
        discussion: """
            A cell shows the stance of the speaker's latest statement on the topic, with its date. \
            --as-of shows the picture on an earlier day: statements whose date may fall on or \
            before it count (one dated May 2025 counts as of 10 May 2025).

              parley stances
              parley stances --topic russia-ukraine-war --as-of 2025-05-15
              parley stances --format markdown
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The picture on this day.", valueName: "date")) var asOf: String?
    @Option(help: "Output format: \(MatrixFormat.allowedWords).") var format: MatrixFormat = .listing(.table)

    func validate() throws {
        if asOf != nil && filters.to != nil { throw ValidationError("--as-of and --to both end the period; give one of them") }
    }

    func run() throws {
        let filter = try FrontEndDocuments.stancesFilter(try filters.filter(), asOf: asOf)
        let parley = try database.open(.read)
        let matrix = try StanceMatrix(parley: parley, filter: filter)
        if matrix.actors.isEmpty && format == .listing(.table) {
            Console.current.out("No stances.")
            return
        }
        Console.current.writeOut(try FrontEndDocuments.stances(matrix, format: format, width: Console.current.tableWidth))
    }
}

struct ShiftsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shifts",
        abstract: "Every change of a speaker's stance on a topic, with the statements before and after.",
        discussion: """
            A shift is a change between supports, opposes, conditional and neutral; `unclear` is \
            not a position and is skipped unless --include-unclear. Statements of one event (the \
            same speaker, date and source) are not shifts of each other. With --topic, only that \
            topic and its sub-topics.

              parley shifts
              parley shifts --speaker putin --topic ceasefire --format json
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Flag(name: .customLong("include-unclear"), help: "Count `unclear` as a position (it is left out: it says no position is readable).")
    var includeUnclear = false
    @Option(help: "Output format: \(MatrixFormat.allowedWords).") var format: MatrixFormat = .listing(.table)

    func run() throws {
        let filter = try filters.filter()
        let parley = try database.open(.read)
        let console = Console.current
        try FrontEndDocuments.shifts(parley, filter: filter, includeUnclear: includeUnclear, format: format, width: console.tableWidth) {
            console.writeOut($0)
        }
    }
}
