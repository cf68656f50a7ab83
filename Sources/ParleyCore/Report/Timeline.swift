/// The formats `parley timeline` writes.
public enum TimelineFormat: String, Vocabulary {
    case table, markdown, html, json, jsonl, csv, timelinejs
    public static let vocabularyName = "timeline format"
}

/// Writes a timeline as statements arrive, in timeline order, so that memory does not grow with
/// their number.
///
/// Statements are grouped by the precision they have: one dated May 2025 appears under
/// "May 2025", never as 1 May; one with no date of its own appears under its earliest source's
/// date, marked "reported".
public final class TimelineWriter {
    let format: TimelineFormat
    let title: String
    let width: Int
    let write: (String) throws -> Void
    private var currentHeading: String?
    private var count = 0
    /// How many statements were written.
    public var written: Int { count }

    /// - Parameters:
    ///   - width: the terminal width the `table` format wraps to.
    ///   - write: receives the output piece by piece.
    public init(format: TimelineFormat, title: String, width: Int = 80, write: @escaping (String) throws -> Void) {
        self.format = format
        self.title = title
        self.width = width
        self.write = write
    }

    /// The heading a statement appears under: `19 May 2025`, `May 2025`, `2025`, or `Undated`.
    public static func heading(_ statement: Statement) -> String {
        guard let date = statement.effectiveDate else { return "Undated" }
        guard date.precision == .minute, let day = date.day, let month = date.month else { return date.humanReadable }
        return "\(day) \(PartialDate.monthNames[month - 1]) \(date.year)"
    }

    public func begin() throws {
        switch format {
        case .table: break
        case .markdown: try write("# \(Markdown.escape(title))\n")
        case .html: try write(HTML.pageStart(title: title) + "<h1>\(HTML.escape(title))</h1>\n")
        case .json, .jsonl: break
        case .csv: try write(try CSVText.render(rows: [Self.csvColumns]))
        case .timelinejs:
            try write("{\"title\":{\"text\":{\"headline\":" + JSONValue.string(HTML.escape(title)).serialized(indent: nil) + ",\"text\":\"\"}},\"events\":[")
        }
    }

    public func add(_ statement: Statement) throws {
        let heading = Self.heading(statement)
        let newGroup = heading != currentHeading
        currentHeading = heading
        defer { count += 1 }
        switch format {
        case .table:
            if newGroup { try write(heading.uppercased() + "\n\n") }
            try write(Self.tableEntry(statement, width: width) + "\n")
        case .markdown:
            if newGroup { try write("\n## \(Markdown.escape(heading))\n\n") }
            try write(Self.markdownEntry(statement))
        case .html:
            if newGroup { try write("<h2>\(HTML.escape(heading))</h2>\n") }
            try write(Self.htmlEntry(statement))
        case .json:
            try write(Self.json(statement).arrayElement(first: count == 0))
        case .jsonl:
            try write(Self.json(statement).serialized(indent: nil) + "\n")
        case .csv:
            try write(try CSVText.renderData([Self.csvRow(TimelineLine(statement))]))
        case .timelinejs:
            try write((count > 0 ? "," : "") + Self.timelineJSEvent(statement).serialized(indent: nil))
        }
    }

    /// Adds a line read by `StatementStore.forEachTimelineLine`: the same CSV row as `add` of its
    /// statement, without building the statement. CSV only.
    public func add(_ line: TimelineLine) throws {
        guard format == .csv else { throw ParleyError.invalid("only a CSV timeline is written from timeline lines") }
        count += 1
        try write(try CSVText.renderData([Self.csvRow(line)]))
    }

    public func finish() throws {
        switch format {
        case .table: if count == 0 { try write("No statements.\n") }
        case .markdown: if count == 0 { try write("\nNo statements.\n") }
        case .html: try write((count == 0 ? "<p>No statements.</p>\n" : "") + HTML.pageEnd)
        case .json: try write(JSONValue.arrayEnd(empty: count == 0))
        case .jsonl, .csv: break
        case .timelinejs: try write("],\"eras\":[]}\n")
        }
    }

    /// Writes a whole list of statements.
    public static func render(_ statements: [Statement], format: TimelineFormat, title: String, width: Int = 80) throws -> String {
        var out = ""
        let writer = TimelineWriter(format: format, title: title, width: width) { out += $0 }
        try writer.begin()
        for statement in statements { try writer.add(statement) }
        try writer.finish()
        return out
    }

    // MARK: Entries

    /// `reported 2025-05-20`, `2025-05`, `14:30` for a minute-precision date under its day.
    static func dateText(_ statement: Statement) -> String {
        if let saidOn = statement.saidOn {
            if saidOn.precision == .minute, let hour = saidOn.hour, let minute = saidOn.minute {
                return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
            }
            return saidOn.description
        }
        return statement.dateLabel
    }

    static func speakerText(_ statement: Statement) -> String {
        statement.speaker.name + (statement.onBehalfOf.map { " for \($0.name)" } ?? "")
    }

    static func tableEntry(_ statement: Statement, width: Int) -> String {
        var heading = [dateText(statement), speakerText(statement)]
        if let medium = statement.medium { heading.append(medium) }
        if statement.isRetracted { heading.append("RETRACTED") }
        var out = "  " + TerminalText.sanitize(heading.joined(separator: " · ")) + "\n"
        let text = statement.kind == .quote ? "“\(statement.text)”" : "(paraphrase) \(statement.text)"
        for line in TerminalText.wrap(TerminalText.sanitize(text), to: max(20, width - 6)) {
            out += "      " + line + "\n"
        }
        var details = statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: ", ")
        let reported = statement.outlets
        if !reported.isEmpty { details += (details.isEmpty ? "" : " · ") + reported.joined(separator: "; ") }
        if !details.isEmpty {
            for line in TerminalText.wrap(TerminalText.sanitize(details), to: max(20, width - 6)) { out += "      " + line + "\n" }
        }
        return out
    }

    static func markdownEntry(_ statement: Statement) -> String {
        var meta = ["**\(Markdown.escape(statement.speaker.name))**" + (statement.onBehalfOf.map { " for \(Markdown.escape($0.name))" } ?? "")]
        meta.append(Markdown.escape(dateText(statement)))
        if let medium = statement.medium { meta.append(Markdown.escape(medium)) }
        if statement.isRetracted { meta.append("*retracted*") }
        var out = "- " + meta.joined(separator: " · ") + "  \n"
        let text = Markdown.escape(statement.text.replacingOccurrences(of: "\n", with: " "))
        out += statement.kind == .quote ? "  “\(text)”" : "  *(paraphrase)* \(text)"
        out += "  \n"
        var details = statement.stances.map { "\(Markdown.escape($0.topic.slug)): \($0.stance.rawValue)" }
        let reported = statement.outlets.map(Markdown.escape)
        if !reported.isEmpty { details.append(reported.joined(separator: "; ")) }
        if !details.isEmpty { out += "  " + details.joined(separator: " · ") + "\n" }
        return out
    }

    static func htmlEntry(_ statement: Statement) -> String {
        var meta = ["<strong>\(HTML.escape(statement.speaker.name))</strong>" + (statement.onBehalfOf.map { " for \(HTML.escape($0.name))" } ?? "")]
        meta.append(HTML.escape(dateText(statement)))
        if let medium = statement.medium { meta.append(HTML.escape(medium)) }
        let classes = "entry" + (statement.isRetracted ? " retracted" : "")
        var out = "<div class=\"\(classes)\" id=\"s\(statement.id)\">\n<div class=\"meta\">\(meta.joined(separator: " · "))"
        if statement.isRetracted { out += " · retracted" }
        out += "</div>\n"
        let text = HTML.escape(statement.text)
        out += statement.kind == .quote ? "<blockquote>“\(text)”</blockquote>\n" : "<blockquote class=\"paraphrase\">\(text)</blockquote>\n"
        var details = HTML.badges(statement.stances)
        let sources = statement.sources.map { HTML.link($0.url, $0.label) }
        if !sources.isEmpty { details += " <span class=\"meta\">" + sources.joined(separator: "; ") + "</span>" }
        if !details.isEmpty { out += "<div>\(details)</div>\n" }
        return out + "</div>\n"
    }

    /// A timeline entry in JSON: what the timeline shows of a statement (its period, its date
    /// or the first report's, names without ids, outlets), flat for a chart or a table.
    static func json(_ statement: Statement) -> JSONValue {
        .object([
            ("id", .int(statement.id)),
            ("uuid", .string(statement.uuid)),
            ("period", .string(heading(statement))),
            ("date", .optional(statement.effectiveDate?.description)),
            ("precision", .optional(statement.effectiveDate?.precision.name)),
            ("reported", .bool(statement.isDatedByReport)),
            ("speaker", .string(statement.speaker.name)),
            ("on_behalf_of", .optional(statement.onBehalfOf?.name)),
            ("medium", .optional(statement.medium)),
            ("kind", .string(statement.kind.rawValue)),
            ("text", .string(statement.text)),
            ("stances", Presentation.json(statement.stances)),
            ("outlets", .array(statement.outlets.map(JSONValue.string))),
            ("sources", .array(statement.sources.map { source in
                .object([("url", .optional(source.url)), ("outlet", .optional(source.outlet)),
                         ("title", .optional(source.title)), ("published", .optional(source.publishedOn?.description))])
            })),
            ("retracted", .bool(statement.isRetracted)),
        ])
    }

    static let csvColumns = ["date", "precision", "reported", "speaker", "on_behalf_of", "medium", "kind", "text",
                             "stances", "outlets", "id", "uuid"]

    static func csvRow(_ line: TimelineLine) -> [String] {
        [line.effectiveDate?.description ?? "", line.effectiveDate?.precision.name ?? "",
         line.isDatedByReport ? "yes" : "no", line.speaker, line.onBehalfOf ?? "",
         line.medium ?? "", line.kind.rawValue, line.text,
         CSVText.list(line.stances), CSVText.list(line.outlets),
         String(line.id), line.uuid]
    }

    /// A Knight Lab TimelineJS event. Year- and month-precision dates stay partial, as
    /// TimelineJS allows; text fields are HTML, so user text is escaped.
    static func timelineJSEvent(_ statement: Statement) -> JSONValue {
        var date: [(String, JSONValue)] = []
        if let effective = statement.effectiveDate {
            date.append(("year", .string(String(effective.year))))
            if let month = effective.month { date.append(("month", .string(String(month)))) }
            if let day = effective.day { date.append(("day", .string(String(day)))) }
            if let hour = effective.hour, let minute = effective.minute {
                date += [("hour", .string(String(hour))), ("minute", .string(String(minute)))]
            }
            if statement.isDatedByReport { date.append(("display_date", .string("reported \(effective.humanReadable)"))) }
        }
        let quote = statement.kind == .quote ? "“\(HTML.escape(statement.text))”" : HTML.escape(statement.text)
        var text = "<p>\(quote)</p>"
        if !statement.stances.isEmpty {
            text += "<p>" + statement.stances.map { "\(HTML.escape($0.topic.slug)): \($0.stance.rawValue)" }.joined(separator: ", ") + "</p>"
        }
        let sources = statement.sources.map { HTML.link($0.url, $0.label) }
        if !sources.isEmpty { text += "<p>" + sources.joined(separator: "; ") + "</p>" }
        var headline = HTML.escape(speakerText(statement))
        if let medium = statement.medium { headline += " · " + HTML.escape(medium) }
        return .object([
            ("start_date", .object(date)),
            ("text", .object([("headline", .string(headline)), ("text", .string(text))])),
            ("group", .string(HTML.escape(statement.speaker.name))),
            ("unique_id", .string("statement-\(statement.uuid)")),
        ])
    }
}

/// Markdown text that shows as written.
public enum Markdown {
    /// Escapes what Markdown reads as emphasis, code, links, HTML or table cells. (Characters
    /// that matter only at the start of a line, such as `#` and `-`, are safe where Parley puts
    /// user text: never at the start of a line.)
    public static func escape(_ text: String) -> String {
        // Nothing to replace or escape (most text): returned as it is, after one look at its bytes.
        guard TextBytes.needsWork(text, keepNewlines: false, special: specialBytes) else { return text }
        let clean = TerminalText.sanitize(text)
        guard TextBytes.contains(clean, anyOf: specialBytes) else { return clean }
        // Only where the byte is a character of its own: a mark combined with one of these makes
        // another character, left as it is.
        return TextBytes.rewritten(clean) { bytes, index, out in
            if specialBytes.contains(bytes[index]) && standsAlone(bytes, at: index) { out.append(UInt8(ascii: "\\")) }
            out.append(bytes[index])
        }
    }

    /// Whether the ASCII byte at `index` is a character by itself. Between two ASCII scalars
    /// there is always a boundary (but inside a carriage return and line feed, and sanitized text
    /// has neither), so only a scalar beyond ASCII beside it can join it: a mark, joiner or
    /// variation selector after it, a prepended concatenation mark (U+0600 and the like) before
    /// it. Each boundary depends on the two scalars beside it alone, so the scalar before, the
    /// byte and the at most four bytes after it tell, read as Swift reads characters.
    private static func standsAlone(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let asciiBefore = index == 0 || bytes[index - 1] < 0x80
        let asciiAfter = index + 1 == bytes.count || bytes[index + 1] < 0x80
        if asciiBefore && asciiAfter { return true }
        var start = index
        if !asciiBefore {
            start -= 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }  // back to the lead byte
        }
        let window = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(bytes.count, index + 5)]), as: UTF8.self)
        var offset = 0
        for character in window {
            let length = character.utf8.count
            if offset + length > index - start { return offset == index - start && length == 1 }
            offset += length
        }
        return true
    }

    /// What `escape` puts a backslash before.
    private static let specialBytes = ByteSet(ascii: "\\`*_[]<>|~&")

    /// A link to `url` with an escaped `label`, in the `[label](<url>)` form; only an `http` or
    /// `https` URL is linked (anything else gives the label alone). Every byte of the URL outside
    /// letters, digits and `-._~:/?#@!$&*+,;=%` is percent-encoded, so that nothing in it can end
    /// the destination or be read as Markdown.
    public static func link(_ label: String, url: String?) -> String {
        guard let url, let scheme = url.split(separator: ":", maxSplits: 1).first?.lowercased(),
              scheme == "http" || scheme == "https", url.contains("://") else { return label }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(url.utf8.count + 16)
        for byte in url.utf8 {
            if urlSafeBytes.contains(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return "[\(label)](<\(String(decoding: encoded, as: UTF8.self))>)"
    }

    /// The bytes `link` leaves as they are in a URL.
    private static let urlSafeBytes = ByteSet(ascii: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&*+,;=%")

    /// The digits of a percent-encoded byte.
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
