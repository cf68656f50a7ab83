import Foundation
import ParleyCLI
import Testing

/// The README's examples are real: every `$ parley …` line in it is run, in order, against a
/// fresh default database, and must print what the README shows (UUIDs, timestamps, file sizes
/// and the database's path aside). `scripts/refresh-readme-examples` rewrites them.
@Suite("README")
struct ReadmeTests {
    struct Example {
        /// nil when the line is not a command these tests can run (`shellWords`).
        let arguments: [String]?
        let line: String
        let expected: String
    }

    static func readme() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Every `$ parley` line in a ```text block, with the lines up to the next `$ parley` line
    /// or the end of the block as its expected output (as `scripts/refresh-readme-examples`
    /// writes them).
    static func examples(in readme: String) -> [Example] {
        var examples: [Example] = []
        var inText = false
        var current: (line: String, lines: [String])?
        func finish() {
            if let current {
                examples.append(Example(arguments: shellWords(current.line), line: current.line, expected: current.lines.joined(separator: "\n")))
            }
            current = nil
        }
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                finish()
                inText = line == "```text"
                continue
            }
            guard inText else { continue }
            if line.hasPrefix("$ parley") {
                finish()
                current = (String(line.dropFirst("$ parley".count)), [])
            } else {
                current?.lines.append(line)
            }
        }
        return examples
    }

    /// Splits a command line as a POSIX shell does: single quotes keep everything up to the next
    /// one; double quotes keep everything but `\`, which escapes `"`, `\`, `$` and `` ` `` there;
    /// outside quotes `\` escapes any character. A quote left open, or a character the shell
    /// would act on (`|`, `>`, `$`, `;`, …), unquoted, is not a command these tests can run: nil.
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                if quote == "\"" && !"\"\\$`".contains(character) { word.append("\\") }
                word.append(character)
                escaped = false
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""): quote = nil
            case ("'", _): word.append(character)
            case ("\"", "\\"), (nil, "\\"): escaped = true; inWord = true
            case ("\"", _): word.append(character)
            case (nil, "'"), (nil, "\""): quote = character; inWord = true
            case (nil, " "), (nil, "\t"):
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case (nil, _) where "|&;<>()$`*?[".contains(character) || (!inWord && "#~".contains(character)):
                return nil
            default: word.append(character); inWord = true
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(word) }
        return words
    }

    @Test("command lines are split into words as a shell splits them", arguments: [
        (#"search "unconditional ceasefire""#, ["search", "unconditional ceasefire"]),
        (#"search 'ceasefire*' --from 2025-05"#, ["search", "ceasefire*", "--from", "2025-05"]),
        (#"add --quote 'He said "no"'"#, ["add", "--quote", #"He said "no""#]),
        (#"add --quote "it's \"fine\" \\ \n""#, ["add", "--quote", #"it's "fine" \ \n"#]),
        (#"add --quote it\'s\ one"#, ["add", "--quote", "it's one"]),
        (#"add --quote ''"#, ["add", "--quote", ""]),
        (#"a"b"'c'"#, ["abc"]),
    ])
    func shellSplitting(line: String, words: [String]) {
        #expect(Self.shellWords(line) == words)
    }

    @Test("a line a shell would not run as one plain command is not taken for one", arguments: [
        #"search "open"#, "search 'open", #"search x\"#, "export > file.yaml", "extract a.txt | parley import -", "search $HOME", "search *",
    ])
    func notPlain(line: String) {
        #expect(Self.shellWords(line) == nil)
    }

    /// Replaces what differs from run to run.
    static func normalize(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .newlines)
        let patterns = [
            (#"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<uuid>"),
            (#"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,3}Z?)?"#, "<time>"),
            (#""[0-9a-f-]*…"#, "\"<cut>…"),
            (#"/\S*/parley/parley\.sqlite"#, "<db>"),
            (#"size:( +)\d+ bytes"#, "size:$1<n> bytes"),
        ]
        for (pattern, replacement) in patterns {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    @Test("every example in the README prints what the README shows")
    func examplesRun() throws {
        let examples = Self.examples(in: try Self.readme())
        #expect(examples.count >= 25, "the README's tour was found")
        let home = NSTemporaryDirectory() + "parley-readme-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        for example in examples {
            let arguments = try #require(example.arguments, "parley\(example.line): not one plain command")
            let capture = CapturedConsole()
            let code = Console.$current.withValue(capture.console(width: 100, environment: ["XDG_DATA_HOME": home, "PARLEY_USER": "ana"])) {
                ParleyCommand.run(arguments: arguments)
            }
            let actual = Self.normalize(capture.stderr + capture.stdout)
            #expect(actual == Self.normalize(example.expected), "parley\(example.line)")
            // An example that fails shows its error; one that shows an error fails.
            let showsError = example.expected.hasPrefix("error: ")
            #expect((code != 0) == showsError, "parley\(example.line) exits \(code), yet the README shows \(showsError ? "an error" : "no error")")
        }
    }
}
