/// A whole document about a topic, an actor, or everything: scope, counts, the stance matrix,
/// the shifts, the timeline, a section per actor, and the sources cited. Markdown or HTML; the
/// HTML is one self-contained file (inline CSS and SVG, no scripts, nothing fetched).
///
/// It is written as it is read: building one reads an outline of each statement (who, when,
/// words, stances: `StatementStore.forEachOutline`) in timeline order for what comes before the
/// timeline (counts, the chart's marks), and the stances alone for the matrix and the shifts;
/// `write` reads the statements again for the timeline (with their stances and sources), and in
/// that pass makes the lines of the sections after it (by speaker, the sources cited), which it
/// puts aside in a temporary file (`LaterSections`), as building it puts aside the chart marks'
/// titles. What it holds grows with the speakers, with a few ids per shift, with one short mark
/// per dated statement for the chart and with the place of each line put aside; never with
/// whole statements, their words or sources.
public struct Report {
    public var title: String
    public var scope: String
    public var matrix: StanceMatrix
    /// The shifts, as ids: their statements are read as they are written.
    public var shifts: ShiftList
    /// The topic the chart colours statements by, when the report is about one.
    public var focusTopic: TopicRef?
    /// How many statements the report covers.
    public private(set) var statementCount = 0

    private let parley: ParleyDatabase
    private let filter: StatementFilter
    /// The speakers, in order of their first statement.
    private var speakers: [ActorRef] = []
    /// How many sources are cited (listed at the end, read then).
    private var sourceCount = 0
    private var topicCount = 0
    private var firstDate: PartialDate?
    private var lastDate: PartialDate?
    /// One per dated statement, in timeline order.
    private var marks: [ChartMark] = []
    /// The marks' titles (date and words), escaped for HTML: tens of thousands of them at a
    /// million statements, put aside rather than held.
    private let chartTitles: TextSpool

    /// What the chart draws of one statement.
    struct ChartMark {
        var speakerID: Int64
        var date: PartialDate
        var stance: Stance?
        var title: TextSpool.Span
    }

    /// Builds the report for the statements `filter` selects.
    public init(parley: ParleyDatabase, filter: StatementFilter, title: String? = nil) throws {
        self.parley = parley
        self.filter = filter
        let topics = try filter.topics.map { try parley.topics.resolve($0) }
        let chosenSpeakers = try filter.speakers.map { try parley.actors.resolve($0) }
        focusTopic = topics.count == 1 ? topics[0].ref : nil
        self.title = try title ?? Self.title(for: filter, parley: parley)
        scope = Self.describe(filter, topics: topics.map(\.slug), speakers: chosenSpeakers.map(\.name))
        // The matrix and the shifts read the stances alone; one pass in timeline order gathers
        // the rest of what comes before the timeline.
        matrix = try StanceMatrix(parley: parley, filter: filter)
        shifts = try ShiftFinder.locate(parley: parley, filter: filter)
        var seenSpeakers: Set<Int64> = [], topicIDs: Set<Int64> = []
        var marks: [ChartMark] = [], speakers: [ActorRef] = []
        var count = 0, firstDate: PartialDate?, lastDate: PartialDate?
        let focus = focusTopic
        let chartTitles = try TextSpool()
        try parley.statements.forEachOutline(filter) { statement in
            count += 1
            if seenSpeakers.insert(statement.speaker.id).inserted { speakers.append(statement.speaker) }
            for stance in statement.stances { topicIDs.insert(stance.topicID) }
            guard let date = statement.effectiveDate else { return }
            firstDate = min(firstDate ?? date, date)
            lastDate = max(lastDate ?? date, date)
            let stance = focus.flatMap { topic in statement.stances.first { $0.topicID == topic.id }?.stance } ?? statement.stances.first?.stance
            marks.append(ChartMark(speakerID: statement.speaker.id, date: date, stance: stance,
                                   title: try chartTitles.append(HTML.escape("\(statement.dateLabel): \(TerminalText.truncate(statement.text, to: 120))"))))
        }
        (self.marks, self.chartTitles, self.speakers) = (marks, chartTitles, speakers)
        (statementCount, topicCount, self.firstDate, self.lastDate) = (count, topicIDs.count, firstDate, lastDate)
        sourceCount = try parley.statements.citedSourceCount(filter)
    }

    /// Streams the report's statements as a timeline in `format`, without the timeline's title,
    /// and hands each to `later` for the sections after it. The writer hands each day's heading
    /// over as a piece of its own, which `demote` moves one level down (entries are escaped text
    /// and never look like one); `finishing` adds what the writer ends with (Markdown's "No
    /// statements." when there are none).
    private func writeTimeline(_ format: TimelineFormat, finishing: Bool, demote: @escaping (String) -> String,
                               later: LaterSections, to write: (String) throws -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            let timeline = TimelineWriter(format: format, title: "") { try write(demote($0)) }
            try parley.statements.forEach(filter, relations: .timeline) { statement in
                try timeline.add(statement)
                try later.add(statement)
            }
            if finishing { try timeline.finish() }
        }
    }

    /// What `produce` writes, as one string.
    private static func collected(_ produce: ((String) throws -> Void) throws -> Void) rethrows -> String {
        var out = ""
        try produce { out += $0 }
        return out
    }

    /// The title a document about `filter` gets: its topics, else its speakers, else "Statements".
    public static func title(for filter: StatementFilter, parley: ParleyDatabase) throws -> String {
        if !filter.topics.isEmpty {
            return try filter.topics.map { try parley.topics.resolve($0).title }.joined(separator: ", ")
        }
        if !filter.speakers.isEmpty {
            return try filter.speakers.map { try parley.actors.resolve($0).name }.joined(separator: ", ")
        }
        return "Statements"
    }

    static func describe(_ filter: StatementFilter, topics: [String], speakers: [String]) -> String {
        var parts: [String] = []
        if !topics.isEmpty { parts.append("on " + topics.joined(separator: ", ") + " (with sub-topics)") }
        if !speakers.isEmpty { parts.append("by " + speakers.joined(separator: ", ")) }
        if !filter.onBehalfOf.isEmpty { parts.append("for " + filter.onBehalfOf.joined(separator: ", ")) }
        if !filter.stances.isEmpty { parts.append("taking the stance " + filter.stances.map(\.rawValue).joined(separator: " or ")) }
        if let from = filter.from { parts.append("from \(from)") }
        if let to = filter.to { parts.append("to \(to)") }
        if !filter.mediums.isEmpty { parts.append("in " + filter.mediums.joined(separator: ", ")) }
        if !filter.outlets.isEmpty { parts.append("reported by " + filter.outlets.joined(separator: ", ")) }
        if !filter.about.isEmpty { parts.append("about " + filter.about.joined(separator: ", ")) }
        if !filter.kinds.isEmpty { parts.append("(" + filter.kinds.map(\.rawValue).joined(separator: ", ") + ")") }
        if !filter.cameoPrefixes.isEmpty { parts.append("CAMEO " + filter.cameoPrefixes.joined(separator: ", ")) }
        let base = "Statements " + (parts.isEmpty ? "of every speaker on every topic" : parts.joined(separator: " "))
        return base + (filter.includeRetracted ? ", retracted ones included." : ".")
    }

    /// `10 statements by 4 speakers on 3 topics, 20 May 2025 – 20 May 2025, from 1 source.`
    var counts: String {
        var text = "\(plural(statementCount, "statement")) by \(plural(speakers.count, "speaker")) on \(plural(topicCount, "topic"))"
        if let first = firstDate, let last = lastDate {
            text += first == last ? ", \(first.humanReadable)" : ", \(first.humanReadable) – \(last.humanReadable)"
        }
        return text + ", from \(plural(sourceCount, "source"))."
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: Markdown

    public func markdown() throws -> String { try Self.collected(writeMarkdown) }

    /// Writes the Markdown a piece at a time.
    public func writeMarkdown(to write: (String) throws -> Void) throws {
        try write("# \(Markdown.escape(title))\n\n\(Markdown.escape(scope))\n\n\(Markdown.escape(counts))\n")
        try write("\n## Stances\n\nEach speaker's latest stance per topic, with the date of the statement that took it.\n\n")
        try write(matrix.markdown())
        try write("\n## Shifts\n\n")
        if shifts.isEmpty { try write(ShiftFinder.noShifts + "\n") }
        try shifts.forEach(in: parley) { try write(ShiftFinder.markdown($0, quotes: true)) }
        try write("\n## Timeline\n")
        let later = try LaterSections(speakerLine: { statement in
            let stances = statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: ", ")
            return "- \(Markdown.escape(statement.dateLabel)): “\(Markdown.escape(statement.text))”" + (stances.isEmpty ? "" : " (\(Markdown.escape(stances)))") + "\n"
        }, sourceLine: { source in
            let label = [source.publishedOn?.description, source.label, source.title].compactMap { $0 }.map(Markdown.escape).joined(separator: " · ")
            return "- \(Markdown.link(label, url: source.url))\n"
        })
        // The timeline without its title line; its day headings move one level down.
        try writeTimeline(.markdown, finishing: true, demote: { $0.hasPrefix("\n## ") ? "\n#" + $0.dropFirst() : $0 }, later: later, to: write)
        try write("\n")
        try write("\n## By speaker\n")
        try later.forEachSpeaker(starting: { speaker in try write("\n### \(Markdown.escape(speaker.name))\n\n") }, line: write)
        try write("\n## Sources\n\n")
        try later.forEachSource(write)
    }

    // MARK: HTML

    public func html() throws -> String { try Self.collected(writeHTML) }

    /// Writes the HTML page a piece at a time.
    public func writeHTML(to write: (String) throws -> Void) throws {
        try write(HTML.pageStart(title: title))
        try writeHTMLBody(to: write)
        try write(HTML.pageEnd)
    }

    /// The report's HTML without the page around it (for a front end that has a page of its own).
    public func htmlBody() throws -> String { try Self.collected(writeHTMLBody) }

    /// Writes the report's HTML without the page around it, a piece at a time.
    public func writeHTMLBody(to write: (String) throws -> Void) throws {
        try write("<h1>\(HTML.escape(title))</h1>\n<p class=\"scope\">\(HTML.escape(scope))<br>\(HTML.escape(counts))</p>\n")
        try write("<h2>Over time</h2>\n")
        try writeChart(to: write)
        try write("<h2>Stances</h2>\n<p class=\"meta\">Each speaker's latest stance per topic, with the date of the statement that took it.</p>\n")
        try write(matrix.html())
        try write("<h2>Shifts</h2>\n")
        if shifts.isEmpty {
            try write("<p>\(ShiftFinder.noShifts)</p>\n")
        } else {
            try write("<table>\n<tr><th>Speaker</th><th>Topic</th><th>Change</th><th>Before</th><th>After</th></tr>\n")
            try shifts.forEach(in: parley) { shift in
                var row = "<tr><td>\(HTML.escape(shift.actor.name))</td><td>\(HTML.escape(shift.topic.slug))</td>"
                row += "<td><span class=\"stance \(shift.from.rawValue)\">\(shift.from.rawValue)</span> → <span class=\"stance \(shift.to.rawValue)\">\(shift.to.rawValue)</span></td>"
                row += "<td>\(HTML.escape(shift.before.dateLabel)): “\(HTML.escape(shift.before.text))”</td>"
                row += "<td>\(HTML.escape(shift.after.dateLabel)): “\(HTML.escape(shift.after.text))”</td></tr>\n"
                try write(row)
            }
            try write("</table>\n")
        }
        try write("<h2>Timeline</h2>\n")
        let later = try LaterSections(speakerLine: { statement in
            "<li>\(HTML.escape(statement.dateLabel)): “\(HTML.escape(statement.text))” \(HTML.badges(statement.stances))</li>\n"
        }, sourceLine: { source in
            let label = [source.publishedOn?.description, source.label, source.title].compactMap { $0 }.joined(separator: " · ")
            return "<li>\(HTML.link(source.url, label))</li>\n"
        })
        // The timeline's entries and headings, one level down (no page of its own).
        try writeTimeline(.html, finishing: false, demote: {
            $0.hasPrefix("<h2>") ? $0.replacingOccurrences(of: "<h2>", with: "<h3>").replacingOccurrences(of: "</h2>", with: "</h3>") : $0
        }, later: later, to: write)
        try write("<h2>By speaker</h2>\n")
        var sectionOpen = false
        try later.forEachSpeaker(starting: { speaker in
            try write((sectionOpen ? "</ul>\n" : "") + "<h3>\(HTML.escape(speaker.name))</h3>\n<ul>\n")
            sectionOpen = true
        }, line: write)
        if sectionOpen { try write("</ul>\n") }
        try write("<h2>Sources</h2>\n<ol>\n")
        try later.forEachSource(write)
        try write("</ol>\n<p class=\"meta\">Made with Parley.</p>\n")
    }

    /// The chart (`writeChart`) as one string.
    func chart() throws -> String { try Self.collected(writeChart) }

    /// One lane per speaker along a time axis; each statement a mark coloured by its stance (on
    /// the report's topic, when it has one), a dot for a day and a bar for a month or a year.
    /// Written a lane at a time (the SVG of tens of thousands of marks is never one string).
    func writeChart(to write: (String) throws -> Void) throws {
        let lanes = speakers
        guard !lanes.isEmpty, !marks.isEmpty else { return try write("<p>No dated statements to chart.</p>\n") }
        let spans = marks.map { DaySpan($0.date) }
        var start = spans.map(\.start).min() ?? 0
        var end = spans.map(\.end).max() ?? 1
        if end - start < 30 { start -= 15; end += 15 }
        let margin = max(2, (end - start) / 25)
        start -= margin
        end += margin
        let left = 190.0, right = 20.0, top = 10.0, lane = 30.0, width = 880.0
        let plotWidth = width - left - right
        let height = top + Double(lanes.count) * lane + 70
        func x(_ day: Int) -> Double { left + plotWidth * Double(day - start) / Double(max(1, end - start)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"Statements over time, one lane per speaker\">\n"
        let marksBySpeaker = Dictionary(grouping: marks, by: \.speakerID)
        for (index, speaker) in lanes.enumerated() {
            let y = top + Double(index) * lane + lane / 2
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - right)\" y2=\"\(y)\" stroke=\"#eaeef2\"/>\n"
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(HTML.escape(TerminalText.truncate(speaker.name, to: 26)))</text>\n"
            // Marks on the same spot are spread a little, so each stays visible: the how-many-th
            // of the speaker's marks on that date it is.
            var earlierOnDate: [PartialDate: Int] = [:]
            for mark in marksBySpeaker[speaker.id] ?? [] {
                let date = mark.date
                let colour = HTML.colour(mark.stance)
                let span = DaySpan(date)
                let jitter = Double((earlierOnDate[date] ?? 0) % 5) * 4 - 8
                earlierOnDate[date, default: 0] += 1
                let title = "<title>\(try chartTitles.text(at: mark.title))</title>"
                if date.precision == .day || date.precision == .minute {
                    svg += "<circle cx=\"\(fmt(x(span.start)))\" cy=\"\(fmt(y + jitter))\" r=\"6\" fill=\"\(colour)\" fill-opacity=\"0.85\" stroke=\"#fff\">\(title)</circle>\n"
                } else {
                    let x0 = x(span.start), x1 = max(x(span.end), x0 + 6)
                    svg += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y + jitter - 5))\" width=\"\(fmt(x1 - x0))\" height=\"10\" rx=\"5\" fill=\"\(colour)\" fill-opacity=\"0.6\">\(title)</rect>\n"
                }
            }
            try write(svg)
            svg = ""
        }
        // The time axis: months for spans under three years, years otherwise.
        let axisY = top + Double(lanes.count) * lane + 8
        svg += "<line x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(width - right)\" y2=\"\(axisY)\" stroke=\"#57606a\"/>\n"
        for tick in DaySpan.ticks(from: start, to: end, maximum: 8) {
            svg += "<line x1=\"\(fmt(x(tick.day)))\" y1=\"\(axisY)\" x2=\"\(fmt(x(tick.day)))\" y2=\"\(axisY + 5)\" stroke=\"#57606a\"/>\n"
            svg += "<text x=\"\(fmt(x(tick.day)))\" y=\"\(axisY + 18)\" text-anchor=\"middle\">\(HTML.escape(tick.label))</text>\n"
        }
        // The legend.
        var legendX = left
        let legendY = axisY + 42
        for stance in Stance.allCases {
            svg += "<circle cx=\"\(fmt(legendX))\" cy=\"\(legendY - 4)\" r=\"6\" fill=\"\(HTML.colour(stance))\"/>"
            svg += "<text x=\"\(fmt(legendX + 10))\" y=\"\(legendY)\">\(stance.rawValue)</text>\n"
            legendX += 100
        }
        svg += "<text x=\"\(fmt(legendX))\" y=\"\(legendY)\">● a day · ▬ a month or year\(focusTopic.map { " · stance on \(HTML.escape($0.slug))" } ?? "")</text>\n"
        try write(svg + "</svg>\n")
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension DaySpan {
    /// Week, month or year starts between two days, at most `maximum` of them.
    static func ticks(from start: Int, to end: Int, maximum: Int) -> [(day: Int, label: String)] {
        let (startYear, startMonth, _) = civil(start)
        var ticks: [(Int, String)] = []
        if end - start < 100 {
            for day in start...end {
                let date = civil(day)
                if [1, 8, 15, 22].contains(date.day) {
                    ticks.append((day, "\(date.day) \(PartialDate.monthNames[date.month - 1].prefix(3))"))
                }
            }
        } else if end - start < 3 * 366 {
            var (year, month) = (startYear, startMonth)
            while true {
                month += 1
                if month > 12 { month = 1; year += 1 }
                let day = days(year: year, month: month, day: 1)
                if day > end { break }
                ticks.append((day, "\(PartialDate.monthNames[month - 1].prefix(3)) \(year)"))
            }
        } else {
            var year = startYear + 1
            while days(year: year, month: 1, day: 1) <= end {
                ticks.append((days(year: year, month: 1, day: 1), String(year)))
                year += 1
            }
        }
        guard ticks.count > maximum else { return ticks }
        let step = (ticks.count + maximum - 1) / maximum
        return ticks.enumerated().filter { $0.offset % step == 0 }.map(\.element)
    }
}

/// The formats of a report.
public enum ReportFormat: String, Vocabulary {
    case markdown, html
    public static let vocabularyName = "report format"

    /// The format a file name implies: `.html`/`.htm` is HTML, anything else Markdown.
    public static func detect(path: String) -> ReportFormat {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") ? .html : .markdown
    }
}

extension Report {
    /// The whole report in `format`.
    public func render(_ format: ReportFormat) throws -> String { try Self.collected { try write(format, to: $0) } }

    /// Writes the report in `format` a piece at a time (a report of thousands of statements is
    /// never one string in memory).
    public func write(_ format: ReportFormat, to write: (String) throws -> Void) throws {
        switch format {
        case .markdown: try writeMarkdown(to: write)
        case .html: try writeHTML(to: write)
        }
    }
}

/// The sections after a report's timeline, made in the timeline's pass over the statements: each
/// statement's line for its speaker's section and each cited source's line, once. The lines go
/// to a `TextSpool` (at a million statements they run to tens of megabytes, more than a report
/// may hold) and only their places stay in memory; reading the statements again for them, by
/// speaker and then for their sources, took a third of the report's time.
final class LaterSections {
    private let spool: TextSpool
    private let speakerLine: (Statement) -> String
    private let sourceLine: (Source) -> String
    /// The speakers, in order of their first statement, and each line's place and speaker (by
    /// position in `speakers`), in timeline order: flat arrays, not an array per speaker.
    private var speakers: [ActorRef] = []
    private var speakerIndex: [Int64: Int] = [:]
    private var lines: [(speaker: Int, span: TextSpool.Span)] = []
    /// The sources cited: their ids, and each one's sort key (in `sourceKeys`) and line.
    private var seenSources: Set<Int64> = []
    private var sources: [CitedSource] = []
    /// The sort keys of the sources, one after another: one buffer, not a string per source
    /// (tens of thousands of small lasting allocations among the pass's passing ones kept
    /// megabytes of freed memory from going back).
    private var sourceKeys: [UInt8] = []

    private struct CitedSource {
        var key: Range<Int>
        var line: TextSpool.Span
    }

    init(speakerLine: @escaping (Statement) -> String, sourceLine: @escaping (Source) -> String) throws {
        spool = try TextSpool()
        (self.speakerLine, self.sourceLine) = (speakerLine, sourceLine)
    }

    /// Adds a statement (they come in timeline order) and the sources it cites that are new.
    func add(_ statement: Statement) throws {
        let speaker = speakerIndex[statement.speaker.id] ?? {
            speakers.append(statement.speaker)
            speakerIndex[statement.speaker.id] = speakers.count - 1
            return speakers.count - 1
        }()
        lines.append((speaker, try spool.append(speakerLine(statement))))
        for source in statement.sources where seenSources.insert(source.id).inserted {
            // The order of `published_on IS NULL, published_on, uuid` in SQLite, byte for byte:
            // a byte for dated or not, the date, a zero byte (a shorter date first), the UUID.
            let start = sourceKeys.count
            sourceKeys.append(source.publishedOn == nil ? 1 : 0)
            sourceKeys.append(contentsOf: (source.publishedOn?.description ?? "").utf8)
            sourceKeys.append(0)
            sourceKeys.append(contentsOf: source.uuid.utf8)
            sources.append(CitedSource(key: start..<sourceKeys.count, line: try spool.append(sourceLine(source))))
        }
    }

    /// The lines speaker by speaker, in order of each one's first statement, each speaker's in
    /// timeline order; `starting` is called before a speaker's first line.
    func forEachSpeaker(starting: (ActorRef) throws -> Void, line: (String) throws -> Void) throws {
        // By speaker (numbered in order of first statement), within a speaker by position.
        var current: Int?
        for position in lines.indices.sorted(by: { (lines[$0].speaker, $0) < (lines[$1].speaker, $1) }) {
            let entry = lines[position]
            if entry.speaker != current {
                current = entry.speaker
                try starting(speakers[entry.speaker])
            }
            try line(try spool.text(at: entry.span))
        }
    }

    /// The sources' lines: the dated ones by date, then the undated, ties by UUID (the order
    /// sources are listed in everywhere).
    func forEachSource(_ body: (String) throws -> Void) throws {
        sourceKeys.withUnsafeBufferPointer { keys in
            sources.sort { keys[$0.key].lexicographicallyPrecedes(keys[$1.key]) }
        }
        for source in sources { try body(try spool.text(at: source.line)) }
    }
}
