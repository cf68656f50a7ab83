import ArgumentParser
import ParleyCore

extension TimelineFormat: ExpressibleByArgument {}

/// Output formats of `stances` and `shifts`: the listing formats and Markdown.
enum MatrixFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, jsonl, csv, markdown
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search statement texts and notes; best matches first.",
        discussion: """
            Words are matched whatever their case or accents (erdogan finds Erdoğan). "Quoted \
            words" are a phrase, a word ending in * a prefix; every statement found has all the \
            words. Anything else you type is searched as text: AND, OR, NOT, NEAR( and punctuation \
            are never operators. --raw hands the query to SQLite's FTS5 as it is, with its full \
            syntax.

              parley search ceasefire
              parley search '"unconditional ceasefire"' --speaker zelensky
              parley search 'sanction*' --from 2025 --format json
              parley search --raw 'ceasefire NOT sanctions'
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "What to search for.") var query: String
    @Flag(help: "Pass the query to FTS5 as it is (operators, column filters, NEAR).") var raw = false
    @Option(help: "Show at most this many results.") var limit: Int?
    @OptionGroup var filters: StatementFilterOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let console = Console.current
        let filter = try filters.filter()
        let parley = try database.open(.read)
        var count = 0
        var csvHeaderWritten = false
        try parley.statements.search(query, filter: filter, raw: raw, limit: limit,
                                     relations: SearchText.relations(for: output.format)) { hit in
            count += 1
            switch output.format {
            case .table:
                console.writeStyled(SearchText.entry(hit, rank: count, width: console.textWidth, bold: console.isTerminal))
            case .json:
                console.writeOut(SearchText.json(hit).arrayElement(first: count == 1))
            case .jsonl:
                console.writeOut(SearchText.json(hit).serialized(indent: nil) + "\n")
            case .csv:
                if !csvHeaderWritten {
                    console.writeOut(try CSVText.render(header: SearchText.csvColumns, rows: []))
                    csvHeaderWritten = true
                }
                console.writeOut(try CSVText.renderData([SearchText.csvRow(hit, rank: count)]))
            }
        }
        switch output.format {
        case .json: console.writeOut(JSONValue.arrayEnd(empty: count == 0))
        case .csv: if !csvHeaderWritten { console.writeOut(try CSVText.render(header: SearchText.csvColumns, rows: [])) }
        case .table: if count == 0 { console.err("no statement matches") }
        case .jsonl: break
        }
    }
}

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
        let title = try self.title ?? Report.title(for: filter, parley: parley)
        try writeOutput(to: output, protecting: database.path) { write in
            try withoutActuallyEscaping(write) { write in
                let writer = TimelineWriter(format: format, title: "Timeline: \(title)", width: console.textWidth, write: write)
                try writer.begin()
                if format == .csv {
                    try parley.statements.forEachTimelineLine(filter) { try writer.add($0) }
                } else {
                    try parley.statements.forEach(filter) { try writer.add($0) }
                }
                try writer.finish()
            }
        }
    }
}

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
    @Option(help: "table, json, jsonl, csv or markdown.") var format: MatrixFormat = .table

    func validate() throws {
        if asOf != nil && filters.to != nil { throw ValidationError("--as-of and --to both end the period; give one of them") }
    }

    func run() throws {
        var filter = try filters.filter()
        if let asOf { filter.to = try dateOption(asOf, "--as-of") }
        let parley = try database.open(.read)
        var matrix = StanceMatrix()
        try parley.statements.forEach(filter, relations: .stances) { matrix.add($0) }
        if matrix.actors.isEmpty && format == .table {
            Console.current.out("No stances.")
            return
        }
        try emitMatrixOrShifts(matrix.listing(), markdown: matrix.markdown(), format)
    }
}

struct ShiftsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shifts",
        abstract: "Every change of a speaker's stance on a topic, with the statements before and after.",
        discussion: "  parley shifts\n  parley shifts --speaker putin --topic ceasefire --format json")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: StatementFilterOptions
    @Option(help: "table, json, jsonl, csv or markdown.") var format: MatrixFormat = .table

    func run() throws {
        let filter = try filters.filter()
        let parley = try database.open(.read)
        var finder = ShiftFinder()
        try parley.statements.forEach(filter) { finder.add($0) }
        let shifts = finder.sorted
        var markdown = shifts.isEmpty ? "No speaker changed stance on a topic.\n" : ""
        for shift in shifts {
            markdown += "- **\(Markdown.escape(shift.actor.name))** on \(Markdown.escape(shift.topic.slug)): \(shift.from.rawValue) → \(shift.to.rawValue) "
            markdown += "(\(Markdown.escape(shift.before.dateLabel)) → \(Markdown.escape(shift.after.dateLabel)))\n"
        }
        if shifts.isEmpty && format == .table {
            Console.current.out("No speaker changed stance on a topic.")
            return
        }
        try emitMatrixOrShifts(ShiftFinder.listing(shifts), markdown: markdown, format)
    }
}

func emitMatrixOrShifts(_ listing: Listing, markdown: String, _ format: MatrixFormat) throws {
    switch format {
    case .markdown: Console.current.writeOut(markdown)
    case .table: try emit(listing, .table)
    case .json: try emit(listing, .json)
    case .jsonl: try emit(listing, .jsonl)
    case .csv: try emit(listing, .csv)
    }
}

struct ReportCommand: ParsableCommand {
    enum Format: String, CaseIterable, ExpressibleByArgument { case markdown, html }

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
    @Option(help: "markdown or html (default: from --output's extension, else markdown).") var format: Format?
    @Option(help: "The report's title (default: the topic or speaker).") var title: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let filter = try filters.filter()
        let format = format ?? (output.map { $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm") } == true ? .html : .markdown)
        let parley = try database.open(.read)
        let report = try Report(parley: parley, filter: filter, title: title)
        let text = try format == .html ? report.html() : report.markdown()
        try writeOutput(to: output, protecting: database.path) { write in try write(text) }
        if let output { Console.current.err("wrote the report (\(report.statements.count) statements) to \(output)") }
    }
}

/// Writes a generated corpus, for benchmarks and scale tests. Hidden from the help.
struct GenerateCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-corpus",
        abstract: "Write a deterministic generated corpus (for benchmarks and scale tests).",
        shouldDisplay: false)

    @Option(help: "How many statements.") var statements: Int = 10_000
    @Option(help: "The random seed: the same seed gives the same corpus.") var seed: UInt64 = 42
    @Option(help: "How many actors.") var actors: Int = 500
    @Option(help: "How many topics.") var topics: Int = 60
    @Option(help: "yaml, json, jsonl or csv.") var format: InterchangeFormat = .jsonl
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let generator = CorpusGenerator(seed: seed, statements: statements, actors: actors, topics: topics)
        try writeOutput(to: output, protecting: nil) { write in
            switch format {
            case .json: try write(InterchangeWriter.json(generator.document()))
            case .yaml: try write(try InterchangeWriter.yaml(generator.document()))
            case .jsonl, .csv:
                var sources: [String: SourceRecord] = [:]
                if format == .csv { try write(try StatementCSV.header()) }
                var batch: [StatementRecord] = []
                func flush() throws {
                    try write(format == .csv ? try StatementCSV.rows(batch) : batch.map(InterchangeWriter.jsonLine).joined())
                    batch.removeAll(keepingCapacity: true)
                }
                try generator.generate(header: { document in
                    for source in document.sources ?? [] { sources[source.reference] = source }
                }, statement: { record in
                    var record = record
                    // Each line or row carries its sources whole, as export writes them.
                    record.sources = record.sources?.map { reference in
                        if case .reference(let key) = reference, let source = sources[key] { return .record(source) }
                        return reference
                    }
                    batch.append(record)
                    if batch.count == 1000 { try flush() }
                })
                if !batch.isEmpty { try flush() }
            }
        }
    }
}
