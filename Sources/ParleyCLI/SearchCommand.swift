import ArgumentParser
import ParleyCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search statement texts and notes; best matches first.",
        discussion: """
            Words are matched whatever their case or accents (erdogan finds Erdoğan). "Quoted \
            words" are a phrase, a word ending in * a prefix; every statement found has all the \
            words. Anything else you type is searched as text: AND, OR, NOT, NEAR( and punctuation \
            are never operators. --raw hands the query to SQLite's FTS5 as it is, with its full \
            syntax. Search covers what was said (texts and notes), not who said it: when nothing \
            matches and the query names an actor, it says how many statements that actor made and \
            how to list them.

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
        let count = try FrontEndDocuments.search(parley, query: query, filter: filter, raw: raw, limit: limit, format: output.format,
                                                 width: console.textWidth, bold: console.isTerminal) { text in
            if output.format == .table { console.writeStyled(text) } else { console.writeOut(text) }
        }
        if count == 0 && output.format == .table { console.err("no statement matches") }
        if count == 0 && !raw {
            // Search reads what was said, not who said it: point to the speaker a name names.
            for (actor, count) in try parley.statements.speakersNamed(in: query) {
                console.err("'\(query)' names \(actor.name), who made \(count) statement(s): parley statement list --speaker \(TextKeys.shellQuoted(actor.name))")
            }
        }
    }
}
