import Foundation
import ParleyCLI
import ParleyCore
import Testing

/// What an attack on the release binary found (issue #12), each as the command that showed it.
/// (`--output` has its own suite: `OutputSafetyTests`.)
@Suite("Attack findings")
struct AttackFindingsTests {
    /// Any scalar a terminal would act on: C0/C1 controls but line feed and tab, DEL, the line
    /// and paragraph separators, bidi marks, embeddings, overrides and isolates.
    static func terminalControls(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
    }

    @Test("a Markdown report links only http(s) URLs, in the <…> form, and a crafted URL cannot make a javascript: link")
    func markdownLinks() throws {
        let db = try TemporaryDatabase()
        let hostile = "http://a[b](javascript:alert%281%29"
        #expect(db.run(["actor", "add", "Mal"]).code == 0)
        #expect(db.run(["topic", "add", "ceasefire"]).code == 0)
        #expect(db.run(["source", "add", hostile, "--outlet", "Evil [x](javascript:alert(2)) & Co"]).code == 0)
        #expect(db.run(["source", "add", "javascript:alert(3)", "--outlet", "Script"]).code == 0)
        #expect(db.run(["add", "--speaker", "Mal", "--quote", "A [link](javascript:alert(4)) and <b>tags</b>", "--source", hostile,
                        "--source", "javascript:alert(3)", "--stance", "ceasefire=supports"]).code == 0)
        let result = db.run(["report", "--topic", "ceasefire"])
        #expect(result.code == 0, "\(result.stderr)")
        let markdown = result.stdout
        #expect(markdown.contains("](<http://a%5Bb%5D%28javascript:alert%281%29>)"))
        #expect(markdown.contains("\\[link\\](javascript:alert(4)) and \\<b\\>tags\\</b\\>"), "stored text is escaped")
        #expect(markdown.contains("Evil \\[x\\](javascript:alert(2)) \\& Co"))
        // Every link in the document (a `](` whose `]` is not escaped) is an http(s) link in angle brackets.
        let destinations = Self.linkDestinations(markdown)
        #expect(destinations.count == 1, "\(destinations)")
        for destination in destinations {
            #expect(destination.hasPrefix("<http://") || destination.hasPrefix("<https://"), "\(destination)")
        }
    }

    /// What follows each unescaped `](` up to the next `)` or line end.
    static func linkDestinations(_ markdown: String) -> [String] {
        let characters = Array(markdown)
        var found: [String] = []
        for index in characters.indices.dropLast() where characters[index] == "]" && characters[index + 1] == "(" {
            guard index == 0 || characters[index - 1] != "\\" else { continue }
            found.append(String(characters[(index + 2)...].prefix { $0 != ")" && $0 != "\n" }))
        }
        return found
    }

    @Test("stored names never reach standard error raw: the did-you-mean line, added lines, import problems")
    func standardError() throws {
        let db = try TemporaryDatabase()
        let name = "Mal\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{2028}\u{202E}x"
        var result = db.run(["actor", "add", name])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("added actor 1: Mal"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "added line: \(result.stderr.debugDescription)")

        result = db.run(["add", "--speaker", "mal", "--quote", "hello"])
        #expect(result.code == 1)
        #expect(result.stderr.contains("did you mean"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "did-you-mean: \(result.stderr.debugDescription)")

        let document = #"{"statements": [{"speaker": "Mal\u001b]0;PWNED\u0007", "quote": "x", "stances": {"t\u001b[2J": "maybe"}}]}"#
        result = db.run(["import", "-", "--format", "json"], input: document)
        #expect(result.code == 65)
        #expect(result.stderr.contains("unknown stance 'maybe'"))
        #expect(Self.terminalControls(in: result.stderr).isEmpty, "import problems: \(result.stderr.debugDescription)")
    }

    @Test("on a terminal, U+2028, U+2029 and bidi marks in stored text do not reach standard output")
    func separatorsOnStandardOutput() throws {
        let db = try TemporaryDatabase()
        #expect(db.run(["actor", "add", "Mal"]).code == 0)
        #expect(db.run(["add", "--speaker", "Mal", "--quote", "one\u{2028}two\u{2029}three\u{200F}four\u{061C}"]).code == 0)
        for command in [["statement", "list"], ["statement", "show", "1"], ["timeline"]] {
            let capture = CapturedConsole()
            let code = Console.$current.withValue(capture.console(width: 100, isTerminal: true)) {
                ParleyCommand.run(arguments: command + ["--db", db.path])
            }
            #expect(code == 0)
            #expect(capture.stdout.contains("one"))
            #expect(Self.terminalControls(in: capture.stdout).isEmpty, "\(command): \(capture.stdout.debugDescription)")
        }
    }
}
