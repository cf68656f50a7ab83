import Foundation
@testable import ParleyCore
import Testing

@Suite("Partial dates")
struct PartialDateTests {
    @Test("valid dates keep their precision", arguments: [
        ("2025", "2025", PartialDate.Precision.year),
        ("2025-05", "2025-05", .month),
        ("2025-05-19", "2025-05-19", .day),
        ("2024-02-29", "2024-02-29", .day),
        ("2025-05-19T14:30", "2025-05-19T14:30", .minute),
        ("2025-05-19 14:30", "2025-05-19T14:30", .minute),
        (" 2025-05 ", "2025-05", .month),
    ])
    func valid(text: String, stored: String, precision: PartialDate.Precision) throws {
        let date = try PartialDate(parsing: text)
        #expect(date.description == stored)
        #expect(date.precision == precision)
    }

    @Test("impossible or malformed dates are rejected with the accepted shapes", arguments: [
        "2025-02-30", "2025-02-29", "2025-13", "2025-00", "2025-04-31", "2025-05-19T24:00", "2025-05-19T12:60",
        "25-05-19", "2025/05/19", "May 2025", "", "20250519", "2025-5-1", "0000", "２０２５",
    ])
    func invalid(text: String) {
        let error = #expect(throws: ParleyError.self) { try PartialDate(parsing: text, field: "--said-on") }
        #expect(error?.exitCode == 65)
        #expect(error?.description.contains("YYYY-MM-DD") == true)
    }

    @Test("the message says what is wrong")
    func explains() {
        let error = #expect(throws: ParleyError.self) { try PartialDate(parsing: "2025-02-30") }
        #expect(error?.description.contains("February 2025 has 28 days") == true)
    }

    @Test("partial dates sort at the start of their period")
    func ordering() throws {
        let texts = ["2025-05-19", "2025", "2024-12-31", "2025-05", "2025-05-01", "2025-05-19T09:00"]
        let sorted = try texts.map { try PartialDate(parsing: $0) }.sorted().map(\.description)
        #expect(sorted == ["2024-12-31", "2025", "2025-05", "2025-05-01", "2025-05-19", "2025-05-19T09:00"])
    }

    static let ranges: [(String, String?, String?, Bool)] = [
        ("2025-05", "2025-05-10", nil, true),    // May may include the 10th or later
        ("2025-04", "2025-05-10", nil, false),
        ("2025-05-09", "2025-05-10", nil, false),
        ("2025-05-10T23:59", "2025-05-10", nil, true),
        ("2025", nil, "2024-06", false),
        ("2024", nil, "2024-06", true),
        ("2025-05-31", nil, "2025-05", true),
        ("2025-06-01", nil, "2025-05", false),
        ("2025-05-15", "2025-05-10", "2025-05-20", true),
    ]

    @Test("a period overlaps a range when it may fall inside it", arguments: ranges)
    func overlaps(date: String, from: String?, to: String?, expected: Bool) throws {
        let period = try PartialDate(parsing: date)
        let result = period.overlaps(from: try PartialDate.parseOptional(from), to: try PartialDate.parseOptional(to))
        #expect(result == expected)
    }

    @Test("human-readable forms")
    func readable() throws {
        #expect(try PartialDate(parsing: "2025").humanReadable == "2025")
        #expect(try PartialDate(parsing: "2025-05").humanReadable == "May 2025")
        #expect(try PartialDate(parsing: "2025-05-09").humanReadable == "9 May 2025")
        #expect(try PartialDate(parsing: "2025-05-09T08:05").humanReadable == "9 May 2025, 08:05")
    }
}

@Suite("Text keys")
struct TextKeyTests {
    @Test("name keys fold case, accents and typography", arguments: [
        ("ZELENSKIY", "zelenskiy"), ("Zelenskiy", "zelenskiy"), ("Erdoğan", "erdogan"),
        ("China’s  foreign\tministry", "china's foreign ministry"), ("  Mao Ning ", "mao ning"),
        ("Ｍａｏ", "mao"),
    ])
    func nameKeys(name: String, key: String) {
        #expect(TextKeys.nameKey(name) == key)
    }

    @Test("slugs", arguments: [
        ("Volodymyr Zelenskyy", "volodymyr-zelenskyy"), ("China's foreign ministry", "chinas-foreign-ministry"),
        ("Direct talks!", "direct-talks"), ("Erdoğan", "erdogan"), ("  --  ", ""), ("毛宁", "毛宁"),
    ])
    func slugs(name: String, slug: String) {
        #expect(TextKeys.slug(name) == slug)
    }

    @Test("the duplicate key ignores case, punctuation and white space, not words")
    func normalized() {
        let a = "“Ready for a full, unconditional ceasefire,” – he said."
        let b = "ready for a full unconditional ceasefire he said"
        #expect(TextKeys.normalizedText(a) == TextKeys.normalizedText(b))
        #expect(TextKeys.textHash(a) == TextKeys.textHash(b))
        #expect(TextKeys.textHash(a) != TextKeys.textHash("ready for a partial ceasefire he said"))
        #expect(TextKeys.normalizedText("Ａ１") == "a1", "width variants fold too")
    }

    @Test("plain ASCII takes a shortcut with the same result as the Unicode path")
    func asciiShortcut() {
        // Every printable ASCII character and the white space ones, in many orders; a trailing
        // "é" sends the same text down the Unicode path, where it adds "e" to the name key and
        // "é" to the duplicate key (which keeps accents).
        let alphabet = Array(" \t\n\r\u{0B}\u{0C}" + (32...126).map { String(UnicodeScalar(UInt8($0))) }.joined())
        var generator = CorpusGenerator.Random(state: 11)  // the same numbers on every run
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let name = TextKeys.nameKey(text + "é")
            let expected = TextKeys.nameKey(text) + (text.contains(where: { !$0.isWhitespace }) && text.last!.isWhitespace ? " e" : "e")
            #expect(name == expected, "name key of \(text.debugDescription)")
            #expect(TextKeys.foldedNormalizedText(text + "é") == TextKeys.normalizedText(text) + "é", "duplicate key of \(text.debugDescription)")
            #expect(TextKeys.simplyNormalizedText(text + "é") == TextKeys.normalizedText(text) + "é", "duplicate key of \(text.debugDescription)")
        }
    }

    @Test("the scalar-by-scalar duplicate key is Foundation's for every scalar it takes, and takes none that composes with the one before")
    func simpleDuplicateKey() {
        // Every scalar the rule decides, in runs of 256 between ASCII letters, through both
        // paths. The stored duplicate keys of every database depend on the two being equal.
        let decided = (0x80...0x10FFFF).compactMap(Unicode.Scalar.init).filter { TextKeys.simpleRule($0) != nil }
        #expect(decided.count > 100_000, "CJK, Hangul syllables, lower-case letters of many scripts")
        #expect(decided.contains("\u{2019}") && decided.contains("\u{201C}") && decided.contains("\u{2014}"), "typographic quotes and dashes")
        #expect(decided.contains("м") && decided.contains("和") && decided.contains("ل") && decided.contains("é"))
        var mismatches: [String] = []
        for start in stride(from: 0, to: decided.count, by: 256) {
            var text = String.UnicodeScalarView()
            for scalar in decided[start..<min(start + 256, decided.count)] {
                text.append("x")
                text.append(scalar)
            }
            let run = String(text) + "X"
            let simple = TextKeys.simplyNormalizedText(run)
            if simple != TextKeys.foldedNormalizedText(run) { mismatches.append(String(format: "run from U+%04X", decided[start].value)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        // A scalar that can follow another in a canonical decomposition (and so compose with the
        // one before it) must go the general way: find them all from Foundation's decompositions,
        // in runs separated by U+0001, which no decomposition holds.
        let all = (0x80...0x10FFFF).compactMap(Unicode.Scalar.init)
        var followers: Set<Unicode.Scalar> = []
        for start in stride(from: 0, to: all.count, by: 512) {
            var text = String.UnicodeScalarView()
            for scalar in all[start..<min(start + 512, all.count)] {
                text.append("\u{1}")
                text.append(scalar)
            }
            for piece in String(text).decomposedStringWithCanonicalMapping.unicodeScalars.split(separator: "\u{1}") {
                followers.formUnion(piece.dropFirst())
            }
        }
        #expect(followers.count > 100, "the combining marks, Hangul jamo and vowel signs that compose")
        let taken = followers.filter { TextKeys.simpleRule($0) != nil }.map { String(format: "U+%04X", $0.value) }
        #expect(taken.isEmpty, "\(taken.sorted().prefix(20))")
    }

    @Test("trimming keeps text that starts and ends visibly, and trims every kind of white space")
    func trimming() {
        // Every ASCII character, and a few non-ASCII ones (white space or not), at either end.
        let ends = (0...127).map { String(UnicodeScalar(UInt8($0))) } + ["\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "é", "“"]
        for first in ends {
            for last in ends {
                let text = first + "a b" + last
                let scalars = Array(text.unicodeScalars)
                let kept = scalars.drop(while: { $0.properties.isWhitespace }).reversed().drop(while: { $0.properties.isWhitespace }).reversed()
                var expected = String.UnicodeScalarView()
                expected.append(contentsOf: kept)
                #expect(text.trimmingWhitespace() == String(expected), "\(text.debugDescription)")
            }
        }
        #expect(" \t\n".trimmingWhitespace() == "")
        #expect("".trimmingWhitespace() == "")
        #expect("x".trimmingWhitespace() == "x")
    }

    @Test("FNV-1a matches its published test vectors")
    func fnv() {
        #expect(UInt64(bitPattern: TextKeys.fnv1a64("")) == 0xcbf2_9ce4_8422_2325)
        #expect(UInt64(bitPattern: TextKeys.fnv1a64("a")) == 0xaf63_dc4c_8601_ec8c)
        #expect(UInt64(bitPattern: TextKeys.fnv1a64("foobar")) == 0x8594_4171_f739_67e8)
    }

    @Test("UUID shape")
    func uuid() {
        #expect(TextKeys.isUUID(TextKeys.newUUID()))
        #expect(TextKeys.isUUID("5EED0001-0000-4000-8000-000000000001"))
        #expect(!TextKeys.isUUID("5eed0001-0000-4000-8000-00000000000"))
        #expect(!TextKeys.isUUID("5eed0001x0000-4000-8000-000000000001"))
    }

    @Test("numbers grouped by thousands")
    func groupedNumbers() {
        #expect([0, 7, 999, 1_000, 50_000, 1_234_567, -1_234].map(NumberText.grouped) == ["0", "7", "999", "1,000", "50,000", "1,234,567", "-1,234"])
    }

    @Test("new UUIDs are version 7: lower case, the time first, each greater than the one before, none alike")
    func timeOrderedUUIDs() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        // More than one millisecond's counter can hold, so that the clock must move on.
        let uuids = (0..<10_000).map { _ in TextKeys.newUUID() }
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(uuids.allSatisfy(TextKeys.isUUID))
        #expect(uuids.allSatisfy { $0 == $0.lowercased() })
        #expect(uuids.allSatisfy { Array($0.utf8)[14] == UInt8(ascii: "7") }, "the version digit")
        #expect(uuids.allSatisfy { "89ab".utf8.contains(Array($0.utf8)[19]) }, "the RFC 9562 variant")
        #expect(zip(uuids, uuids.dropFirst()).allSatisfy { $0 < $1 }, "each greater than the one before")
        #expect(Set(uuids).count == uuids.count)
        let first = try #require(UInt64(uuids[0].prefix(13).replacingOccurrences(of: "-", with: ""), radix: 16))
        #expect(first >= before && first <= after + 1, "the first 48 bits are the time in milliseconds")
    }

    @Test("vocabularies parse case-insensitively and name the allowed words")
    func vocabulary() throws {
        #expect(try Stance.parse(" Supports ") == .supports)
        #expect(try LinkRelation.parse("responds-to") == .respondsTo)
        let error = #expect(throws: ParleyError.self) { try Stance.parse("maybe", field: "--stance") }
        #expect(error?.description == "--stance: unknown stance 'maybe'; use one of: supports, opposes, conditional, neutral, unclear")
        #expect(Stance.supports.semEvalLabel == "FAVOR")
        #expect(Stance.opposes.semEvalLabel == "AGAINST")
        #expect(Stance.conditional.semEvalLabel == "NONE")
    }

    @Test("TOPIC=STANCE")
    func stanceInput() throws {
        let input = try StanceInput(parsing: "direct-talks=Opposes")
        #expect(input == StanceInput(topic: "direct-talks", stance: .opposes))
        #expect(throws: ParleyError.self) { try StanceInput(parsing: "ceasefire") }
        #expect(throws: ParleyError.self) { try StanceInput(parsing: "=supports") }
        #expect(throws: ParleyError.self) { try StanceInput(parsing: "ceasefire=yes") }
    }
}

@Suite("Leftover files")
struct LeftoverTests {
    @Test("removing leftovers deletes what exists and reports nothing when all went")
    func removes() throws {
        let folder = NSTemporaryDirectory() + "parley-leftover-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/partial.txt"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("half".utf8)))
        #expect(removeLeftovers([file, folder + "/never-made.txt", folder]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("an error keeps its message and names the files left behind")
    func reporting() {
        let original = ParleyError.conflict("the backup failed")
        #expect("\(ParleyError.reporting(original, leftovers: []))" == "the backup failed")
        let extended = "\(ParleyError.reporting(original, leftovers: ["/tmp/a", "/tmp/b"]))"
        #expect(extended == "the backup failed\n(and /tmp/a, /tmp/b could not be removed; delete them by hand)")
    }
}

