import Foundation
import ParleyCLI
import ParleyCore
import Testing

@Suite("Command line: import, export, editing and history")
struct ImportExportCLITests {
    @Test("export to a file, import it into a new database, export again: the same bytes", arguments: ["yaml", "json", "jsonl", "csv"])
    func roundTrip(format: String) throws {
        let a = try TemporaryDatabase()
        let b = try TemporaryDatabase()
        #expect(a.run(["demo"]).code == 0)
        let first = a.directory + "/export.\(format)"
        let exported = a.run(["export", "--output", first])
        #expect(exported.code == 0, "\(exported.stderr)")
        #expect(exported.stderr == "exported 10 statement(s) to \(first)\n")
        let imported = b.run(["import", first])
        #expect(imported.code == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("statements  10 created, 0 merged, 0 unchanged"))
        let second = b.run(["export", "--format", format])
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)))
    }

    @Test("import from standard input, and the short form of one article")
    func stdin() throws {
        let db = try TemporaryDatabase()
        let yaml = """
            source: {url: "https://example.org/article", outlet: Hindustan Times, published: 2025-05-20, via: AFP}
            statements:
              - speaker: Donald Trump
                said_on: 2025-05-19
                medium: Truth Social post
                quote: "Russia and Ukraine will immediately start negotiations toward a Ceasefire and, more importantly, an END to the War."
                stances: {ceasefire: supports, direct-talks: supports}
            """
        let result = db.run(["import", "-"], input: yaml)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("New actors: Donald Trump"))
        #expect(result.stdout.contains("New topics: ceasefire, direct-talks"))
        let again = db.run(["import", "-"], input: yaml)
        #expect(again.stdout.contains("statements  0 created, 0 merged, 1 unchanged"))
    }

    @Test("JSON Lines on standard input stream past the part read to tell the format; other formats are read whole")
    func largeStdin() throws {
        let db = try TemporaryDatabase()
        let lines = (0..<2000).map {
            #"{"speaker": "Speaker \#($0 % 7)", "quote": "Statement number \#($0) on the ceasefire, with words enough to make a line of some length."}"#
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 2 * 65_536)
        let result = db.run(["import", "-"], input: text)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("statements  2000 created, 0 merged, 0 unchanged"))
        // The same statements as one JSON document, longer than the part read first.
        let json = db.run(["export", "--format", "json"]).stdout
        #expect(json.utf8.count > 65_536)
        let again = db.run(["import", "-"], input: json)
        #expect(again.code == 0, "\(again.stderr)")
        #expect(again.stdout.contains("statements  0 created, 0 merged, 2000 unchanged"))

        // A line that ends the reading (a NUL byte) stops it early: the rest is never read.
        let broken = CapturedConsole(input: "{\"speaker\": \"A\", \"quote\": \"x\u{0}\"}\n" + text)
        let code = Console.$current.withValue(broken.console()) { ParleyCommand.run(arguments: ["import", "-", "--db", db.path]) }
        #expect(code == 65)
        #expect(broken.stderr.contains("standard input, line 1: a NUL character"), "\(broken.stderr)")
        #expect(broken.inputBytesRead >= 65_536 && broken.inputBytesRead < text.utf8.count, "read \(broken.inputBytesRead) bytes")
    }

    @Test("a bad file exits 65, names the line and field, and writes nothing; --strict refuses unknown names")
    func badFile() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let before = try db.counts()
        let path = db.directory + "/bad.jsonl"
        try """
            {"speaker": "Putin", "quote": "A fine one."}
            {"speaker": "Putin", "quote": "A bad one.", "said_on": "2025-02-30"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = db.run(["import", path])
        #expect(result.code == 65)
        #expect(result.stderr.contains("\(path), line 2 (statements[2]), said_on: invalid date '2025-02-30'"))
        #expect(result.stderr.contains("Nothing was imported."))
        #expect(try db.counts() == before)
        let strict = db.run(["import", "-", "--format", "jsonl", "--strict"], input: #"{"speaker": "Nobody Known", "quote": "x"}"#)
        #expect(strict.code == 65)
        #expect(strict.stderr.contains("unknown actor 'Nobody Known'"))
        let unknownFormat = db.run(["import", db.directory + "/notes.txt"])
        #expect(unknownFormat.code == 65)
    }

    @Test("importing another Parley database merges it by UUID")
    func mergeDatabase() throws {
        let mine = try TemporaryDatabase()
        let theirs = try TemporaryDatabase()
        #expect(mine.run(["demo"]).code == 0)
        #expect(theirs.run(["demo"]).code == 0)
        #expect(theirs.run(["add", "--speaker", "putin", "--quote", "Only in the other database."]).code == 0)
        let result = mine.run(["import", theirs.path])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("statements  1 created, 0 merged, 10 unchanged"))
        #expect(try mine.counts()["statements"] == 11)
    }

    @Test("edit, retract, link, merge and purge from the command line, each in the history")
    func editing() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        #expect(db.run(["statement", "edit", "8", "--said-on", "2025-05-19", "--medium", "Truth Social"]).code == 0)
        #expect(db.run(["statement", "retract", "6", "--reason", "Misheard"]).code == 0)
        #expect(db.run(["statement", "list"]).stdout.components(separatedBy: "\n").count == 11, "a header and nine statements")
        #expect(db.run(["statement", "list", "--include-retracted"]).stdout.components(separatedBy: "\n").count == 12)
        #expect(db.run(["statement", "link", "9", "10", "--as", "repeats"]).code == 0)
        #expect(db.run(["actor", "add", "V. Zelenskyy"]).code == 0)
        #expect(db.run(["actor", "merge", "V. Zelenskyy", "zelensky"]).code == 0)
        let refused = db.run(["statement", "delete", "4"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("--purge"))
        #expect(db.run(["statement", "delete", "4", "--purge"]).code == 0)
        let history = db.run(["history", "--format", "json"])
        let entries = try jsonArray(history.stdout)
        #expect(entries.map { $0["action"] as? String } == ["delete", "merge", "merge", "link", "retract", "edit"])
        let deleted = try #require(entries.first)
        #expect((deleted["old"] as? [String: Any])?["speaker"] as? String == "Mao Ning")
        #expect(db.run(["history", "4"]).stdout.contains("deleted; the record is kept here"))
        let edit = db.run(["history", "8"]).stdout
        #expect(edit.contains(#"medium: "Truth Social post" → "Truth Social""#))
    }

    @Test("edit options: an empty value clears a field; nothing to change is said so")
    func editOptions() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        var result = db.run(["statement", "edit", "3", "--medium", ""])
        #expect(result.code == 0)
        #expect(!result.stdout.contains("medium:"))
        result = db.run(["statement", "edit", "3", "--medium", ""])
        #expect(result.stderr.contains("nothing changed"))
        result = db.run(["statement", "edit", "3", "--stance", "ceasefire=sometimes"])
        #expect(result.code == 65)
        result = db.run(["actor", "alias", "remove", "zelensky", "Zelenskiy"])
        let aliases = result.stdout.trimmingWhitespace().components(separatedBy: ": ").last?.components(separatedBy: ", ") ?? []
        #expect(aliases.contains("Zelensky"))
        #expect(!aliases.contains("Zelenskiy"))
        result = db.run(["topic", "merge", "sanctions-on-russia", "ceasefire"])
        #expect(result.code == 0)
        #expect(db.run(["source", "edit", "1", "--url", "https://example.org/ht"]).code == 0)
        #expect(db.run(["source", "show", "https://example.org/ht"]).stdout.contains("url:        https://example.org/ht"))
    }
}

@Suite("Command line: search, timeline, stances, shifts, report")
struct AskCLITests {
    @Test("search finds phrases, marks matches, and never fails on punctuation")
    func search() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        let result = db.run(["search", "\"unconditional ceasefire\""])
        #expect(result.code == 0)
        #expect(result.stdout.contains("[unconditional ceasefire]"))
        let json = try jsonArray(db.run(["search", "sanction*", "--format", "json"]).stdout)
        #expect(json.count == 1)
        #expect((json.first?["highlights"] as? [[Int]])?.isEmpty == false)
        for hostile in ["NEAR(", "AND OR NOT", "'; DROP TABLE statement; --"] {
            let hit = db.run(["search", hostile])
            #expect(hit.code == 0, "\(hostile): \(hit.stderr)")
        }
        let raw = db.run(["search", "--raw", "ceasefire AND ("])
        #expect(raw.code == 65)
        #expect(raw.stderr.contains("Leave out --raw"))
    }

    @Test("timeline and report write files in every format")
    func files() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        for format in TimelineFormat.allCases {
            let path = db.directory + "/timeline.\(format.rawValue)"
            let result = db.run(["timeline", "--format", format.rawValue, "--output", path])
            #expect(result.code == 0, "\(format): \(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Zelenskyy"))
        }
        let html = db.directory + "/report.html"
        #expect(db.run(["report", "--topic", "ceasefire", "--output", html]).code == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg"))
        #expect(!page.contains("<script"))
        #expect(db.run(["report", "--speaker", "trump"]).stdout.hasPrefix("# Donald Trump\n"))
    }

    @Test("stances --as-of and --to cannot both be given; shifts say when there are none")
    func stances() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        #expect(db.run(["stances", "--as-of", "2025", "--to", "2025"]).code == 64)
        #expect(db.run(["stances", "--as-of", "2024"]).stdout == "No stances.\n")
        #expect(db.run(["shifts"]).stdout == "No speaker changed stance on a topic.\n")
        let markdown = db.run(["stances", "--format", "markdown"]).stdout
        #expect(markdown.hasPrefix("| actor | ceasefire | direct-talks | sanctions-on-russia |"))
    }
}
