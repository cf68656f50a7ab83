import Foundation
import Testing

/// The rules of docs/ARCHITECTURE.md, checked on the source tree: the layers of ParleyCore
/// reach only downwards, SQL lives only in `Store/` (and ParleySQLite and the migrations), and
/// only ParleyCore and ParleySQLite see the SQLite wrapper.
@Suite("Architecture")
struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources").path

    /// ParleyCore's layers, each with the layers it may use (besides itself).
    static let layers: [(name: String, uses: [String])] = [
        ("Model", []),
        ("Store", ["Model"]),
        ("Interchange", ["Model", "Store"]),
        ("Report", ["Model", "Store"]),
        ("Samples", ["Model", "Store", "Interchange", "Report"]),
    ]

    /// The Swift files below `folder`, relative to Sources/.
    static func swiftFiles(_ folder: String) -> [String] {
        let root = sources + "/" + folder
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }.sorted()
    }

    static func read(_ file: String) throws -> String {
        try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
    }

    /// The code with comments and the contents of string literals blanked out.
    static func code(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("//") { out += "\n"; continue }
            var inString = false
            var previous: Character = " "
            for character in line {
                if character == "\"" && previous != "\\" { inString.toggle() }
                out.append(inString && character != "\"" ? " " : character)
                previous = character
            }
            out += "\n"
        }
        return out
    }

    /// The types a file declares at the top level or nested (struct, enum, class, protocol).
    static func declaredTypes(_ text: String) -> Set<String> {
        let pattern = /(?:struct|enum|class|protocol|typealias)\s+([A-Z][A-Za-z0-9_]*)/
        return Set(code(text).matches(of: pattern).map { String($0.output.1) })
    }

    static func usedNames(_ text: String) -> Set<String> {
        // Simple word boundaries: Unicode's would take `TimelineWriter.outlets` as one word.
        Set(code(text).matches(of: /\b[A-Z][A-Za-z0-9_]*\b/.wordBoundaryKind(.simple)).map { String($0.output) })
    }

    @Test("ParleyCore holds nothing outside its five layer folders")
    func everyFileInALayer() {
        let loose = Self.swiftFiles("ParleyCore").filter { file in
            !Self.layers.contains { file.hasPrefix("ParleyCore/\($0.name)/") }
        }
        #expect(loose.isEmpty, "files outside Model/, Store/, Interchange/, Report/, Samples/: \(loose)")
    }

    @Test("each layer of ParleyCore uses only the layers below it")
    func layersPointDown() throws {
        // A nested name such as `Column` may be declared in several layers; a use is fine when
        // any layer the file may use declares it.
        var declaredIn: [String: Set<String>] = [:]
        for layer in Self.layers {
            for file in Self.swiftFiles("ParleyCore/\(layer.name)") {
                for type in Self.declaredTypes(try Self.read(file)) { declaredIn[type, default: []].insert(layer.name) }
            }
        }
        #expect(declaredIn.count > 50, "the scan found the core's types")
        var violations: [String] = []
        for layer in Self.layers {
            let allowed = Set(layer.uses + [layer.name])
            for file in Self.swiftFiles("ParleyCore/\(layer.name)") {
                let text = try Self.read(file)
                let own = Self.declaredTypes(text)
                for name in Self.usedNames(text).subtracting(own).sorted() {
                    if let homes = declaredIn[name], homes.isDisjoint(with: allowed) {
                        violations.append("\(file) uses \(name) from \(homes.sorted().joined(separator: "/, "))/")
                    }
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    /// A string literal that starts with an SQL keyword.
    static var sqlLiteral: Regex<(Substring, Substring)> { /"(?:"")?\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ATTACH|DETACH|ANALYZE|REINDEX)\b/ }

    /// The lines of `file` that hold an SQL string literal.
    static func sqlLines(_ file: String) throws -> [String] {
        let text = try read(file)
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.drop(while: { $0 == " " }).hasPrefix("//") {
            if line.contains(sqlLiteral) || (line.hasSuffix("\"\"\"") && nextLineIsSQL(text, after: number)) {
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test("SQL lives in ParleyCore/Store, ParleySQLite and the migrations only")
    func sqlOnlyInStore() throws {
        var found: [String] = []
        for folder in ["ParleyCore", "ParleyExtraction", "ParleyCLI", "ParleyWeb", "parley"] {
            for file in Self.swiftFiles(folder) where !file.hasPrefix("ParleyCore/Store/") {
                found += try Self.sqlLines(file)
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        // The same scan finds the SQL that is where it belongs (a scan that finds nothing proves nothing).
        let inStore = try Self.swiftFiles("ParleyCore/Store").flatMap(Self.sqlLines)
        #expect(inStore.count > 50, "\(inStore.count) SQL literals found in Store/")
    }

    static func nextLineIsSQL(_ text: String, after index: Int) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard index + 1 < lines.count else { return false }
        return ("\"" + lines[index + 1]).contains(sqlLiteral)
    }

    @Test("rows are read by named columns: no column number but 0, the only column of a one-column row")
    func namedColumns() throws {
        var found: [String] = []
        for file in Self.swiftFiles("ParleyCore") {
            let lines = Self.code(try Self.read(file)).split(separator: "\n", omittingEmptySubsequences: false)
            let bare = lines.enumerated().filter { $0.element.contains(/(\brow|\$0)\[\s*[1-9][0-9]*\s*\]/) }
            found += bare.map { "\(file):\($0.offset + 1): \($0.element.trimmingCharacters(in: .whitespaces))" }
        }
        #expect(found.isEmpty, "read these through a QueryColumns enum:\n\(found.joined(separator: "\n"))")
    }

    @Test("only ParleyCore and ParleySQLite import the SQLite wrapper; only ParleySQLite imports C")
    func imports() throws {
        var found: [String] = []
        for folder in ["ParleyExtraction", "ParleyCLI", "ParleyWeb", "parley"] {
            for file in Self.swiftFiles(folder) where try Self.read(file).contains(/(?m)^(@testable )?import (ParleySQLite|CSQLite)\b/) {
                found.append(file)
            }
        }
        for file in Self.swiftFiles("ParleyCore") where try Self.read(file).contains(/(?m)^import CSQLite\b/) {
            found.append(file)
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test("the web front end builds on the core and extraction, never on the command line; the core knows no front end")
    func frontEndsApart() throws {
        let web = Self.swiftFiles("ParleyWeb")
        #expect(web.count >= 5, "the scan found ParleyWeb's files")
        var found: [String] = []
        for file in web where try Self.read(file).contains(/(?m)^(@testable )?import (ParleyCLI|ArgumentParser)\b/) {
            found.append(file)
        }
        for file in Self.swiftFiles("ParleyCore") + Self.swiftFiles("ParleyExtraction")
        where try Self.read(file).contains(/(?m)^(@testable )?import (ParleyCLI|ParleyWeb|ArgumentParser|Hummingbird)\b/) {
            found.append(file)
        }
        #expect(found.isEmpty, "\(found)")
    }
}
