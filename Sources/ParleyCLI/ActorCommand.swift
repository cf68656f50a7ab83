import ArgumentParser
import ParleyCore

struct ActorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "Add, list, show, edit, merge, delete and prune actors: people, organizations, states and groups.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Alias.self, Merge.self, Delete.self, Prune.self])
}

extension ActorCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an actor, with aliases and a role.",
            discussion: """
                Aliases are the other names the actor goes by in the news; any of them finds the \
                actor later, whatever its case or accents.

                  parley actor add "Volodymyr Zelenskyy" --country UKR --wikidata Q3874799 \\
                    --alias Zelensky --alias Zelenskiy --role "President of Ukraine"
                  parley actor add "China's foreign ministry" --kind organization --country CHN
                  parley actor add "Mao Ning" --role spokeswoman --organization "China's foreign ministry"

                Prints the new actor's id.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The actor's canonical name.")
        var name: String
        @Option(help: "What the actor is: person, organization, state or group.")
        var kind: ActorKind = .person
        @Option(name: .customLong("alias"), help: ArgumentHelp("Another name for the actor (repeatable).", valueName: "name"))
        var aliases: [String] = []
        @Option(help: ArgumentHelp("ISO 3166-1 alpha-3 country code, such as UKR.", valueName: "code"))
        var country: String?
        @Option(help: ArgumentHelp("Wikidata item id, such as Q3874799.", valueName: "id"))
        var wikidata: String?
        @Option(help: "A short description.")
        var description: String?
        @Option(help: "The slug to use instead of one made from the name.")
        var slug: String?
        @Option(help: "A role the actor holds, such as spokeswoman.")
        var role: String?
        @Option(help: ArgumentHelp("The organization the role is in (an existing actor).", valueName: "actor"))
        var organization: String?
        @Option(help: ArgumentHelp("When the role began.", valueName: "date"))
        var since: String?
        @Option(help: ArgumentHelp("When the role ended.", valueName: "date"))
        var until: String?
        @OptionGroup var output: FormatOptions

        func validate() throws {
            if role == nil && organization == nil && (since != nil || until != nil) {
                throw ValidationError("--since and --until date a role: add --role or --organization")
            }
        }

        func run() throws {
            var affiliations: [NewAffiliation] = []
            if role != nil || organization != nil {
                affiliations.append(NewAffiliation(
                    organization: organization, role: role,
                    startedOn: try dateOption(since, "--since"), endedOn: try dateOption(until, "--until")))
            }
            let new = NewActor(name: name, kind: kind, slug: slug, country: country, wikidataID: wikidata,
                               description: description, aliases: aliases, affiliations: affiliations)
            let parley = try database.open(.write)
            let actor = try parley.actors.add(new)
            reportAdded("actor", id: actor.id, label: "\(actor.name) (\(actor.slug))",
                        object: Presentation.json(actor, statementCount: 0), format: output.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List actors with their aliases and statement counts.",
            discussion: "  parley actor list\n  parley actor list --format csv > actors.csv")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            try emit(Presentation.actorListing(try parley.actors.list(), statementCounts: try parley.actors.statementCounts()), output.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one actor: aliases, affiliations, statement count.",
            discussion: "  parley actor show zelensky\n  parley actor show \"Mao Ning\" --format json")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A name, alias, slug, id or UUID.")
        var actor: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            let found = try parley.actors.resolve(actor)
            let count = try parley.actors.statementCounts()[found.id] ?? 0
            try emitDetail(Presentation.detail(found, statementCount: count),
                           Presentation.actorListing([found], statementCounts: [found.id: count]), output.format)
        }
    }
}
