import Foundation
import ParleyCore
import Testing

/// Correcting mistakes fast (issue #14): each finding as the command a user ran, with the
/// database left as it was whenever a command refuses.
@Suite("Correcting mistakes")
struct CorrectionTests {
    /// A small article of our own in which an extractor went wrong as it did on a real one: three
    /// quotes given to "Hamas-run Gaza" (a phrase, not a speaker) and one to "Nunu".
    static let wrongSpeakers = """
        source: {url: "https://example.org/gaza-talks", outlet: Example Wire, published: 2025-10-08}
        statements:
          - speaker: Hamas-run Gaza
            quote: "We are ready to negotiate a permanent ceasefire."
            stances: {gaza-ceasefire: conditional}
          - speaker: Hamas-run Gaza
            quote: "The occupation must withdraw first."
          - speaker: Hamas-run Gaza
            quote: "Our delegation arrived in Cairo this morning."
          - speaker: Nunu
            quote: "There will be no disarmament."
        """

    func importWrongSpeakers(_ db: TemporaryDatabase) throws {
        let file = db.directory + "/wrong.yaml"
        try Self.wrongSpeakers.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(db.run(["import", file]).code == 0)
        #expect(db.run(["actor", "add", "Taher al-Nunu", "--kind", "person"]).code == 0)
    }

    func export(_ db: TemporaryDatabase) -> String {
        db.run(["export", "--format", "json"]).stdout
    }

    @Test("four wrong speakers fixed with one bulk edit, the junk actors deleted and pruned, each step in the history")
    func wrongSpeakersFixed() throws {
        let db = try TemporaryDatabase()
        try importWrongSpeakers(db)
        // A dry run lists exactly the changes, and writes nothing.
        let before = export(db)
        let dry = db.run(["statement", "edit", "--where-speaker", "Hamas-run Gaza", "--where-speaker", "Nunu", "--speaker", "nunu taher al", "--dry-run"])
        #expect(dry.code == 1, "a name that is no actor is refused: \(dry.stderr)")
        let rehearsal = db.run(["statement", "edit", "--where-speaker", "Hamas-run Gaza", "--where-speaker", "Nunu", "--speaker", "Taher al-Nunu", "--dry-run"])
        #expect(rehearsal.code == 0, "\(rehearsal.stderr)")
        #expect(rehearsal.stdout == """
            statement 1: speaker: "Hamas-run Gaza" → "Taher al-Nunu"
            statement 2: speaker: "Hamas-run Gaza" → "Taher al-Nunu"
            statement 3: speaker: "Hamas-run Gaza" → "Taher al-Nunu"
            statement 4: speaker: "Nunu" → "Taher al-Nunu"

            """)
        #expect(rehearsal.stderr.contains("dry run: 4 of 4 statement(s) would change; nothing was written"))
        #expect(export(db) == before)
        // The edit itself: one transaction, one history entry per statement.
        let edit = db.run(["statement", "edit", "--where-speaker", "Hamas-run Gaza", "--where-speaker", "Nunu", "--speaker", "Taher al-Nunu"])
        #expect(edit.code == 0, "\(edit.stderr)")
        #expect(edit.stdout == rehearsal.stdout)
        let list = db.run(["statement", "list", "--speaker", "Taher al-Nunu", "--format", "json"])
        #expect(try jsonArray(list.stdout).count == 4)
        // The junk actors: delete one by name, prune the other.
        #expect(db.run(["actor", "delete", "Hamas-run Gaza"]).code == 0)
        let dryPrune = db.run(["actor", "prune", "--dry-run"])
        #expect(dryPrune.stdout.hasSuffix("\tNunu\n") && dryPrune.stderr.contains("dry run: 1 actor(s) would be deleted"), "\(dryPrune)")
        #expect(db.run(["actor", "show", "Nunu"]).code == 0, "a dry run deletes nothing")
        #expect(db.run(["actor", "prune"]).code == 0)
        let actors = try jsonArray(db.run(["actor", "list", "--format", "json"]).stdout).compactMap { $0["name"] as? String }
        #expect(actors == ["Taher al-Nunu"])
        let history = try jsonArray(db.run(["history", "--format", "json"]).stdout)
        #expect(history.filter { $0["action"] as? String == "edit" && $0["entity"] as? String == "statement" }.count == 4)
        let deleted = history.filter { $0["action"] as? String == "delete" && $0["entity"] as? String == "actor" }
        #expect(deleted.compactMap { ($0["old"] as? [String: Any])?["name"] as? String }.sorted() == ["Hamas-run Gaza", "Nunu"],
                "the history keeps each deleted actor whole")
    }

    @Test("the whole case: fixed by one bulk edit, junk deleted, a second import undone, the first file again without the rejected statements")
    func importRunsAndRejections() throws {
        let db = try TemporaryDatabase()
        try importWrongSpeakers(db)
        #expect(db.run(["statement", "edit", "--where-speaker", "Hamas-run Gaza", "--where-speaker", "Nunu", "--speaker", "Taher al-Nunu"]).code == 0)
        #expect(db.run(["actor", "prune"]).code == 0)
        let fixed = export(db)
        // A second import: one new statement, one that merges into a fixed one (a new source and stance).
        let second = db.directory + "/second.yaml"
        try """
            source: {url: "https://example.org/second", outlet: Other Wire, published: 2025-10-09}
            statements:
              - speaker: Taher al-Nunu
                quote: "We are ready to negotiate a permanent ceasefire."
                stances: {truce: supports}
              - speaker: Somebody New
                quote: "Brand new words."
            """.write(toFile: second, atomically: true, encoding: .utf8)
        let imported = db.run(["import", second])
        #expect(imported.stdout.contains("statements  1 created, 1 merged, 0 unchanged"), "\(imported.stdout)")
        #expect(imported.stdout.contains("Import run 2: `parley import undo 2` takes it back."))
        let runs = try jsonArray(db.run(["import", "list", "--format", "json"]).stdout)
        #expect(runs.compactMap { $0["run"] as? Int } == [2, 1])
        #expect((runs.first?["inputs"] as? [String]) == [second])
        // What a run created or changed is a filter too: one statement new, one merged into.
        let byRun = try jsonArray(db.run(["statement", "list", "--import", "2", "--format", "json"]).stdout)
        #expect(byRun.compactMap { $0["id"] as? Int } == [1, 5], "\(byRun)")
        let rehearsal = db.run(["statement", "edit", "--where-import", "2", "--medium", "wire", "--dry-run"])
        #expect(rehearsal.stderr.contains("dry run: 2 of 2 statement(s) would change"), "\(rehearsal.stderr)")
        // A later change to a record of the run refuses the undo, unless --force.
        #expect(db.run(["statement", "edit", "5", "--note", "checked"]).code == 0)
        let refused = db.run(["import", "undo", "2"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("import run 2 was not undone: 1 later change(s) touched records it created or changed"), "\(refused.stderr)")
        let undone = db.run(["import", "undo", "2", "--force"])
        #expect(undone.code == 0, "\(undone.stderr)")
        #expect(undone.stdout.hasPrefix("undid import run 2: deleted 1 statement(s), 1 source(s), 1 topic(s), 1 actor(s) it created; put back 1 statement(s) it had changed"),
                "\(undone.stdout)")
        #expect(export(db) == fixed, "the database is as it was before the second import")
        #expect(db.run(["import", "undo", "2"]).stderr.contains("was undone already"))
        #expect(db.run(["db", "check"]).code == 0)
        // The first file again: the four corrected statements are not re-created, nor their actors.
        let again = db.run(["import", db.directory + "/wrong.yaml"])
        #expect(again.code == 0)
        #expect(again.stdout.contains("statements  0 created, 0 merged, 0 unchanged"), "\(again.stdout)")
        #expect(again.stdout.contains("actors      0 created"), "\(again.stdout)")
        #expect(again.stdout.contains("Previously rejected, skipped: 4 statement(s)"))
        let actors = try jsonArray(db.run(["actor", "list", "--format", "json"]).stdout).compactMap { $0["name"] as? String }
        #expect(actors == ["Taher al-Nunu"])
        // Words rejected once but stored again by the same speaker are a duplicate to merge into.
        #expect(db.run(["statement", "edit", "1", "--quote", "Changed words."]).code == 0)
        #expect(db.run(["statement", "edit", "1", "--quote", "We are ready to negotiate a permanent ceasefire."]).code == 0)
        let third = db.directory + "/third.yaml"
        try "source: {url: \"https://example.org/third\"}\nstatements:\n  - speaker: Taher al-Nunu\n    quote: We are ready to negotiate a permanent ceasefire.\n"
            .write(toFile: third, atomically: true, encoding: .utf8)
        #expect(db.run(["import", third]).stdout.contains("statements  0 created, 1 merged, 0 unchanged"))
        // Asked for, they come back.
        let anyway = db.run(["import", db.directory + "/wrong.yaml", "--include-rejected", "--dry-run"])
        #expect(anyway.stdout.contains("statements  4 created"), "\(anyway.stdout)")
    }

    @Test("an actor, topic or source something refers to is not deleted: the refusal says what refers to it and changes nothing")
    func deleteRefused() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = export(db)
        let actor = db.run(["actor", "delete", "Mao Ning"])
        #expect(actor.code == 1)
        #expect(actor.stderr.contains("Mao Ning (id 4) was not deleted: 2 statement(s) as speaker refer to it"), "\(actor.stderr)")
        #expect(actor.stderr.contains("--reassign-to"))
        let organization = db.run(["actor", "delete", "China's foreign ministry"])
        #expect(organization.stderr.contains("affiliation(s) of other actors naming it as their organization"), "\(organization.stderr)")
        let topic = db.run(["topic", "delete", "russia-ukraine-war"])
        #expect(topic.code == 1)
        #expect(topic.stderr.contains("sub-topic(s)"), "\(topic.stderr)")
        let source = db.run(["source", "delete", "1"])
        #expect(source.code == 1)
        #expect(source.stderr.contains("statement(s) it reports refer to it"), "\(source.stderr)")
        #expect(export(db) == before)
    }

    @Test("--reassign-to moves an actor's statements, as speaker, spoken for and target, then deletes it; its name is no alias")
    func reassign() throws {
        let db = try TemporaryDatabase()
        for name in ["Wrong Name", "Right Name", "Ministry"] { #expect(db.run(["actor", "add", name]).code == 0) }
        #expect(db.run(["add", "--speaker", "Wrong Name", "--on-behalf-of", "Ministry", "--quote", "One."]).code == 0)
        #expect(db.run(["add", "--speaker", "Ministry", "--about", "Wrong Name", "--quote", "Two."]).code == 0)
        #expect(db.run(["add", "--speaker", "Right Name", "--on-behalf-of", "Wrong Name", "--quote", "Three."]).code == 0)
        let result = db.run(["actor", "delete", "Wrong Name", "--reassign-to", "Right Name"])
        #expect(result.code == 0, "\(result.stderr)")
        let statements = try jsonArray(db.run(["statement", "list", "--format", "json"]).stdout)
        let speakers = statements.compactMap { ($0["speaker"] as? [String: Any])?["name"] as? String }
        #expect(speakers == ["Right Name", "Ministry", "Right Name"])
        // Spoken for by the one who speaks is no distinction: it is dropped.
        #expect(statements[2]["on_behalf_of"] == nil || statements[2]["on_behalf_of"] is NSNull)
        #expect(db.run(["statement", "list", "--about", "Right Name", "--format", "json"]).stdout.contains("Two."))
        let shown = db.run(["actor", "show", "Wrong Name"])
        #expect(shown.code == 1, "the deleted name does not become an alias (merge does that)")
    }

    @Test("topic and source prune remove only what nothing refers to, a parent after its sub-topics")
    func pruneTopicsAndSources() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        #expect(db.run(["topic", "add", "unused-parent"]).code == 0)
        #expect(db.run(["topic", "add", "unused-child", "--parent", "unused-parent"]).code == 0)
        #expect(db.run(["source", "add", "https://example.org/never-cited"]).code == 0)
        let topics = db.run(["topic", "prune"])
        #expect(topics.stdout.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) ?? "" } == ["unused-child", "unused-parent"], "\(topics)")
        let sources = db.run(["source", "prune", "--dry-run"])
        #expect(sources.stdout.hasSuffix("\thttps://example.org/never-cited\n"), "\(sources)")
        #expect(db.run(["source", "prune"]).code == 0)
        #expect(db.run(["source", "prune"]).stderr.contains("no source(s) to prune"))
        #expect(try db.counts()["statements"] == 10)
        // A dry run reads: on a database that is not there, it creates none.
        let missing = db.directory + "/missing.sqlite"
        for command in [["actor", "prune"], ["topic", "prune"], ["source", "prune"], ["statement", "edit", "--where-speaker", "x", "--medium", "y"]] {
            #expect(parley(command + ["--dry-run", "--db", missing]).code == 1)
            #expect(!FileManager.default.fileExists(atPath: missing), "\(command)")
        }
    }

    @Test("bulk edit: several ids, one bad value rolls back all, ids and filters not both, a filter that selects nothing")
    func bulkEdit() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let several = db.run(["statement", "edit", "2", "4", "5", "--medium", "press conference"])
        #expect(several.code == 0, "\(several.stderr)")
        #expect(several.stdout.split(separator: "\n").count == 3)
        #expect(several.stderr.contains("of 3 statement(s) in one transaction"))
        let before = export(db)
        #expect(db.run(["statement", "edit", "2", "4", "--said-on", "2025-02-30"]).code == 65)
        #expect(db.run(["statement", "edit", "2", "999", "--medium", "x"]).code == 1, "an unknown id refuses the whole edit")
        #expect(db.run(["statement", "edit", "2", "--where-speaker", "putin", "--medium", "x"]).code == 64)
        #expect(db.run(["statement", "edit", "--medium", "x"]).code == 64)
        #expect(db.run(["statement", "edit", "--where-retracted-too", "--medium", "x"]).code == 64, "it widens a filter, it is none")
        let none = db.run(["statement", "edit", "--where-speaker", "putin", "--where-outlet", "Nobody", "--medium", "x"])
        #expect(none.code == 1)
        #expect(none.stderr.contains("no statement matches the filters, so nothing was changed"))
        #expect(export(db) == before)
        // Stances by filter: set on every statement on a topic, and removed.
        let stances = db.run(["statement", "edit", "--where-topic", "ceasefire", "--where-speaker", "zelensky", "--remove-stance", "sanctions-on-russia"])
        #expect(stances.code == 0, "\(stances.stderr)")
        #expect(db.run(["statement", "list", "--topic", "sanctions-on-russia"]).stdout.contains("Zelenskyy") == false)
    }

    @Test("forgiving names: a surname, no apostrophe or hyphen, a unique prefix; an ambiguity lists the actors; imports match exactly")
    func forgivingNames() throws {
        let db = try TemporaryDatabase()
        for name in ["Gideon Sa'ar", "Taher al-Nunu", "Benjamin Netanyahu", "Hakan Fidan", "Mao Ning", "Mao Zedong", "Alice Wang", "Wang Yi"] {
            #expect(db.run(["actor", "add", name]).code == 0)
        }
        for (typed, actor) in [("saar", "Gideon Sa'ar"), ("sa'ar", "Gideon Sa'ar"), ("SAAR", "Gideon Sa'ar"), ("al nunu", "Taher al-Nunu"),
                               ("nunu", "Taher al-Nunu"), ("Netanyahu", "Benjamin Netanyahu"), ("netan", "Benjamin Netanyahu"), ("fidan", "Hakan Fidan")] {
            let result = db.run(["actor", "show", typed, "--format", "json"])
            #expect(result.stdout.contains("\"name\" : \"\(actor)\"") || result.stdout.contains("\"name\": \"\(actor)\""), "\(typed): \(result.stdout) \(result.stderr)")
        }
        // A surname of one actor and a first name of another: an ambiguity, not a choice.
        let wang = db.run(["actor", "show", "wang"])
        #expect(wang.code == 1 && wang.stderr.contains("Alice Wang") && wang.stderr.contains("Wang Yi"), "\(wang.stderr)")
        let ambiguous = db.run(["add", "--speaker", "mao", "--quote", "x"])
        #expect(ambiguous.code == 1)
        #expect(ambiguous.stderr.contains("Mao Ning") && ambiguous.stderr.contains("Mao Zedong"), "\(ambiguous.stderr)")
        #expect(db.run(["add", "--speaker", "saar", "--quote", "We will not stop."]).code == 0)
        // An import names everything exactly: a topic's parent by a prefix is refused, not guessed.
        #expect(db.run(["topic", "add", "ceasefire"]).code == 0)
        let parent = db.directory + "/parent.yaml"
        try "topics:\n  - slug: truce\n    parent: ceasef\n".write(toFile: parent, atomically: true, encoding: .utf8)
        let refused = db.run(["import", parent])
        #expect(refused.code == 65 && refused.stderr.contains("no topic matches 'ceasef'"), "\(refused.stderr)")
        // An import names an actor exactly or makes a new one: a file's "Nunu" is not guessed.
        let file = db.directory + "/one.yaml"
        try "statements:\n  - speaker: Nunu\n    quote: Words.\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(db.run(["import", file]).stdout.contains("New actors: Nunu"))
        // Search reads texts; a name points to its speaker.
        let search = db.run(["search", "fidan"])
        #expect(search.stderr.contains("'fidan' names Hakan Fidan, who made 0 statement(s): parley statement list --speaker 'Hakan Fidan'"), "\(search.stderr)")
        let saar = db.run(["search", "saar"])
        #expect(saar.stderr.contains("who made 1 statement(s)"), "\(saar.stderr)")
    }

    @Test("shifts: unclear is no position, one event is not a shift of itself; stances --topic shows that topic and its sub-topics only")
    func honestShifts() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["actor", "add", "Speaker"]).code == 0)
        #expect(db.run(["topic", "add", "war"]).code == 0)
        #expect(db.run(["topic", "add", "truce", "--parent", "war"]).code == 0)
        #expect(db.run(["topic", "add", "talks"]).code == 0)
        let conference = ["--source", "https://example.org/presser", "--said-on", "2025-06-01"]
        for (quote, stance) in [("We could, if.", "conditional"), ("We do.", "supports"), ("Who knows.", "unclear"), ("Yes.", "supports")] {
            #expect(db.run(["add", "--speaker", "Speaker", "--quote", quote, "--stance", "truce=\(stance)", "--stance", "talks=opposes"] + conference).code == 0)
        }
        #expect(db.run(["add", "--speaker", "Speaker", "--quote", "Now no.", "--stance", "truce=opposes", "--said-on", "2025-07-01"]).code == 0)
        let shifts = try jsonArray(db.run(["shifts", "--format", "json"]).stdout)
        #expect(shifts.map { "\($0["from"] ?? "")→\($0["to"] ?? "")" } == ["supports→opposes"], "\(shifts)")
        let withUnclear = try jsonArray(db.run(["shifts", "--include-unclear", "--format", "json"]).stdout)
        #expect(withUnclear.count == 1, "the press conference's own changes are still one event: \(withUnclear)")
        let stances = db.run(["stances", "--topic", "war", "--format", "csv"]).stdout
        #expect(stances.hasPrefix("actor,truce\n"), "\(stances)")
        #expect(db.run(["stances", "--format", "csv"]).stdout.hasPrefix("actor,talks,truce\n"))
    }

    @Test("command-line habits: --db before the subcommand, the closest command suggested, every --output confirmed, history names who and skips no-op lines")
    func habits() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = parley(["--db", db.path, "statement", "list", "--format", "json"])
        #expect(before.code == 0, "\(before.stderr)")
        #expect(try jsonArray(before.stdout).count == 10)
        #expect(parley(["--db=\(db.path)", "--format", "csv", "actor", "list"]).stdout.hasPrefix("id,slug,name"))
        let plural = parley(["statements", "list", "--db", db.path])
        #expect(plural.code == 64)
        #expect(plural.stderr.hasPrefix("error: unknown command 'statements'; did you mean: statement?"), "\(plural.stderr)")
        let ls = parley(["statement", "ls", "--db", db.path])
        #expect(ls.code == 64)
        #expect(ls.stderr.hasPrefix("error: unknown subcommand 'ls' of `parley statement`; did you mean: list?"), "\(ls.stderr)")
        let file = db.directory + "/timeline.md"
        let timeline = db.run(["timeline", "--format", "markdown", "--output", file])
        #expect(timeline.stderr == "wrote the timeline (10 statement(s)) to \(file)\n")
        // After a merge, only what changed; with $USER unset, the login name.
        #expect(parley(["actor", "add", "Zelensky Typo", "--db", db.path]).code == 0)
        #expect(parley(["actor", "merge", "Zelensky Typo", "zelensky", "--db", db.path], environment: [:]).code == 0)
        let history = parley(["history", "--db", db.path, "--format", "csv"], environment: [:]).stdout
        let merged = history.split(separator: "\n").filter { $0.contains(",merge,") }
        #expect(merged.count == 2)
        for line in merged {
            #expect(!line.contains("\"Volodymyr Zelenskyy\" → \"Volodymyr Zelenskyy\""), "\(line)")
            #expect(line.split(separator: ",", omittingEmptySubsequences: false)[2].isEmpty == false, "who: \(line)")
        }
    }
}
