import ArgumentParser
import ParleyCore

struct TopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Add, list, show, edit, merge, delete and prune topics: the questions positions are taken on.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Merge.self, Delete.self, Prune.self])
}

extension TopicCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a topic.",
            discussion: """
                A topic is a question positions are taken on, named by a slug. A sub-topic names its \
                parent; filtering by a topic includes its sub-topics.

                  parley topic add ceasefire --title "Ceasefire in Ukraine"
                  parley topic add energy-truce --parent ceasefire

                Prints the new topic's id.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The slug, such as direct-talks (made lower case, with dashes).")
        var slug: String
        @Option(help: "A readable title (default: from the slug).")
        var title: String?
        @Option(help: "What the question is, precisely.")
        var description: String?
        @Option(help: ArgumentHelp("The broader topic this one belongs to.", valueName: "topic"))
        var parent: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.write)
            let topic = try parley.topics.add(NewTopic(slug: slug, title: title, description: description, parent: parent))
            reportAdded("topic", id: topic.id, label: "\(topic.slug) (\(topic.title))",
                        object: Presentation.json(topic, stanceCount: 0), format: output.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List topics with their stance counts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            try emit(Presentation.topicListing(try parley.topics.list(), stanceCounts: try parley.topics.stanceCounts()), output.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one topic, its parent and sub-topics.",
            discussion: "  parley topic show ceasefire")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A slug, title, id or UUID.")
        var topic: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            let parley = try database.open(.read)
            let found = try parley.topics.resolve(topic)
            let count = try parley.topics.stanceCounts()[found.id] ?? 0
            let children = try parley.topics.list().filter { $0.parent?.id == found.id }
            try emitDetail(Presentation.detail(found, stanceCount: count, children: children),
                           Presentation.topicListing([found], stanceCounts: [found.id: count]), output.format)
        }
    }
}
