/// A whole document about a topic, an actor, or everything: scope, counts, the stance matrix,
/// the shifts, the timeline, a section per actor, and the sources cited. Markdown or HTML; the
/// HTML is one self-contained file (inline CSS and SVG, no scripts, nothing fetched).
public struct Report {
    public var title: String
    public var scope: String
    public var statements: [Statement]
    public var matrix: StanceMatrix
    public var shifts: [StanceShift]
    /// The topic the chart colours statements by, when the report is about one.
    public var focusTopic: TopicRef?

    /// Builds the report for the statements `filter` selects.
    public init(parley: ParleyDatabase, filter: StatementFilter, title: String? = nil) throws {
        statements = try parley.statements.list(filter)
        let topicScope = try parley.topics.scope(filter.topics)
        matrix = StanceMatrix(statements: statements, topics: topicScope)
        shifts = ShiftFinder(statements: statements, topics: topicScope).sorted
        let topics = try filter.topics.map { try parley.topics.resolve($0) }
        let speakers = try filter.speakers.map { try parley.actors.resolve($0) }
        focusTopic = topics.count == 1 ? topics[0].ref : nil
        self.title = try title ?? Self.title(for: filter, parley: parley)
        scope = Self.describe(filter, topics: topics.map(\.slug), speakers: speakers.map(\.name))
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

    /// The speakers, in order of their first statement.
    var speakers: [ActorRef] {
        var seen: [ActorRef] = []
        for statement in statements where !seen.contains(statement.speaker) { seen.append(statement.speaker) }
        return seen
    }

    /// Every source cited, earliest first.
    var sources: [Source] {
        var byID: [Int64: Source] = [:]
        for statement in statements { for source in statement.sources { byID[source.id] = source } }
        return byID.values.sorted { ($0.publishedOn?.description ?? "~", $0.uuid) < ($1.publishedOn?.description ?? "~", $1.uuid) }
    }

    /// `10 statements by 4 speakers on 3 topics, 20 May 2025 – 20 May 2025, from 1 source.`
    var counts: String {
        let topics = Set(statements.flatMap { $0.stances.map(\.topic.id) }).count
        let dates = statements.compactMap(\.effectiveDate)
        var text = "\(plural(statements.count, "statement")) by \(plural(speakers.count, "speaker")) on \(plural(topics, "topic"))"
        if let first = dates.min(), let last = dates.max() {
            text += first == last ? ", \(first.humanReadable)" : ", \(first.humanReadable) – \(last.humanReadable)"
        }
        return text + ", from \(plural(sources.count, "source"))."
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: Markdown

    public func markdown() throws -> String {
        var out = "# \(Markdown.escape(title))\n\n\(Markdown.escape(scope))\n\n\(Markdown.escape(counts))\n"
        out += "\n## Stances\n\nEach speaker's latest stance per topic, with the date of the statement that took it.\n\n"
        out += matrix.markdown()
        out += "\n## Shifts\n\n"
        out += ShiftFinder.markdown(shifts, quotes: true)
        out += "\n## Timeline\n"
        for line in try TimelineWriter.render(statements, format: .markdown, title: "").split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            // The timeline's own headings move one level down.
            out += (line.hasPrefix("## ") ? "#" + line : String(line)) + "\n"
        }
        out += "\n## By speaker\n"
        for speaker in speakers {
            let own = statements.filter { $0.speaker == speaker }
            out += "\n### \(Markdown.escape(speaker.name))\n\n"
            for statement in own {
                let stances = statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: ", ")
                out += "- \(Markdown.escape(statement.dateLabel)): “\(Markdown.escape(statement.text))”" + (stances.isEmpty ? "" : " (\(Markdown.escape(stances)))") + "\n"
            }
        }
        out += "\n## Sources\n\n"
        for source in sources {
            let label = [source.publishedOn?.description, source.label, source.title].compactMap { $0 }.map(Markdown.escape).joined(separator: " · ")
            out += "- \(Markdown.link(label, url: source.url))\n"
        }
        return out
    }

    // MARK: HTML

    public func html() throws -> String {
        HTML.page(title: title, body: try htmlBody())
    }

    /// The report's HTML without the page around it (for a front end that has a page of its own).
    public func htmlBody() throws -> String {
        var body = "<h1>\(HTML.escape(title))</h1>\n<p class=\"scope\">\(HTML.escape(scope))<br>\(HTML.escape(counts))</p>\n"
        body += "<h2>Over time</h2>\n" + chart()
        body += "<h2>Stances</h2>\n<p class=\"meta\">Each speaker's latest stance per topic, with the date of the statement that took it.</p>\n"
        body += matrix.html()
        body += "<h2>Shifts</h2>\n"
        if shifts.isEmpty {
            body += "<p>No speaker changed stance on a topic.</p>\n"
        } else {
            body += "<table>\n<tr><th>Speaker</th><th>Topic</th><th>Change</th><th>Before</th><th>After</th></tr>\n"
            for shift in shifts {
                body += "<tr><td>\(HTML.escape(shift.actor.name))</td><td>\(HTML.escape(shift.topic.slug))</td>"
                body += "<td><span class=\"stance \(shift.from.rawValue)\">\(shift.from.rawValue)</span> → <span class=\"stance \(shift.to.rawValue)\">\(shift.to.rawValue)</span></td>"
                body += "<td>\(HTML.escape(shift.before.dateLabel)): “\(HTML.escape(shift.before.text))”</td>"
                body += "<td>\(HTML.escape(shift.after.dateLabel)): “\(HTML.escape(shift.after.text))”</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>Timeline</h2>\n"
        var timeline = ""
        let writer = TimelineWriter(format: .html, title: "") { timeline += $0 }
        for statement in statements { try writer.add(statement) }
        body += timeline.replacingOccurrences(of: "<h2>", with: "<h3>").replacingOccurrences(of: "</h2>", with: "</h3>")
        body += "<h2>By speaker</h2>\n"
        for speaker in speakers {
            body += "<h3>\(HTML.escape(speaker.name))</h3>\n<ul>\n"
            for statement in statements where statement.speaker == speaker {
                body += "<li>\(HTML.escape(statement.dateLabel)): “\(HTML.escape(statement.text))” \(HTML.badges(statement.stances))</li>\n"
            }
            body += "</ul>\n"
        }
        body += "<h2>Sources</h2>\n<ol>\n"
        for source in sources {
            let label = [source.publishedOn?.description, source.label, source.title].compactMap { $0 }.joined(separator: " · ")
            body += "<li>\(HTML.link(source.url, label))</li>\n"
        }
        return body + "</ol>\n<p class=\"meta\">Made with Parley.</p>\n"
    }

    /// One lane per speaker along a time axis; each statement a mark coloured by its stance (on
    /// the report's topic, when it has one), a dot for a day and a bar for a month or a year.
    func chart() -> String {
        let lanes = speakers
        let dated = statements.filter { $0.effectiveDate != nil }
        guard !lanes.isEmpty, !dated.isEmpty else { return "<p>No dated statements to chart.</p>\n" }
        let spans = dated.compactMap { $0.effectiveDate.map(DaySpan.init) }
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
        for (index, speaker) in lanes.enumerated() {
            let y = top + Double(index) * lane + lane / 2
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - right)\" y2=\"\(y)\" stroke=\"#eaeef2\"/>\n"
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(HTML.escape(TerminalText.truncate(speaker.name, to: 26)))</text>\n"
            let own = dated.filter { $0.speaker == speaker }
            for (offset, statement) in own.enumerated() {
                guard let date = statement.effectiveDate else { continue }
                let stance = focusTopic.flatMap { topic in statement.stances.first { $0.topic.id == topic.id }?.stance } ?? statement.stances.first?.stance
                let colour = HTML.colour(stance)
                let span = DaySpan(date)
                // Marks on the same spot are spread a little, so each stays visible.
                let jitter = Double(own.prefix(offset).filter { $0.effectiveDate == date }.count % 5) * 4 - 8
                let title = "<title>\(HTML.escape(statement.dateLabel)): \(HTML.escape(TerminalText.truncate(statement.text, to: 120)))</title>"
                if date.precision == .day || date.precision == .minute {
                    svg += "<circle cx=\"\(fmt(x(span.start)))\" cy=\"\(fmt(y + jitter))\" r=\"6\" fill=\"\(colour)\" fill-opacity=\"0.85\" stroke=\"#fff\">\(title)</circle>\n"
                } else {
                    let x0 = x(span.start), x1 = max(x(span.end), x0 + 6)
                    svg += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y + jitter - 5))\" width=\"\(fmt(x1 - x0))\" height=\"10\" rx=\"5\" fill=\"\(colour)\" fill-opacity=\"0.6\">\(title)</rect>\n"
                }
            }
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
        return svg + "</svg>\n"
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
    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .markdown: return try markdown()
        case .html: return try html()
        }
    }
}
