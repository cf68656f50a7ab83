import Foundation
import Testing
@testable import ParleyCore

/// The narrow, streamed reads a large report and a long list of shifts are made of give what
/// the whole values give, and the text fast paths give what the general paths give.
@Suite("Streamed reads and text fast paths")
struct StreamingReadTests {
    /// A corpus with hundreds of shifts (more than a web page shows) and some retracted statements.
    static func corpus() throws -> ParleyDatabase {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(CorpusGenerator(seed: 5, statements: 1200, actors: 25, topics: 6).document(), origin: "corpus")
        try parley.statements.retract("4", reason: "test")
        // Slugs that sort differently by bytes than as `slug=stance` items would ("talks-direct"
        // before "talks" there), added in the opposite order of their slugs.
        for slug in ["talks-direct", "talks", "talks-z", "talks0"] { _ = try parley.topics.add(NewTopic(slug: slug)) }
        try parley.statements.add(NewStatement(speaker: "1", text: "Four talks topics at once",
                                               stances: ["talks-direct", "talks", "talks-z", "talks0"].map { StanceInput(topic: $0, stance: .supports) }))
        return parley
    }

    @Test("shifts written one at a time are the shifts listed whole, in every format")
    func shiftsStreamed() throws {
        let parley = try Self.corpus()
        let topic = try parley.topics.list()[0].slug
        for filter in [StatementFilter(), StatementFilter(topics: [topic]), StatementFilter(speakers: ["1"])] {
            for includeUnclear in [false, true] {
                let shifts = try ShiftFinder.find(parley: parley, filter: filter, includeUnclear: includeUnclear)
                let list = try ShiftFinder.locate(parley: parley, filter: filter, includeUnclear: includeUnclear)
                #expect(list.count == shifts.count)
                var handedOut: [StanceShift] = []
                try list.forEach(in: parley) { handedOut.append($0) }
                #expect(handedOut == shifts)
                var firstTen: [StanceShift] = []
                try list.forEach(in: parley, limit: 10) { firstTen.append($0) }
                #expect(firstTen == Array(shifts.prefix(10)))
                // The table is aligned a group at a time, so only a short list is compared whole
                // (and an empty one is a sentence: `noShifts`).
                let formats: [MatrixFormat] = [.listing(.csv), .listing(.json), .listing(.jsonl), .markdown]
                    + (1...ListingStream.groupSize ~= shifts.count ? [.listing(.table)] : [])
                for format in formats {
                    var streamed = ""
                    let written = try FrontEndDocuments.shifts(parley, filter: filter, includeUnclear: includeUnclear, format: format, width: nil) { streamed += $0 }
                    #expect(written == shifts.count)
                    #expect(streamed == (try FrontEndDocuments.shifts(shifts, format: format, width: nil)), "\(format.rawValue)")
                }
            }
        }
        // The test is only worth something if there are many shifts.
        #expect(try ShiftFinder.locate(parley: parley, filter: StatementFilter()).count > 100)
    }

    @Test("a table of no shifts is the sentence that says so")
    func noShifts() throws {
        let parley = try ParleyDatabase.inMemory()
        var out = ""
        #expect(try FrontEndDocuments.shifts(parley, filter: StatementFilter(), format: .listing(.table), width: nil) { out += $0 } == 0)
        #expect(out == ShiftFinder.noShifts + "\n")
    }

    @Test("outlines are what the statements show: in timeline order, and by ids in the order asked")
    func outlines() throws {
        let parley = try Self.corpus()
        let topic = try parley.topics.list()[1].slug
        for filter in [StatementFilter(), StatementFilter(topics: [topic]), StatementFilter(includeRetracted: true)] {
            let statements = try parley.statements.list(filter)
            var outlines: [StatementOutline] = []
            try parley.statements.forEachOutline(filter) { outlines.append($0) }
            #expect(outlines.count == statements.count)
            // The timeline lines' stances and the outlines' are in the statements' slug order.
            var lines: [TimelineLine] = []
            try parley.statements.forEachTimelineLine(filter) { lines.append($0) }
            #expect(lines == statements.map(TimelineLine.init))
            #expect(!filter.topics.isEmpty || lines.contains { $0.stances == ["talks=supports", "talks-direct=supports", "talks-z=supports", "talks0=supports"] })
            for (outline, statement) in zip(outlines, statements) {
                #expect(outline.id == statement.id)
                #expect(outline.speaker == statement.speaker)
                #expect(outline.dateLabel == statement.dateLabel)
                #expect(outline.text == statement.text)
                #expect(outline.stances.map(\.topicID) == statement.stances.map(\.topic.id))
                #expect(outline.stances.map(\.slug) == statement.stances.map(\.topic.slug))
                #expect(outline.stances.map(\.stance) == statement.stances.map(\.stance))
            }
        }
    }

    /// The packed lists are made by SQLite (lengths counted in Unicode scalars) and read back
    /// byte by byte: accents, combining marks, emoji, the separators themselves, empty items.
    @Test("a packed list reads back exactly the items SQLite packed, and a malformed one is an error")
    func packedLists() throws {
        let parley = try ParleyDatabase.inMemory()
        let items = ["Reuters", "", "TASS via AFP", "naïve café", "e\u{301}", "🇺🇦 Ukrinform", "12:34", "a:b:c", "1:x", String(repeating: "ü", count: 300)]
        let packed: String? = try parley.db.scalar(
            "SELECT group_concat(length(value) || ':' || value, '') FROM json_each(?)", [JSONValue.array(items.map { .string($0) }).serialized(indent: nil)])
        #expect(try StatementStore.unpack(packed) == items)
        #expect(try StatementStore.unpack(nil) == [])
        for malformed in ["3:ab", "x:abc", ":abc", "2ab", "99999999999:a"] {
            #expect(throws: ParleyError.self, "\(malformed)") { try StatementStore.unpack(malformed) }
        }
    }

    @Test("stances come in slug order, a topic made during a listing is found, and a malformed list is an error")
    func packedStances() throws {
        let parley = try ParleyDatabase.inMemory()
        let zebra = try parley.topics.add(NewTopic(slug: "zebra"))
        let alpha = try parley.topics.add(NewTopic(slug: "alpha"))
        var stances = try PackedStances(parley.db)
        #expect(try stances.items("\(zebra.id)=opposes,\(alpha.id)=supports") == [
            .init(topicID: alpha.id, slug: "alpha", stance: .supports), .init(topicID: zebra.id, slug: "zebra", stance: .opposes),
        ])
        #expect(try stances.items(nil) == [])
        let middle = try parley.topics.add(NewTopic(slug: "middle"))
        #expect(try stances.items("\(zebra.id)=neutral,\(middle.id)=unclear,\(alpha.id)=conditional").map(\.slug) == ["alpha", "middle", "zebra"])
        for malformed in ["\(alpha.id)=maybe", "\(alpha.id)supports", "=supports", "x=supports", "\(alpha.id)=supports,,"] {
            #expect(throws: ParleyError.self, "\(malformed)") { try stances.items(malformed) }
        }
        #expect(throws: ParleyError.self) { try stances.items("999=supports") }
    }

    @Test("the report's sections by speaker keep each speaker's statements together, speakers in order of their first")
    func reportBySpeaker() throws {
        let parley = try Self.corpus()
        let filter = StatementFilter(topics: [try parley.topics.list()[0].slug])
        let markdown = try Report(parley: parley, filter: filter).markdown()
        let section = try #require(markdown.components(separatedBy: "\n## By speaker\n").last?.components(separatedBy: "\n## Sources").first)
        var expected = ""
        var seen: [Int64] = []
        let statements = try parley.statements.list(filter)
        for statement in statements where !seen.contains(statement.speaker.id) { seen.append(statement.speaker.id) }
        for speaker in seen {
            let theirs = statements.filter { $0.speaker.id == speaker }
            expected += "\n### \(Markdown.escape(theirs[0].speaker.name))\n\n"
            for statement in theirs {
                let stances = statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: ", ")
                expected += "- \(Markdown.escape(statement.dateLabel)): “\(Markdown.escape(statement.text))”" + (stances.isEmpty ? "" : " (\(Markdown.escape(stances)))") + "\n"
            }
        }
        #expect(section == expected)
        #expect(seen.count > 3)
    }

    /// Texts for the fast paths: plain ASCII, escapes, controls, combining marks on ASCII,
    /// wide characters, emoji, bidi controls, line breaks.
    static let texts = [
        "", "plain text", String(repeating: "word ", count: 40), "a & b < c > d \"e\" 'f'", "*bold* _it_ `code` [link] | ~ \\",
        "tab\there", "line\nbreak", "cr\r\nlf", "esc \u{1B}[31m red", "del \u{7F}", "c1 \u{85} next line",
        "e\u{301}t\u{301}e\u{301} and *\u{301} and &\u{301}", "中文字符" + String(repeating: "宽", count: 70), "emoji 🇺🇦 👍🏽 ok",
        "bidi \u{202E}evil\u{202C} \u{2066}iso\u{2069} \u{200F}", "sep \u{2028} \u{2029}", "soft\u{AD}hyphen",
        String(repeating: "a", count: 119) + "\u{301}b", String(repeating: "x", count: 125) + "é", "naïve café " + String(repeating: "ü", count: 130),
        "varia \u{1FEF} beside a *star*", "“curly” quotes — and dashes…",
    ]

    @Test("truncating, measuring, sanitizing and escaping give what the general paths give", arguments: [1, 2, 10, 26, 120])
    func textFastPaths(maxWidth: Int) {
        for text in Self.texts {
            #expect(TerminalText.width(text) == text.unicodeScalars.reduce(0) { $0 + Self.slowWidth($1) }, "\(text.debugDescription)")
            #expect(TerminalText.truncate(text, to: maxWidth) == Self.slowTruncate(text, to: maxWidth), "\(text.debugDescription)")
            for keep in [false, true] {
                #expect(TerminalText.sanitize(text, keepNewlines: keep) == Self.slowSanitize(text, keepNewlines: keep), "\(text.debugDescription)")
            }
            #expect(HTML.escape(text) == Self.slowHTMLEscape(text), "\(text.debugDescription)")
            #expect(Markdown.escape(text) == Self.slowMarkdownEscape(text), "\(text.debugDescription)")
        }
    }

    /// The byte scan that lets most text through untouched must find every character the
    /// general path replaces, wherever it stands: every scalar of the Basic Multilingual Plane
    /// (where all of them are, and where the three-byte sequences the scan reads start) and
    /// every 101st scalar beyond, at the end of a text, in its middle, after a lead byte and after
    /// a character Markdown escapes (which a mark joins).
    @Test("sanitizing and escaping agree with the general paths for every scalar of the BMP, at the end and inside a text")
    func textFastPathsEveryScalar() {
        var disagreements: [String] = []
        let scalars = Array(0...0xFFFF) + Array(stride(from: 0x10000, through: 0x10FFFF, by: 101))
        for value in scalars {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }  // surrogates
            for text in ["a" + String(scalar), String(scalar) + "b", "\u{2000}" + String(scalar), "*" + String(scalar) + "_"] {
                for keep in [false, true] where TerminalText.sanitize(text, keepNewlines: keep) != Self.slowSanitize(text, keepNewlines: keep) {
                    disagreements.append("U+" + String(value, radix: 16, uppercase: true) + " keep \(keep)")
                }
                if HTML.escape(text) != Self.slowHTMLEscape(text) { disagreements.append("U+" + String(value, radix: 16, uppercase: true) + " HTML") }
                if Markdown.escape(text) != Self.slowMarkdownEscape(text) { disagreements.append("U+" + String(value, radix: 16, uppercase: true) + " Markdown") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(scalars.count > 70_000)
    }

    @Test("a byte set holds exactly the bytes it was made of")
    func byteSet() {
        let set = ByteSet([0, 63, 64, 127, 128, 191, 192, 255, UInt8(ascii: "&")])
        for byte in 0...255 {
            #expect(set.contains(UInt8(byte)) == [0, 63, 64, 127, 128, 191, 192, 255, 38].contains(byte), "byte \(byte)")
        }
        #expect(!ByteSet([]).contains(0))
    }

    // The general paths, as they were written before the fast paths.

    static func slowWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = scalar.value
        if v == 0x200B { return 0 }
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
                                           0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    static func slowTruncate(_ text: String, to maxWidth: Int) -> String {
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + slowWidth($1) } }
        guard width(text) > maxWidth else { return text }
        guard maxWidth > 1 else { return maxWidth == 1 ? "…" : "" }
        var out = "", used = 0
        for character in text {
            let w = width(String(character))
            if used + w > maxWidth - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    static func slowSanitize(_ text: String, keepNewlines: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines, 0x09 where keepNewlines: out.append(scalar)
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func slowHTMLEscape(_ text: String) -> String {
        var out = ""
        for scalar in slowSanitize(text, keepNewlines: true).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func slowMarkdownEscape(_ text: String) -> String {
        var out = ""
        for character in slowSanitize(text, keepNewlines: false) {
            // One of these as a scalar of its own (not U+1FEF, which Swift's Character equality
            // takes for "`"; nor "*" with a combining mark).
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
               "\\`*_[]<>|~&".unicodeScalars.contains(scalar) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
