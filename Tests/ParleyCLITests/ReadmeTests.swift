import Foundation
import ParleyCLI
import Testing

/// The README's examples are real: every `$ parley …` line in it is run, in order, against a
/// fresh default database, and must print what the README shows (UUIDs, timestamps, file sizes
/// and the database's path aside). `scripts/refresh-readme-examples` rewrites them.
@Suite("README")
struct ReadmeTests {
    struct Example {
        let arguments: [String]
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
        var current: (arguments: [String], lines: [String])?
        func finish() {
            if let current { examples.append(Example(arguments: current.arguments, expected: current.lines.joined(separator: "\n"))) }
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
                current = (shellWords(String(line.dropFirst("$ parley".count))), [])
            } else {
                current?.lines.append(line)
            }
        }
        return examples
    }

    /// Splits a command line written with double quotes, as the README writes them.
    static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false, quoted = false, escaped = false
        for character in text {
            if escaped { word.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); inWord = true
            case " " where !quoted:
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default: word.append(character); inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
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
            let capture = CapturedConsole()
            _ = Console.$current.withValue(capture.console(width: 100, environment: ["XDG_DATA_HOME": home, "PARLEY_USER": "ana"])) {
                ParleyCommand.run(arguments: example.arguments)
            }
            let actual = Self.normalize(capture.stderr + capture.stdout)
            #expect(actual == Self.normalize(example.expected), "parley \(example.arguments.joined(separator: " "))")
        }
    }
}
