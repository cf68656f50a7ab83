import CSV
import Foundation

/// One statement per CSV row.
///
/// Columns (in this order on export; on import any order, only `speaker` and `text` required):
///
/// | column | holds |
/// |---|---|
/// | `uuid` | the statement's UUID |
/// | `speaker`, `on_behalf_of` | actor names |
/// | `kind` | `quote` (default) or `paraphrase` |
/// | `text` | the words |
/// | `said_on`, `medium`, `place`, `language`, `note`, `cameo` | as in the document format |
/// | `stances` | `topic=stance;topic=stance` |
/// | `sources` | source URLs, `;`-separated (a source without a URL: its UUID) |
/// | `source_outlets`, `source_titles`, `source_published`, `source_vias`, `source_uuids` | the sources' details, `;`-separated in the same order as `sources` |
/// | `targets` | actor names, `;`-separated |
/// | `links` | `relation:uuid;relation:uuid` |
/// | `retracted_at`, `retraction_reason` | a retraction |
///
/// Inside a `;`-separated cell, a `;` or `\` in a value is written `\;` or `\\`. A cell that a
/// spreadsheet would run as a formula is written with a leading `'`, which import removes; so is
/// each part of a `;`-separated cell (a spreadsheet set to `;` as its separator opens each part
/// as a cell).
/// CSV does not carry actors' and topics' details (aliases, affiliations, titles), nor sources'
/// authors, archived URLs and languages: use JSON or YAML for a complete copy.
public enum StatementCSV {
    public static let columns = [
        "uuid", "speaker", "on_behalf_of", "kind", "text", "said_on", "medium", "place", "language", "note", "cameo",
        "stances", "sources", "source_outlets", "source_titles", "source_published", "source_vias", "source_uuids",
        "targets", "links", "retracted_at", "retraction_reason",
    ]

    /// The header line.
    public static func header() throws -> String {
        try CSVText.render(rows: [columns])
    }

    /// Rows for records.
    public static func rows(_ records: [StatementRecord]) throws -> String {
        try CSVText.renderData(records.map(row))
    }

    static func row(_ record: StatementRecord) -> [String] {
        let sources: [SourceRecord] = (record.sources ?? []).map {
            switch $0 {
            case .record(let source): return source
            case .reference(let text): return SourceRecord(url: text)
            }
        }
        return [
            record.uuid ?? "", record.speaker, record.onBehalfOf ?? "",
            record.paraphrase != nil ? "paraphrase" : "quote", record.quote ?? record.paraphrase ?? "",
            record.saidOn ?? "", record.medium ?? "", record.place ?? "", record.language ?? "", record.note ?? "",
            record.cameo ?? "",
            join((record.stances ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }),
            join(sources.map(\.reference)),
            joinDetails(sources.map(\.outlet)), joinDetails(sources.map(\.title)), joinDetails(sources.map(\.published)),
            joinDetails(sources.map(\.via)), joinDetails(sources.map(\.uuid)),
            join(record.targets ?? []),
            join((record.links ?? []).map { "\($0.relation):\($0.to)" }),
            record.retracted?.at ?? "", record.retracted?.reason ?? "",
        ]
    }

    /// Reads CSV with a header row. Every problem is reported with its line.
    static func read(_ text: String, origin: String) throws -> ParsedDocument {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ParleyError.invalid("cannot read the CSV header row", location: origin)
        }
        guard let header = reader.headerRow, header.contains(where: { !$0.isEmpty }) else {
            throw ParleyError.invalid("the file is empty; a CSV import needs a header row", location: origin)
        }
        let names = header.map { $0.trimmingWhitespace().lowercased() }
        var problems: [InputProblem] = []
        let unknown = names.filter { !$0.isEmpty && !columns.contains($0) }
        if !unknown.isEmpty {
            problems.append(InputProblem(location: "\(origin), line 1", message: "unknown column(s) \(unknown.map { name in TextKeys.closest(to: name, in: columns).map { "\(name) (did you mean '\($0)'?)" } ?? name }.joined(separator: ", ")); the columns are: \(columns.joined(separator: ", "))"))
        }
        // A column given twice would be read over the first, without a word.
        var seen = Set<String>()
        let twice = names.filter { !$0.isEmpty && !seen.insert($0).inserted }
        if !twice.isEmpty {
            problems.append(InputProblem(location: "\(origin), line 1", message: "the column(s) \(Array(Set(twice)).sorted().joined(separator: ", ")) appear more than once; give each column once"))
        }
        for required in ["speaker", "text"] where !names.contains(required) {
            problems.append(InputProblem(location: "\(origin), line 1", message: "the column '\(required)' is required"))
        }
        if !problems.isEmpty { throw ParleyError.invalidInput(problems, hint: InterchangeReader.nothingImported) }

        let (lineStarts, unterminated) = scan(text)
        if let unterminated {
            throw ParleyError.invalid("the file ends inside the quoted field opened on line \(unterminated): it was cut off, or a quote is missing",
                                      location: origin)
        }
        var records: [StatementRecord] = []
        var lines: [Int] = []
        var rowIndex = 0
        while let row = reader.next() {
            rowIndex += 1
            let line = lineStarts[safe: rowIndex] ?? rowIndex + 1
            if row.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            var cells: [String: String] = [:]
            for (index, name) in names.enumerated() where index < row.count {
                cells[name] = CSVText.restoreFormula(row[index])
            }
            if row.count > names.count, row[names.count...].contains(where: { !$0.isEmpty }) {
                problems.append(InputProblem(location: "\(origin), line \(line)", message: "\(row.count) cells, but the header names \(names.count) columns"))
            }
            do {
                records.append(try record(cells))
                lines.append(line)
            } catch ParleyError.invalidInput(let found, _) {
                problems += found.map { InputProblem(location: "\(origin), line \(line)", field: $0.field, message: $0.message) }
            }
            if problems.count >= InputProblem.listLimit { break }
        }
        if let error = reader.error {
            problems.append(InputProblem(location: "\(origin), line \(lineStarts[safe: rowIndex + 1] ?? rowIndex + 1)", message: "cannot read the CSV: \(error)"))
        }
        if !problems.isEmpty { throw ParleyError.invalidInput(problems, hint: InterchangeReader.nothingImported) }
        return ParsedDocument(document: InterchangeDocument(statements: records), lines: ["statements": lines])
    }

    static func record(_ cells: [String: String]) throws -> StatementRecord {
        func value(_ name: String) -> String? { cells[name].nonBlank }
        let kind = try value("kind").map { try StatementKind.parse($0, field: "kind") } ?? .quote
        let text = value("text")
        let stances = try split(value("stances")).reduce(into: [String: String]()) { map, entry in
            let input = try StanceInput(parsing: entry, field: "stances")
            map[input.topic] = input.stance.rawValue
        }
        let references = split(value("sources"))
        let outlets = splitDetails(value("source_outlets")), titles = splitDetails(value("source_titles"))
        let published = splitDetails(value("source_published")), vias = splitDetails(value("source_vias"))
        let uuids = splitDetails(value("source_uuids"))
        for (name, list) in [("source_outlets", outlets), ("source_titles", titles), ("source_published", published), ("source_vias", vias), ("source_uuids", uuids)]
        where !list.isEmpty && list.count != references.count {
            throw ParleyError.invalid("\(list.count) value(s) for \(references.count) source(s); give one per source, in the order of 'sources'", field: name)
        }
        let sources: [SourceReference] = references.enumerated().map { index, reference in
            let details = [outlets, titles, published, vias, uuids].map { $0[safe: index] ?? nil }
            if details.allSatisfy({ $0 == nil }) { return .reference(reference) }
            let isUUID = TextKeys.isUUID(reference) && details[4] == reference.lowercased()
            return .record(SourceRecord(uuid: details[4], url: isUUID ? nil : reference, outlet: details[0], title: details[1],
                                        published: details[2], via: details[3]))
        }
        let links = try split(value("links")).map { entry -> LinkRecord in
            guard let colon = entry.firstIndex(of: ":") else {
                throw ParleyError.invalid("'\(entry)' is not relation:uuid", field: "links")
            }
            return LinkRecord(relation: String(entry[..<colon]), to: String(entry[entry.index(after: colon)...]))
        }
        let retractedAt = value("retracted_at"), reason = value("retraction_reason")
        return StatementRecord(
            uuid: value("uuid"), speaker: cells["speaker"] ?? "", onBehalfOf: value("on_behalf_of"),
            quote: kind == .quote ? text : nil, paraphrase: kind == .paraphrase ? text : nil,
            saidOn: value("said_on"), medium: value("medium"), place: value("place"), language: value("language"),
            note: value("note"), cameo: value("cameo"), stances: stances.isEmpty ? nil : stances,
            sources: sources.isEmpty ? nil : sources, targets: split(value("targets")).nilIfEmpty,
            links: links.nilIfEmpty,
            retracted: retractedAt != nil || reason != nil ? RetractionRecord(at: retractedAt, reason: reason) : nil)
    }

    // MARK: ;-separated cells

    /// Each value escaped and, because a spreadsheet set to `;` as its separator opens each part
    /// as a cell of its own, neutralised as a cell is (`split` restores both).
    static func join(_ values: [String]) -> String {
        values.map { CSVText.neutraliseFormula($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")) }
            .joined(separator: ";")
    }

    /// Parallel details: an absent value is an empty entry.
    static func joinDetails(_ values: [String?]) -> String {
        values.allSatisfy { $0 == nil } ? "" : join(values.map { $0 ?? "" })
    }

    static func split(_ cell: String?) -> [String] {
        splitKeepingEmpty(cell).compactMap { $0.nonBlank }
    }

    static func splitDetails(_ cell: String?) -> [String?] {
        splitKeepingEmpty(cell).map { $0.nonBlank }
    }

    private static func splitKeepingEmpty(_ cell: String?) -> [String] {
        guard let cell, !cell.isEmpty else { return [] }
        var parts: [String] = []
        var current = ""
        var escaped = false
        // A part's leading `'` (its neutralising) is removed before its escapes are read, as
        // `join` added it after writing them.
        var atPartStart = true
        for character in cell {
            let partStart = atPartStart
            atPartStart = false
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "'" where partStart: break
            case "\\": escaped = true
            case ";": parts.append(current); current = ""; atPartStart = true
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// The line on which each record starts (index 0: the header), counting line breaks inside
    /// quoted cells, as CSV allows. A blank line is a (blank) record, as the reader sees it.
    /// The line each record starts on, and, when the text ends inside a quoted field (a file cut
    /// off), the line that field opened on.
    static func scan(_ text: String) -> (starts: [Int], unterminatedFrom: Int?) {
        var starts = [1]
        var line = 1
        var inQuotes = false
        var quoteOpened = 1
        var pendingStart = false
        for scalar in text.unicodeScalars {
            if pendingStart {
                starts.append(line)
                pendingStart = false
            }
            switch scalar {
            case "\"":
                inQuotes.toggle()
                if inQuotes { quoteOpened = line }
            case "\n":
                line += 1
                if !inQuotes { pendingStart = true }
            default: break
            }
        }
        return (starts, inQuotes ? quoteOpened : nil)
    }
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
