import ArgumentParser
import ParleyCore

extension ActorCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an actor; the history keeps the old values.",
            discussion: """
                A new name keeps the old one as an alias. An empty value clears an optional field.

                  parley actor edit "Mao Ning" --country CHN --description "Spokeswoman of China's foreign ministry"
                  parley actor edit zelensky --name "Volodymyr Zelenskyy"
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A name, alias, slug, id or UUID.") var actor: String
        @Option(help: "A new canonical name.") var name: String?
        @Option(help: "person, organization, state or group.") var kind: ActorKind?
        @Option(help: "A new slug.") var slug: String?
        @Option(help: ArgumentHelp("ISO 3166-1 alpha-3 code (\"\" for none).", valueName: "code")) var country: String?
        @Option(help: ArgumentHelp("Wikidata item id (\"\" for none).", valueName: "id")) var wikidata: String?
        @Option(help: "A short description (\"\" for none).") var description: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.write)
            let edited = try parley.actors.edit(actor, ActorEdit(
                name: name, kind: kind, slug: slug, country: clearable(country), wikidataID: clearable(wikidata),
                description: clearable(description)))
            let count = try parley.actors.statementCounts()[edited.id] ?? 0
            try emitDetail(Presentation.detail(edited, statementCount: count),
                           Presentation.actorListing([edited], statementCounts: [edited.id: count]), output.format)
        }
    }

    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alias",
            abstract: "Add or remove an actor's other names.",
            subcommands: [AddAlias.self, RemoveAlias.self])
    }

    struct AddAlias: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add another name for an actor.",
            discussion: "  parley actor alias add zelensky \"Volodymyr Zelensky\"")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The actor: a name, alias, slug, id or UUID.") var actor: String
        @Argument(help: "The other name.") var alias: String

        func run() throws {
            let parley = try database.open(.write)
            let actor = try parley.actors.addAlias(alias, toActor: self.actor)
            Console.current.out("\(actor.name): \(actor.aliases.joined(separator: ", "))")
        }
    }

    struct RemoveAlias: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove one of an actor's other names.",
            discussion: "  parley actor alias remove zelensky Zelenskiy")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The actor: a name, alias, slug, id or UUID.") var actor: String
        @Argument(help: "The alias to remove.") var alias: String

        func run() throws {
            let parley = try database.open(.write)
            let actor = try parley.actors.removeAlias(alias, fromActor: self.actor)
            Console.current.out("\(actor.name): \(actor.aliases.isEmpty ? "no aliases" : actor.aliases.joined(separator: ", "))")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge one actor into another (the same person logged twice).",
            discussion: """
                FROM's statements (as speaker, as the one spoken for, and as target), affiliations \
                and aliases move to INTO; FROM's name becomes an alias of INTO; FROM is removed, and \
                the history keeps its record.

                  parley actor merge "V. Zelensky" "Volodymyr Zelenskyy"
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The actor to merge away.") var from: String
        @Argument(help: "The actor that remains.") var into: String

        func run() throws {
            let parley = try database.open(.write)
            let gone = try parley.actors.resolve(from)
            let merged = try parley.actors.merge(from, into: into)
            Console.current.out("merged \(gone.name) (id \(gone.id)) into \(merged.name) (id \(merged.id)); aliases: \(merged.aliases.joined(separator: ", "))")
        }
    }
}

extension TopicCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a topic; the history keeps the old values.",
            discussion: "  parley topic edit ceasefire --title \"Ceasefire in Ukraine\"\n  parley topic edit energy-truce --parent \"\"   (make it top-level)")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A slug, title, id or UUID.") var topic: String
        @Option(help: "A new slug.") var slug: String?
        @Option(help: "A new title.") var title: String?
        @Option(help: "A description (\"\" for none).") var description: String?
        @Option(help: ArgumentHelp("A new parent topic (\"\" for none).", valueName: "topic")) var parent: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.write)
            let edited = try parley.topics.edit(topic, TopicEdit(slug: slug, title: title, description: clearable(description), parent: clearable(parent)))
            let count = try parley.topics.stanceCounts()[edited.id] ?? 0
            let children = try parley.topics.list().filter { $0.parent?.id == edited.id }
            try emitDetail(Presentation.detail(edited, stanceCount: count, children: children),
                           Presentation.topicListing([edited], stanceCounts: [edited.id: count]), output.format)
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge one topic into another: its stances and sub-topics move.",
            discussion: """
                Where a statement took a stance on both, the stance on INTO stays and FROM's is kept \
                in the history.

                  parley topic merge truce ceasefire
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The topic to merge away.") var from: String
        @Argument(help: "The topic that remains.") var into: String

        func run() throws {
            let parley = try database.open(.write)
            let gone = try parley.topics.resolve(from)
            let merged = try parley.topics.merge(from, into: into)
            Console.current.out("merged \(gone.slug) into \(merged.slug)")
        }
    }
}

extension SourceCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a source; the history keeps the old values.",
            discussion: "  parley source edit 1 --url https://example.org/china-backs-talks --author \"HT News Desk\"")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A URL, id or UUID.") var source: String
        @Option(help: "A new URL (\"\" for none).") var url: String?
        @Option(help: "The outlet.") var outlet: String?
        @Option(help: "The headline.") var title: String?
        @Option(help: "The author.") var author: String?
        @Option(help: ArgumentHelp("The publication date.", valueName: "date")) var published: String?
        @Option(help: "The wire service it credits.") var via: String?
        @Option(name: .customLong("archived-url"), help: "An archived copy.") var archivedURL: String?
        @Option(help: "The language of the report.") var language: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let edit = SourceEdit(
                url: clearable(url), outlet: clearable(outlet), title: clearable(title), author: clearable(author),
                publishedOn: try clearableDate(published, "--published"), via: clearable(via),
                archivedURL: clearable(archivedURL), language: clearable(language))
            let parley = try database.open(.write)
            let edited = try parley.sources.edit(source, edit)
            let count = try parley.sources.statementCounts()[edited.id] ?? 0
            try emitDetail(Presentation.detail(edited, statementCount: count),
                           Presentation.sourceListing([edited], statementCounts: [edited.id: count]), output.format)
        }
    }
}
