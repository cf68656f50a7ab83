import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `parley import` reads: files, standard input and other Parley databases, each turned into
/// an `ImportInput` for `Importer.run(inputs:)`.
public enum ImportSources {
    /// Opens each file for import: `-` is standard input (read through `standardInput`, a
    /// piece at a time; nil or empty at its end). The format is `format`, else the file's
    /// extension, else (standard input only) what its first 64 KB look like: JSON, JSON Lines,
    /// or else YAML. JSON Lines is streamed (a file of a million lines is never in memory
    /// whole); a Parley database file is read as the document it exports. Every document is
    /// parsed here, so that all problems of all files are reported at once.
    /// - Throws: `ParleyError.invalidInput` listing every problem found.
    public static func open(_ files: [String], format: InterchangeFormat?, standardInput: @escaping @Sendable () throws -> Data? = { nil }) throws -> [ImportInput] {
        var inputs: [ImportInput] = []
        var problems: [InputProblem] = []
        for file in files {
            let origin = file == "-" ? "standard input" : file
            if file.hasSuffix(PartialFile.suffix) {
                throw ParleyError.invalid("this is an output file that was never finished (Parley writes \(PartialFile.suffix) files while it writes, and renames them when done); delete it, and import the finished file", location: origin)
            }
            if file != "-", try Self.isDatabase(file) {
                let document = try ParleyDatabase.reading(path: file) { other in try Exporter(other).document(filter: nil) }
                inputs.append(.document(ParsedDocument(document: document), origin: origin))
                continue
            }
            if file != "-", (format ?? InterchangeFormat.detect(path: file)) == .jsonl, let (handle, start) = try Self.openText(file) {
                // Read as it is imported: a file of a million lines is never in memory whole.
                inputs.append(.jsonLines(JSONLinesReader(handle: handle, startingWith: start, origin: origin)))
                continue
            }
            var data: Data
            if file == "-" {
                // Enough to tell the format; JSON Lines then streams, anything else is read whole.
                let (start, ended) = try Self.readStart(standardInput)
                if !start.starts(with: Self.databaseMagic), (format ?? Self.sniff(start)) == .jsonl {
                    let reader = ended ? JSONLinesReader(origin: origin, startingWith: start, nextChunk: { nil })
                        : JSONLinesReader(origin: origin, startingWith: start, nextChunk: standardInput)
                    inputs.append(.jsonLines(reader))
                    continue
                }
                if start.starts(with: Self.databaseMagic) {
                    throw ParleyError.invalid("a database cannot be read from standard input; name the file", location: origin)
                }
                data = ended ? start : try BoundedInput.read(standardInput, startingWith: start, limit: BoundedInput.maximumDocumentBytes,
                                                             what: "a document", hint: Self.tooLargeHint, origin: origin, text: true)
            } else {
                data = try BoundedInput.readFile(file, limit: BoundedInput.maximumDocumentBytes, what: "a document", hint: Self.tooLargeHint, text: true)
            }
            guard let fileFormat = format ?? InterchangeFormat.detect(path: file) ?? (file == "-" ? Self.sniff(data) : nil) else {
                throw ParleyError.invalid("cannot tell the format from the name; add --format json, yaml, jsonl or csv", location: origin)
            }
            if fileFormat == .jsonl {
                inputs.append(.jsonLines(JSONLinesReader(data, origin: origin)))
                continue
            }
            do {
                inputs.append(.document(try InterchangeReader.read(data, format: fileFormat, origin: origin), origin: origin))
            } catch ParleyError.invalidInput(let found, _) {
                problems += found
            }
        }
        if !problems.isEmpty {
            throw ParleyError.invalidInput(problems, hint: "Nothing was imported. Fix the file(s) and run the import again.")
        }
        return inputs
    }

    /// Whether a regular file starts as every SQLite database does (a FIFO or a device is never
    /// one, and is not read here, so that nothing of it is lost).
    static func isDatabase(_ file: String) throws -> Bool {
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        do {
            return try handle.read(upToCount: databaseMagic.count)?.starts(with: databaseMagic) ?? false
        } catch {
            throw unreadable(file, error)
        }
    }

    /// What to do with a document too large to read whole.
    static let tooLargeHint = "import a collection that large as JSON Lines (`parley export --format jsonl`), which is read a line at a time"

    /// The first bytes of every SQLite database file.
    public static let databaseMagic = Array("SQLite format 3\u{0}".utf8)

    /// The file opened for reading and its first bytes, already read; nil when it is a
    /// database through a pipe (a database file is found before, by `isDatabase`). The handle
    /// closes when it is released.
    /// A pipe works too (`<(zcat statements.jsonl.gz)`): nothing is read twice.
    static func openText(_ file: String) throws -> (FileHandle, Data)? {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            let start = try handle.read(upToCount: databaseMagic.count) ?? Data()
            return start.starts(with: databaseMagic) ? nil : (handle, start)
        } catch {
            throw unreadable(file, error)
        }
    }

    static func unreadable(_ file: String, _ error: any Error) -> ParleyError {
        ParleyError.invalid("cannot read the file: \((error as NSError).localizedDescription)", location: file)
    }

    /// How much of standard input tells its format.
    static let sniffLength = 65_536

    /// The first `sniffLength` bytes of standard input (all of it when shorter), and whether
    /// that is all of it.
    static func readStart(_ nextChunk: () throws -> Data?) throws -> (Data, ended: Bool) {
        var start = Data()
        while start.count < sniffLength {
            guard let chunk = try readChunk(nextChunk), !chunk.isEmpty else { return (start, true) }
            start.append(chunk)
        }
        return (start, false)
    }

    static func readChunk(_ nextChunk: () throws -> Data?) throws -> Data? {
        do {
            return try nextChunk()
        } catch {
            throw unreadable("standard input", error)
        }
    }

    /// Standard input with no --format: JSON, JSON Lines, or else YAML (what `parley extract` writes).
    public static func sniff(_ data: Data) -> InterchangeFormat {
        let text = String(decoding: data.prefix(sniffLength), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.first?.hasPrefix("{") == true else { return .yaml }
        return lines.count > 1 && lines[1].hasPrefix("{") ? .jsonl : .json
    }
}

extension Importer {
    /// Imports files (`-` for standard input) in one transaction: `ImportSources.open`, then `run(inputs:)`.
    public func run(files: [String], format: InterchangeFormat? = nil, options: ImportOptions = ImportOptions(),
                    standardInput: @escaping @Sendable () throws -> Data? = { nil }) throws -> ImportSummary {
        try run(inputs: try ImportSources.open(files, format: format, standardInput: standardInput), options: options)
    }
}
