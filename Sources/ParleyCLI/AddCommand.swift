import ArgumentParser
import ParleyCore

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Log one statement: who said what, when, where it was reported, and its stances.",
        discussion: """
            The speaker, --on-behalf-of, --about actors and --stance topics must exist (see \
            `parley actor add` and `parley topic add`); names, aliases, slugs and ids all work, \
            whatever their case or accents. A --source URL that is not recorded yet is added, with \
            --outlet, --published, --title, --author and --via describing it.

              parley add --speaker zelensky --said-on 2025-05-19 --medium "X post" \\
                --quote "Ukraine is ready for a full and unconditional ceasefire." \\
                --source https://example.org/article --outlet "Hindustan Times" --published 2025-05-20 \\
                --stance ceasefire=supports

            If the speaker already said the same text (ignoring case, punctuation and spacing), \
            the new sources and stances are added to that statement instead of a duplicate. \
            Prints the statement's id. Everything is written in one transaction, or nothing.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Who said it: an actor's name, alias, slug or id.")
    var speaker: String
    @Option(name: .customLong("on-behalf-of"), help: "The actor the speaker spoke for (a ministry, a government).")
    var onBehalfOf: String?
    @Option(help: ArgumentHelp("The exact words, as quoted. '-' reads them from standard input.", valueName: "text"))
    var quote: String?
    @Option(help: ArgumentHelp("Reported speech, not verbatim. '-' reads it from standard input.", valueName: "text"))
    var paraphrase: String?
    @Option(name: .customLong("said-on"), help: ArgumentHelp("When it was said: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM.", valueName: "date"))
    var saidOn: String?
    @Option(help: "How it was said: phone call, press briefing, Truth Social post, X post, interview, speech…")
    var medium: String?
    @Option(help: "Where it was said.")
    var place: String?
    @Option(help: "The language it was said in (an ISO 639 code such as en, uk, ru, zh).")
    var language: String?
    @Option(name: .customLong("source"), help: ArgumentHelp("The URL of a report of it (repeatable).", valueName: "url"))
    var sources: [String] = []
    @Option(help: "For a new source: the outlet that published it.")
    var outlet: String?
    @Option(help: ArgumentHelp("For a new source: its publication date.", valueName: "date"))
    var published: String?
    @Option(help: "For a new source: its headline.")
    var title: String?
    @Option(help: "For a new source: its author.")
    var author: String?
    @Option(help: "For a new source: the wire service it credits, such as AFP.")
    var via: String?
    @Option(name: .customLong("stance"), help: ArgumentHelp("A position taken, as TOPIC=STANCE (repeatable). Stances: \(Stance.allowedWords).", valueName: "topic=stance"))
    var stances: [String] = []
    @Option(name: .customLong("about"), help: ArgumentHelp("An actor it is addressed to or about (repeatable).", valueName: "actor"))
    var about: [String] = []
    @Option(help: ArgumentHelp("A CAMEO event code, such as 036 (express intent to negotiate).", valueName: "code"))
    var cameo: String?
    @Option(help: "A note for yourself: context, doubts, the sentence around a partial quote.")
    var note: String?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if (quote == nil) == (paraphrase == nil) {
            throw ValidationError("give the statement's text with --quote (verbatim) or --paraphrase (reported speech), exactly one of them")
        }
        if quote == "-" && paraphrase == "-" {
            throw ValidationError("only one option can read standard input")
        }
        if sources.isEmpty, [outlet, published, title, author, via].contains(where: { $0 != nil }) {
            throw ValidationError("--outlet, --published, --title, --author and --via describe a --source URL; add --source")
        }
    }

    func run() throws {
        let console = Console.current
        // Check every value before opening the database: bad input never writes anything.
        let text = try quote.map { try textArgument($0, option: "--quote") } ?? textArgument(paraphrase ?? "", option: "--paraphrase")
        let stanceInputs = try stances.map { try StanceInput(parsing: $0) }
        let saidOnDate = try dateOption(saidOn, "--said-on")
        let publishedDate = try dateOption(published, "--published")
        let new = NewStatement(
            speaker: speaker, onBehalfOf: onBehalfOf, text: text, kind: quote != nil ? .quote : .paraphrase,
            saidOn: saidOnDate, medium: medium, place: place, language: language, note: note, cameoCode: cameo,
            sources: sources.map { NewSource(url: $0, outlet: outlet, title: title, author: author, publishedOn: publishedDate, via: via) },
            stances: stanceInputs, targets: about)

        let parley = try database.open(.write)
        let outcome = try parley.statements.add(new)
        let statement = try parley.statements.get(id: outcome.id)
        switch outcome {
        case .created: console.err("added statement \(statement.id): \(Presentation.speakerLabel(statement)), \(statement.dateLabel)")
        case .merged: console.err("\(statement.speaker.name) already said this: added the new details to statement \(statement.id)")
        case .unchanged: console.err("already recorded as statement \(statement.id); nothing changed")
        }
        console.writeOut(Listing.renderAdded(id: statement.id, object: Presentation.json(statement), output.format))
    }
}
