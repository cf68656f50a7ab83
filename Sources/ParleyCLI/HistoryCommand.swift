import ArgumentParser
import ParleyCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the record of changes: edits, retractions, merges and deletions.",
        discussion: """
            Newest first. Each entry shows when, who ($PARLEY_USER or $USER), what was done, and \
            the old and new values of what changed.

              parley history            everything
              parley history 7          statement 7 (also after it was deleted)
              parley history --actor zelensky
              parley history --format json
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A statement id.")
    var statement: Int64?
    @Option(help: ArgumentHelp("Changes to this actor.", valueName: "actor")) var actor: String?
    @Option(help: ArgumentHelp("Changes to this topic.", valueName: "topic")) var topic: String?
    @Option(help: ArgumentHelp("Changes to this source.", valueName: "source")) var source: String?
    @Option(help: "Show at most this many entries.") var limit: Int?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if [statement != nil, actor != nil, topic != nil, source != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give one of a statement id, --actor, --topic or --source")
        }
    }

    func run() throws {
        let parley = try database.open(.read)
        let history = parley.history
        let entries: [HistoryEntry]
        if let statement {
            entries = try history.list(entity: .statement, id: statement, limit: limit)
        } else if let actor {
            entries = try history.list(entity: .actor, id: try parley.actors.resolve(actor).id, limit: limit)
        } else if let topic {
            entries = try history.list(entity: .topic, id: try parley.topics.resolve(topic).id, limit: limit)
        } else if let source {
            entries = try history.list(entity: .source, id: try parley.sources.resolve(source).id, limit: limit)
        } else {
            entries = try history.list(limit: limit)
        }
        try emit(Presentation.historyListing(entries), output.format)
    }
}
