@testable import ParleyCore
import Testing

/// The shape check every JSON and YAML document, and every JSON line, goes through before a
/// parser sees it.
@Suite("Structure check")
struct StructureCheckTests {
    /// The problem the check finds in `text`, or nil.
    func problem(_ text: String, json: Bool = true) -> String? {
        do {
            try StructureCheck.check(text, json: json, origin: "f")
            return nil
        } catch ParleyError.invalidInput(let problems, _) {
            return problems.map { "\($0.location ?? ""): \($0.message)" }.joined(separator: "; ")
        } catch {
            return "\(error)"
        }
    }

    @Test("a key given twice in one object is found, on its line, at any depth")
    func duplicateKeys() {
        #expect(problem(#"{"speaker": "A", "quote": "x", "speaker": "B"}"#) == "f, line 1: the key 'speaker' appears twice in one object")
        #expect(problem("{\"statements\": [\n{\"quote\": \"x\",\n \"stances\": {\"a\": \"supports\",\n \"a\": \"opposes\"}}]}")
                    == "f, line 4: the key 'a' appears twice in one object")
        // After a nested object closes, its keys no longer count; the outer object's still do.
        #expect(problem(#"{"a": {"b": 1}, "b": 2, "c": {"a": 3}, "a": 4}"#) == "f, line 1: the key 'a' appears twice in one object")
    }

    @Test("the same key in different objects, and keys inside strings, are not duplicates")
    func notDuplicates() {
        #expect(problem(#"{"sources": [{"url": "u1"}, {"url": "u2"}], "url": "u3"}"#) == nil)
        #expect(problem(#"{"quote": "\"quote\": {\"quote\": 1}", "note": "a: b, [c] {d}"}"#) == nil)
        #expect(problem(#"{"a\"b": 1, "a": 2, "ab": 3}"#) == nil)
        #expect(problem(#"["a", "a", {"a": 1}]"#) == nil)
    }

    @Test("nesting deeper than 64 levels is refused, by brackets and by indentation")
    func depth() {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(problem(deep) == nil)
        #expect(problem("\n[" + deep + "]") == "f, line 2: the document nests more than 64 levels deep; a Parley document nests at most 4")
        #expect(problem("a: [" + deep + "]", json: false) == "f, line 1: the document nests more than 64 levels deep; a Parley document nests at most 4")
        #expect(problem("a:\n" + String(repeating: " ", count: 257) + "b: 1", json: false)
                    == "f, line 2: the document is indented 257 spaces deep; a Parley document nests at most 4 levels")
        // Brackets inside strings do not count, in JSON or YAML.
        #expect(problem(#"{"quote": "\#(String(repeating: "[", count: 100))"}"#) == nil)
        #expect(problem("quote: '\(String(repeating: "[", count: 100))'", json: false) == nil)
    }

    /// The problem the check finds in JSON `text` read as a record of `shape`, or nil.
    func keyProblem(_ text: String, shape: RecordShape) -> String? {
        do {
            try StructureCheck.check(text, json: true, shape: shape, origin: "f")
            return nil
        } catch ParleyError.invalidInput(let problems, _) {
            return problems.map(\.message).joined(separator: "; ")
        } catch {
            return "\(error)"
        }
    }

    @Test("each key is checked against the fields of the record its object is, at any depth; stances' keys are topics")
    func unknownKeys() {
        let document = #"{"counts": {"statements": 1}, "actors": [{"name": "A", "affiliations": [{"organization": "B"}]}], "statements": [{"speaker": "A", "quote": "x", "stances": {"any-topic": "supports"}, "sources": ["u", {"url": "u2"}], "links": [{"relation": "repeats", "to": "x"}], "retracted": {"at": "2025"}, "confidence": 0.5}]}"#
        #expect(keyProblem(document, shape: .document) == nil)
        #expect(keyProblem(#"{"statement": []}"#, shape: .document)?.hasPrefix("unknown field 'statement' in the document (did you mean 'statements'?)") == true)
        #expect(keyProblem(#"{"actors": [{"name": "A", "affiliations": [{"rol": "x"}]}]}"#, shape: .document)?
                    .hasPrefix("unknown field 'rol' in an affiliation (did you mean 'role'?)") == true)
        #expect(keyProblem(#"{"statements": [{"speaker": "A", "sources": [{"pubished": "2025"}]}]}"#, shape: .document)?
                    .hasPrefix("unknown field 'pubished' in a source (did you mean 'published'?)") == true)
        #expect(keyProblem(#"{"speaker": "A", "retracted": {"when": "2025"}}"#, shape: .statement)?.hasPrefix("unknown field 'when' in retracted;") == true)
        // A key written with escapes is the key it decodes to.
        #expect(keyProblem(#"{"speak\u0065r": "A"}"#, shape: .statement) == nil)
        #expect(keyProblem(#"{"stanc\u0065": "A"}"#, shape: .statement)?.hasPrefix("unknown field 'stance' in a statement (did you mean 'stances'?)") == true)
        // An escape JSON does not have is refused as such, never read as some other key.
        #expect(keyProblem(#"{"spe\qaker": "A"}"#, shape: .statement)?.hasPrefix(#"the key "spe\qaker" has an escape JSON does not have"#) == true)
        // With no shape (another program's JSON), keys are not checked.
        #expect(keyProblem(#"{"anything": {"at": "all"}}"#, shape: .free) == nil)
    }

    @Test("a JSON line is numbered as a line of its file")
    func lineNumbers() throws {
        var text = #"{"a": 1, "a": 2}"#
        let found = text.withUTF8 { bytes in
            Result { try StructureCheck.check(bytes, json: true, origin: "f.jsonl", firstLine: 12) }
        }
        guard case .failure(ParleyError.invalidInput(let problems, _)) = found else {
            Issue.record("expected a problem, got \(found)")
            return
        }
        #expect(problems.map(\.location) == ["f.jsonl, line 12"])
    }
}
