import ArgumentParser
import ParleyCore

// `delete` and `prune` for actors, topics and sources: a record nothing refers to can go; the
// history keeps each one whole (`parley history --format json`).

/// Prints what `prune` removed, or would remove.
private func report<Record>(_ removed: Removed<Record>, kind: String, label: (Record) -> String) {
    let console = Console.current
    for record in removed.records { console.out(label(record)) }
    if removed.records.isEmpty {
        console.err("no \(kind) to prune: every one is referred to")
    } else if removed.dryRun {
        console.err("dry run: \(removed.records.count) \(kind) would be deleted; nothing was written")
    } else {
        console.err("deleted \(removed.records.count) \(kind) that nothing referred to; the history keeps each one")
    }
}

extension ActorCommand {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an actor that nothing refers to (a name that was a mistake).",
            discussion: """
                Refused while statements (as speaker, as the one spoken for, as target) or other \
                actors' affiliations refer to it, naming them; --reassign-to moves those to another \
                actor first (unlike `actor merge`, the deleted name does not become an alias). Its \
                own aliases and affiliations go with it; the history keeps its whole record.

                  parley actor delete "Hamas-run Gaza" --reassign-to "Taher al-Nunu"
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The actor: name, alias, slug, id or UUID.") var actor: String
        @Option(name: .customLong("reassign-to"), help: ArgumentHelp("Move its statements to this actor first.", valueName: "actor"))
        var reassignTo: String?

        func run() throws {
            let parley = try database.open(.write)
            let deleted = try parley.actors.delete(actor, reassignTo: reassignTo)
            Console.current.out("deleted actor \(deleted.name) (id \(deleted.id)); `parley history --format json` keeps its record")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete every actor that nothing refers to, listing each.",
            discussion: "  parley actor prune --dry-run\n  parley actor prune")

        @OptionGroup var database: DatabaseOptions
        @Flag(name: .customLong("dry-run"), help: "List them without deleting.") var dryRun = false

        func run() throws {
            // A dry run reads: it never creates the database.
            let parley = try database.open(dryRun ? .read : .write)
            report(try parley.actors.prune(dryRun: dryRun), kind: "actor(s)") { "\($0.id)\t\($0.name)" }
        }
    }
}

extension TopicCommand {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a topic that no stance and no sub-topic refers to.",
            discussion: "  parley topic delete truce")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The topic: slug, title, id or UUID.") var topic: String

        func run() throws {
            let parley = try database.open(.write)
            let deleted = try parley.topics.delete(topic)
            Console.current.out("deleted topic \(deleted.slug) (id \(deleted.id)); `parley history --format json` keeps its record")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete every topic with no stance and no sub-topic, listing each.",
            discussion: "  parley topic prune --dry-run")

        @OptionGroup var database: DatabaseOptions
        @Flag(name: .customLong("dry-run"), help: "List them without deleting.") var dryRun = false

        func run() throws {
            // A dry run reads: it never creates the database.
            let parley = try database.open(dryRun ? .read : .write)
            report(try parley.topics.prune(dryRun: dryRun), kind: "topic(s)") { "\($0.id)\t\($0.slug)" }
        }
    }
}

extension SourceCommand {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a source that reports no statement.",
            discussion: "  parley source delete https://example.org/wrong-link")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The source: URL, id or UUID.") var source: String

        func run() throws {
            let parley = try database.open(.write)
            let deleted = try parley.sources.delete(source)
            Console.current.out("deleted source \(SourceRecord(deleted).reference) (id \(deleted.id)); `parley history --format json` keeps its record")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete every source that reports no statement, listing each.",
            discussion: "  parley source prune --dry-run")

        @OptionGroup var database: DatabaseOptions
        @Flag(name: .customLong("dry-run"), help: "List them without deleting.") var dryRun = false

        func run() throws {
            // A dry run reads: it never creates the database.
            let parley = try database.open(dryRun ? .read : .write)
            report(try parley.sources.prune(dryRun: dryRun), kind: "source(s)") { "\($0.id)\t\(SourceRecord($0).reference)" }
        }
    }
}
