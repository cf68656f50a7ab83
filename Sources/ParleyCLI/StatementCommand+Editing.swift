import ArgumentParser
import ParleyCore

extension StatementCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change statements; the history keeps the old values.",
            discussion: """
                Give only what changes. An empty value clears an optional field (--medium "").
                Several ids, or --where-… filters (those of `statement list`, prefixed), change \
                many statements in one transaction, each with its own history entry; --dry-run \
                lists the changes without making them.

                  parley statement edit 7 --said-on 2025-05-19 --medium "phone call"
                  parley statement edit 7 --stance ceasefire=conditional --remove-stance direct-talks
                  parley statement edit 7 --source https://example.org/second-report --outlet Reuters
                  parley statement edit 2 4 5 --speaker "Taher al-Nunu"
                  parley statement edit --where-speaker "Hamas-run Gaza" --speaker "Taher al-Nunu" --dry-run
                  parley history 7
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The statements' ids or UUIDs (or use --where-… filters).")
        var statements: [String] = []
        @OptionGroup(title: "Which statements") var selection: StatementSelectionOptions
        @Flag(name: .customLong("dry-run"), help: "List the changes without making them.")
        var dryRun = false
        @Option(help: "A new speaker.") var speaker: String?
        @Option(name: .customLong("on-behalf-of"), help: "A new actor spoken for (\"\" for none).") var onBehalfOf: String?
        @Option(help: ArgumentHelp("New verbatim text (the statement becomes a quote).", valueName: "text")) var quote: String?
        @Option(help: ArgumentHelp("New reported text (the statement becomes a paraphrase).", valueName: "text")) var paraphrase: String?
        @Option(help: "The kind alone: quote or paraphrase.") var kind: StatementKind?
        @Option(name: .customLong("said-on"), help: ArgumentHelp("When it was said (\"\" for unknown).", valueName: "date")) var saidOn: String?
        @Option(help: "How it was said.") var medium: String?
        @Option(help: "Where it was said.") var place: String?
        @Option(help: "Its language.") var language: String?
        @Option(help: "A note.") var note: String?
        @Option(help: ArgumentHelp("A CAMEO event code.", valueName: "code")) var cameo: String?
        @Option(name: .customLong("stance"), help: ArgumentHelp("Set a stance, TOPIC=STANCE (repeatable).", valueName: "topic=stance")) var stances: [String] = []
        @Option(name: .customLong("remove-stance"), help: ArgumentHelp("Remove the stance on a topic (repeatable).", valueName: "topic")) var removeStances: [String] = []
        @Option(name: .customLong("source"), help: ArgumentHelp("Credit another source (repeatable).", valueName: "url")) var sources: [String] = []
        @Option(help: "For a new source: its outlet.") var outlet: String?
        @Option(help: ArgumentHelp("For a new source: its publication date.", valueName: "date")) var published: String?
        @Option(name: .customLong("remove-source"), help: ArgumentHelp("Uncredit a source (repeatable).", valueName: "url")) var removeSources: [String] = []
        @Option(name: .customLong("about"), help: ArgumentHelp("Add an actor it is about (repeatable).", valueName: "actor")) var about: [String] = []
        @Option(name: .customLong("remove-about"), help: ArgumentHelp("Remove an actor it is about (repeatable).", valueName: "actor")) var removeAbout: [String] = []
        @OptionGroup var output: FormatOptions

        func validate() throws {
            if statements.isEmpty && selection.isEmpty {
                throw ValidationError("give the statements to change: ids or UUIDs, or --where-… filters (--where-speaker, --where-topic, …)")
            }
            if selection.includeRetracted && selection.isEmpty {
                throw ValidationError("--where-retracted-too widens --where-… filters; give at least one of them")
            }
            if !statements.isEmpty && !selection.isEmpty {
                throw ValidationError("give ids or --where-… filters, not both")
            }
            if quote != nil && paraphrase != nil { throw ValidationError("give --quote or --paraphrase, not both") }
            if kind != nil && (quote != nil || paraphrase != nil) { throw ValidationError("--quote and --paraphrase set the kind already; leave out --kind") }
        }

        func run() throws {
            let text = try quote.map { try textArgument($0, option: "--quote") } ?? paraphrase.map { try textArgument($0, option: "--paraphrase") }
            let publishedDate = try dateOption(published, "--published")
            let edit = StatementEdit(
                speaker: speaker, onBehalfOf: clearable(onBehalfOf), text: text,
                kind: kind ?? (quote != nil ? .quote : paraphrase != nil ? .paraphrase : nil),
                saidOn: try clearableDate(saidOn, "--said-on"), medium: clearable(medium), place: clearable(place),
                language: clearable(language), note: clearable(note), cameoCode: clearable(cameo),
                setStances: try stances.map { try StanceInput(parsing: $0) }, removeStances: removeStances,
                addSources: sources.map { NewSource(url: $0, outlet: outlet, publishedOn: publishedDate) },
                removeSources: removeSources, addTargets: about, removeTargets: removeAbout)
            let parley = try database.open(dryRun ? .read : .write)
            let changes = try parley.statements.edit(statements, where: try selection.filter(), edit, dryRun: dryRun)
            if changes.count == 1 && selection.isEmpty && !dryRun, let change = changes.first {
                Console.current.err(change.changed ? "changed statement \(change.after.id)" : "statement \(change.after.id) already says that; nothing changed")
                try emitDetail(Presentation.detail(change.after), Presentation.statementListing([change.after]), output.format)
                return
            }
            for change in changes { Console.current.out(Presentation.changeLine(change)) }
            let changed = changes.filter(\.changed).count
            Console.current.err(dryRun ? "dry run: \(changed) of \(changes.count) statement(s) would change; nothing was written"
                                        : "changed \(changed) of \(changes.count) statement(s) in one transaction; `parley history` lists each change")
        }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retract",
            abstract: "Mark a statement as retracted: it is kept, and left out of listings unless --include-retracted.",
            discussion: "  parley statement retract 7 --reason \"Misattributed: the quote is from the deputy minister.\"")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The statement's id or UUID.")
        var statement: String
        @Option(help: "Why it is retracted.")
        var reason: String

        func run() throws {
            let parley = try database.open(.write)
            let retracted = try parley.statements.retract(statement, reason: reason)
            Console.current.out("retracted statement \(retracted.id): \(retracted.retractionReason ?? "")")
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link",
            abstract: "Link two statements: A repeats, clarifies, contradicts, retracts or responds to B.",
            discussion: "  parley statement link 12 7 --as responds-to\n  parley statement link 15 9 --as contradicts")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The statement that relates (A).") var from: String
        @Argument(help: "The statement it relates to (B).") var to: String
        @Option(name: .customLong("as"), help: "How A relates to B: repeats, clarifies, contradicts, retracts or responds-to.")
        var relation: LinkRelation

        func run() throws {
            let parley = try database.open(.write)
            try parley.statements.link(from, to: to, as: relation)
            Console.current.out("statement \(try parley.statements.resolve(from).id) \(relation.rawValue) statement \(try parley.statements.resolve(to).id)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a statement for good (only with --purge; the history keeps a copy).",
            discussion: """
                Deleting loses a statement from every listing and export; to hide one, retract it \
                instead. With --purge the statement, its stances, source credits and links go; the \
                history keeps the whole record (`parley history ID`).

                  parley statement delete 7 --purge
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The statement's id or UUID.")
        var statement: String
        @Flag(help: "Really delete it.")
        var purge = false

        func run() throws {
            let parley = try database.open(.write)
            let found = try parley.statements.resolve(statement)
            try parley.statements.delete(statement, purge: purge)
            Console.current.out("deleted statement \(found.id); `parley history \(found.id)` keeps its record")
        }
    }
}
