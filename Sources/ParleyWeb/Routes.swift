import Foundation
import Hummingbird
import ParleyCore

/// The routes: each parses its request, makes one call into the core and renders the result.
struct Routes: Sendable {
    let state: ServerState
    var readOnly: Bool { state.configuration.readOnly }

    /// Statements per page of a listing.
    static let pageSize = 50
    /// The deepest page a search shows (search reads its results best first, not by offset).
    static let searchPages = 40

    func add(to router: Router<WebContext>) {
        router.get("/static/parley.css") { _, _ in Self.asset(StaticFiles.css, type: "text/css; charset=utf-8") }
        router.get("/static/parley.js") { _, _ in Self.asset(StaticFiles.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/", on: state.work) { request, context in try self.home(request, context) }
        router.get("/statements", on: state.work) { request, context in try self.statements(request, context) }
        router.get("/statements/:id", on: state.work) { request, context in try self.statement(request, context) }
        router.get("/actors", on: state.work) { request, context in try self.actors(request, context) }
        router.get("/actors/:actor", on: state.work) { request, context in try self.actor(request, context) }
        router.get("/topics", on: state.work) { request, context in try self.topics(request, context) }
        router.get("/topics/:topic", on: state.work) { request, context in try self.topic(request, context) }
        router.get("/report", on: state.work) { request, context in try self.report(request, context) }
        router.get("/report.md", on: state.work) { request, _ in try self.reportDownload(request, .markdown) }
        router.get("/report.html", on: state.work) { request, _ in try self.reportDownload(request, .html) }
        router.get("/timeline.csv", on: state.work) { request, _ in try self.timelineDownload(request, .csv) }
        router.get("/timeline.json", on: state.work) { request, _ in try self.timelineDownload(request, .json) }
        router.get("/timeline.timelinejs.json", on: state.work) { request, _ in try self.timelineDownload(request, .timelinejs) }
        APIRoutes(state: state).add(to: router)
        ReviewRoutes(state: state).add(to: router)
        EditRoutes(state: state).add(to: router)
    }

    static func asset(_ text: String, type: String) -> Response {
        var response = Pages.document(text, type: type)
        response.headers[.cacheControl] = "max-age=3600"
        return response
    }

    func page(_ title: String, _ body: String, script: Bool = false) -> Response {
        Pages.html(Pages.page(title, body, script: script, readOnly: readOnly))
    }

    // MARK: Start

    func home(_ request: Request, _ context: WebContext) throws -> Response {
        let parley = try state.open(.read)
        let total = try parley.statements.count()
        var body = "<h1>Parley</h1>\n<p class=\"scope\">\(total) statement(s) in \(Pages.h(parley.path)).</p>\n"
        body += Self.filterForm(WebQuery(pairs: []), action: "/statements", search: true)
        body += "<h2>Latest</h2>\n"
        let latest = try parley.statements.page(offset: max(0, total - 10), limit: 10)
        body += latest.reversed().map { Pages.statementEntry($0) }.joined()
        if latest.isEmpty { body += "<p>No statements yet. <a href=\"/review\">Review an article</a> to add some, or run <code>parley demo --db FILE</code>.</p>\n" }
        return page("Parley", body)
    }

    // MARK: Statements

    /// The filter form: every filter a GET parameter named as the command line's option.
    static func filterForm(_ query: WebQuery, action: String, search: Bool) -> String {
        func field(_ name: String, _ label: String, placeholder: String = "") -> String {
            "<label>\(label)<input type=\"text\" name=\"\(name)\" value=\"\(Pages.h(query.value(name) ?? ""))\" placeholder=\"\(Pages.h(placeholder))\"></label>"
        }
        func select(_ name: String, _ label: String, _ words: [String]) -> String {
            let chosen = query.value(name)
            let options = ([""] + words).map { word in
                "<option value=\"\(word)\"\(word == chosen ? " selected" : "")>\(word.isEmpty ? "any" : word)</option>"
            }.joined()
            return "<label>\(label)<select name=\"\(name)\">\(options)</select></label>"
        }
        var out = "<form class=\"filters\" method=\"get\" action=\"\(action)\">\n"
        if search {
            out += "<label>Search<input type=\"search\" name=\"q\" value=\"\(Pages.h(query.value("q") ?? ""))\" placeholder=\"\(Pages.h("words, \"a phrase\", sanction*"))\"></label>"
        }
        out += field("speaker", "Speaker", placeholder: "name or alias") + field("topic", "Topic", placeholder: "slug")
        out += select("stance", "Stance", Stance.allCases.map(\.rawValue))
        out += field("from", "From", placeholder: "YYYY[-MM[-DD]]") + field("to", "To", placeholder: "YYYY[-MM[-DD]]")
        out += field("outlet", "Outlet") + select("kind", "Kind", StatementKind.allCases.map(\.rawValue))
        out += "<label>Retracted<select name=\"include-retracted\"><option value=\"no\">left out</option><option value=\"yes\"\(query.filterPairs.contains { $0.0 == "include-retracted" && ["yes", "1", "true", "on", ""].contains($0.1.lowercased()) } ? " selected" : "")>included</option></select></label>"
        out += "<button type=\"submit\">Show</button></form>\n"
        return out
    }

    func statements(_ request: Request, _ context: WebContext) throws -> Response {
        let query = WebQuery(request)
        let filter = try query.filter()
        let pageNumber = try query.number("page", default: 1, maximum: Int.max / Self.pageSize)
        let parley = try state.open(.read)
        var body = "<h1>Statements</h1>\n" + Self.filterForm(query, action: "/statements", search: true)
        var keep = query.filterPairs
        var shown = 0
        var hasMore = false
        if let text = query.value("q") {
            keep.append(("q", text))
            guard pageNumber <= Self.searchPages else {
                throw ParleyError.invalid("a search shows its best \(Self.searchPages * Self.pageSize) results; narrow it with more words or a filter", field: "page")
            }
            let rankAll = query.value("rank") == "all"
            if rankAll { keep.append(("rank", "all")) }
            var hits: [SearchHit] = []
            let ranking = try parley.statements.search(text, filter: filter, limit: pageNumber * Self.pageSize + 1,
                                                       window: rankAll ? nil : state.configuration.searchWindow) { hits.append($0) }
            let window = hits.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize)
            hasMore = hits.count > pageNumber * Self.pageSize
            shown = window.count
            body += "<p class=\"scope\">Search for “\(Pages.h(text))”, best matches first\(hasMore ? "" : ": \(hits.count) found").</p>\n"
            if case .newest(let count) = ranking {
                body += "<p class=\"scope\">More than \(NumberText.grouped(count)) statements match: these are the best of the \(NumberText.grouped(count)) most recently added. "
                body += "Add a word or a filter to rank them all, or <a href=\"/statements\(WebQuery.href(keep + [("rank", "all")]))\">rank every match</a> (slower).</p>\n"
            }
            body += window.map { Pages.statementEntry($0.statement, snippet: Pages.highlighted($0)) }.joined()
            if hits.isEmpty {
                body += "<p>No statement matches.</p>\n"
                for (actor, count) in try parley.statements.speakersNamed(in: text) {
                    body += "<p>“\(Pages.h(text))” names \(Pages.actorLink(actor.ref)), who made <a href=\"/statements\(WebQuery.href([("speaker", actor.slug)]))\">\(count) statement(s)</a>. Search covers what was said, not who said it.</p>\n"
                }
            }
        } else {
            let total = try parley.statements.count(filter)
            let statements = try parley.statements.page(filter, offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize)
            shown = statements.count
            hasMore = pageNumber * Self.pageSize < total
            let first = (pageNumber - 1) * Self.pageSize
            body += "<p class=\"scope\">\(total) statement(s) in timeline order\(total > 0 && shown > 0 ? "; \(first + 1)–\(first + shown) shown" : "").</p>\n"
            body += statements.map { Pages.statementEntry($0) }.joined()
            if statements.isEmpty { body += "<p>No statements.</p>\n" }
        }
        body += Self.pager(path: "/statements", keep: keep, page: pageNumber, hasMore: hasMore)
        body += "<p class=\"downloads\">The same as <a href=\"/report\(WebQuery.href(query.filterPairs))\">a report</a> · "
        body += "<a href=\"/api/\(query.value("q") == nil ? "statements" : "search")\(WebQuery.href(keep))\">JSON</a></p>\n"
        return page("Statements", body)
    }

    static func pager(path: String, keep: [(String, String)], page: Int, hasMore: Bool) -> String {
        var links: [String] = []
        if page > 1 { links.append("<a rel=\"prev\" href=\"\(path)\(WebQuery.href(keep + [("page", String(page - 1))]))\">← Previous</a>") }
        if hasMore { links.append("<a rel=\"next\" href=\"\(path)\(WebQuery.href(keep + [("page", String(page + 1))]))\">Next →</a>") }
        return links.isEmpty ? "" : "<div class=\"pager\">\(links.joined())</div>\n"
    }

    func statement(_ request: Request, _ context: WebContext) throws -> Response {
        let parley = try state.open(.read)
        let statement = try parley.statements.resolve(context.parameters.get("id") ?? "")
        let h = Pages.h
        var body = "<h1>Statement \(statement.id)\(statement.isRetracted ? " (retracted)" : "")</h1>\n"
        let text = h(statement.text)
        body += statement.kind == .quote ? "<blockquote>“\(text)”</blockquote>\n" : "<blockquote class=\"paraphrase\">\(text)</blockquote>\n"
        var rows: [(String, String)] = [("Speaker", Pages.actorLink(statement.speaker))]
        if let onBehalfOf = statement.onBehalfOf { rows.append(("On behalf of", Pages.actorLink(onBehalfOf))) }
        let date = statement.saidOn.map { "\(h($0.humanReadable)) <span class=\"meta\">(\($0.description), precision: \($0.precision.name))</span>" }
            ?? statement.reportedOn.map { "unknown; first reported \(h($0.humanReadable))" } ?? "unknown"
        rows.append(("Said on", date))
        rows.append(("Kind", statement.kind.rawValue))
        for (label, value) in [("Medium", statement.medium), ("Place", statement.place), ("Language", statement.language), ("Note", statement.note)] {
            if let value { rows.append((label, h(value))) }
        }
        if !statement.stances.isEmpty {
            rows.append(("Stances", statement.stances.map { "<a class=\"stance \($0.stance.rawValue)\" href=\"/topics/\(WebQuery.segment($0.topic.slug))\">\(h($0.topic.slug)): \($0.stance.rawValue)</a>" }.joined()))
        }
        if !statement.targets.isEmpty { rows.append(("About", statement.targets.map(Pages.actorLink).joined(separator: ", "))) }
        if let cameo = statement.cameo { rows.append(("CAMEO", "\(h(cameo.code)) \(h(cameo.description)) (Goldstein \(cameo.goldstein))")) }
        if let retracted = statement.retractedAt { rows.append(("Retracted", h([retracted, statement.retractionReason].compactMap { $0 }.joined(separator: ": ")))) }
        rows.append(("UUID", h(statement.uuid)))
        rows.append(("Recorded", h(statement.createdAt) + (statement.updatedAt != statement.createdAt ? ", changed \(h(statement.updatedAt))" : "")))
        body += "<table>\n" + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>\n" }.joined() + "</table>\n"
        body += "<h2>Sources</h2>\n"
        if statement.sources.isEmpty { body += "<p>No source recorded.</p>\n" }
        body += "<ol>\n" + statement.sources.map { source in
            let label = [source.publishedOn?.description, source.label, source.title].compactMap { $0 }.joined(separator: " · ")
            return "<li>\(HTML.link(source.url, label))</li>\n"
        }.joined() + "</ol>\n"
        body += "<h2>Links</h2>\n"
        if statement.links.isEmpty { body += "<p>No links to other statements.</p>\n" }
        body += "<ul>\n" + statement.links.map { link in
            link.direction == .outgoing
                ? "<li>this \(link.relation.rawValue) \(Pages.statementLink(link.otherID, "statement \(link.otherID)"))</li>\n"
                : "<li>\(Pages.statementLink(link.otherID, "statement \(link.otherID)")) \(link.relation.rawValue) this</li>\n"
        }.joined() + "</ul>\n"
        body += "<h2>History</h2>\n"
        let history = try parley.history.list(entity: .statement, id: statement.id)
        if history.isEmpty { body += "<p>No changes recorded.</p>\n" }
        body += "<table>\n" + (history.isEmpty ? "" : "<tr><th>When</th><th>Who</th><th>What</th><th>Before</th><th>After</th></tr>\n")
        body += history.map { entry in
            "<tr><td>\(h(entry.changedAt))</td><td>\(h(entry.changedBy ?? ""))</td><td>\(h(entry.action))\(entry.note.map { ": " + h($0) } ?? "")</td>"
                + "<td><code>\(h(entry.oldValues ?? ""))</code></td><td><code>\(h(entry.newValues ?? ""))</code></td></tr>\n"
        }.joined() + "</table>\n"
        if !readOnly { body += EditRoutes.forms(statement, csrf: context.csrfToken) }
        return page("Statement \(statement.id)", body)
    }

    // MARK: Actors and topics

    func actors(_ request: Request, _ context: WebContext) throws -> Response {
        let parley = try state.open(.read)
        let counts = try parley.actors.statementCounts()
        var body = "<h1>Actors</h1>\n<table>\n<tr><th>Name</th><th>Kind</th><th>Aliases</th><th>Statements</th></tr>\n"
        for actor in try parley.actors.list() {
            body += "<tr><td>\(Pages.actorLink(actor.ref))</td><td>\(actor.kind.rawValue)</td><td>\(Pages.h(actor.aliases.joined(separator: ", ")))</td><td>\(counts[actor.id] ?? 0)</td></tr>\n"
        }
        return page("Actors", body + "</table>\n")
    }

    func actor(_ request: Request, _ context: WebContext) throws -> Response {
        let parley = try state.open(.read)
        let actor = try parley.actors.resolve(context.parameters.get("actor") ?? "")
        let h = Pages.h
        let filter = StatementFilter(speakers: [actor.uuid])
        var body = "<h1>\(h(actor.name))</h1>\n<p class=\"scope\">\(actor.kind.rawValue)\(actor.country.map { " · " + h($0) } ?? "")\(actor.wikidataID.map { " · Wikidata " + HTML.link("https://www.wikidata.org/wiki/\($0)", $0) } ?? "")</p>\n"
        if let description = actor.description { body += "<p>\(h(description))</p>\n" }
        body += "<table>\n<tr><th>Aliases</th><td>\(actor.aliases.isEmpty ? "none" : h(actor.aliases.joined(separator: ", ")))</td></tr>\n"
        body += "<tr><th>Affiliations</th><td>\(actor.affiliations.isEmpty ? "none" : actor.affiliations.map { h($0.summary) }.joined(separator: "<br>"))</td></tr>\n</table>\n"
        let matrix = try StanceMatrix(parley: parley, filter: filter)
        body += "<h2>Latest stance per topic</h2>\n" + matrix.html()
        let shifts = try ShiftFinder.locate(parley: parley, filter: filter)
        body += "<h2>Shifts</h2>\n" + (try Self.shiftsTable(shifts, parley: parley, more: [("speaker", actor.slug)]))
        let total = try parley.statements.count(filter)
        let shown = try parley.statements.page(filter, offset: 0, limit: Self.pageSize)
        body += "<h2>Timeline</h2>\n<p class=\"meta\">\(total) statement(s)\(total > shown.count ? "; the first \(shown.count) here, <a href=\"/statements\(WebQuery.href([("speaker", actor.slug)]))\">all of them</a>" : "") · <a href=\"/report\(WebQuery.href([("speaker", actor.slug)]))\">report</a></p>\n"
        body += try HTML.timelineEntries(shown)
        return page(actor.name, body)
    }

    /// Shifts a page shows; a topic's can be tens of thousands, which its report lists.
    static let shiftsShown = 100

    /// The first `shiftsShown` shifts as a table; when there are more, a line that says how many
    /// and links to the report of `more` (the page's filter), which lists them all.
    static func shiftsTable(_ shifts: ShiftList, parley: ParleyDatabase, more: [(String, String)]) throws -> String {
        guard !shifts.isEmpty else { return "<p>\(ShiftFinder.noShifts)</p>\n" }
        let h = Pages.h
        var out = ""
        if shifts.count > Self.shiftsShown {
            out += "<p class=\"meta\">The first \(Self.shiftsShown) of \(shifts.count) shifts, by speaker; <a href=\"/report\(WebQuery.href(more))\">the report</a> lists them all.</p>\n"
        }
        out += "<table>\n<tr><th>Speaker</th><th>Topic</th><th>Change</th><th>Before</th><th>After</th></tr>\n"
        try shifts.forEach(in: parley, limit: Self.shiftsShown) { shift in
            out += "<tr><td>\(Pages.actorLink(shift.actor))</td><td>\(Pages.topicLink(shift.topic))</td>"
            out += "<td><span class=\"stance \(shift.from.rawValue)\">\(shift.from.rawValue)</span> → <span class=\"stance \(shift.to.rawValue)\">\(shift.to.rawValue)</span></td>"
            out += "<td>\(Pages.statementLink(shift.before.id, shift.before.dateLabel)): “\(h(shift.before.text))”</td>"
            out += "<td>\(Pages.statementLink(shift.after.id, shift.after.dateLabel)): “\(h(shift.after.text))”</td></tr>\n"
        }
        return out + "</table>\n"
    }

    func topics(_ request: Request, _ context: WebContext) throws -> Response {
        let parley = try state.open(.read)
        let counts = try parley.topics.stanceCounts()
        var body = "<h1>Topics</h1>\n<table>\n<tr><th>Slug</th><th>Title</th><th>Parent</th><th>Stances</th></tr>\n"
        for topic in try parley.topics.list() {
            body += "<tr><td>\(Pages.topicLink(topic.ref))</td><td>\(Pages.h(topic.title))</td><td>\(topic.parent.map(Pages.topicLink) ?? "")</td><td>\(counts[topic.id] ?? 0)</td></tr>\n"
        }
        return page("Topics", body + "</table>\n")
    }

    /// Statements of a topic's timeline shown on its page.
    static let topicTimelinePage = 50

    func topic(_ request: Request, _ context: WebContext) throws -> Response {
        let query = WebQuery(request)
        let parley = try state.open(.read)
        let topic = try parley.topics.resolve(context.parameters.get("topic") ?? "")
        let filter = StatementFilter(topics: [topic.uuid])
        let asOf = query.value("as-of")
        let matrix = try StanceMatrix(parley: parley, filter: try FrontEndDocuments.stancesFilter(filter, asOf: asOf, fieldPrefix: ""))
        let h = Pages.h
        var body = "<h1>\(h(topic.title))</h1>\n<p class=\"scope\">\(h(topic.slug))\(topic.parent.map { " · part of " + Pages.topicLink($0) } ?? "")</p>\n"
        if let description = topic.description { body += "<p>\(h(description))</p>\n" }
        body += "<h2>Stances\(asOf.map { " as of " + h($0) } ?? "")</h2>\n"
        body += "<form class=\"filters\" method=\"get\" action=\"/topics/\(WebQuery.segment(topic.slug))\"><label>As of<input type=\"text\" name=\"as-of\" value=\"\(h(asOf ?? ""))\" placeholder=\"YYYY-MM-DD\"></label><button type=\"submit\">Show</button></form>\n"
        body += matrix.html()
        let report = try Report(parley: parley, filter: filter)
        body += "<h2>Over time</h2>\n" + (try report.chartHTML())
        body += "<h2>Shifts</h2>\n" + (try Self.shiftsTable(report.shifts, parley: parley, more: [("topic", topic.slug)]))
        // The first page of the timeline, from the index; the rest is a link away.
        let first = try parley.statements.page(filter, offset: 0, limit: Self.topicTimelinePage)
        let topicPairs = [("topic", topic.slug)]
        body += "<h2>Timeline</h2>\n<p class=\"meta\">The first \(first.count) of \(report.statementCount) statements; "
        body += "<a href=\"/statements\(WebQuery.href(topicPairs))\">all of them</a>, or <a href=\"/report\(WebQuery.href(topicPairs))\">the whole report</a>, with downloads.</p>\n"
        body += try HTML.timelineEntries(first)
        return page(topic.title, body)
    }

    // MARK: Report

    func report(_ request: Request, _ context: WebContext) throws -> Response {
        let query = WebQuery(request)
        let filter = try query.filter()
        let parley = try state.open(.read)
        let report = try Report(parley: parley, filter: filter, title: query.value("title"))
        let keep = WebQuery.href(query.filterPairs)
        var body = Self.filterForm(query, action: "/report", search: false)
        body += "<p class=\"downloads\">Download: <a href=\"/report.md\(keep)\">Markdown</a><a href=\"/report.html\(keep)\">HTML</a>"
        body += "<a href=\"/timeline.csv\(keep)\">CSV</a><a href=\"/timeline.json\(keep)\">JSON</a><a href=\"/timeline.timelinejs.json\(keep)\">TimelineJS</a></p>\n"
        body += try report.htmlBody()
        return page(report.title, body)
    }

    func reportDownload(_ request: Request, _ format: ReportFormat) throws -> Response {
        let query = WebQuery(request)
        let parley = try state.open(.read)
        let report = try Report(parley: parley, filter: try query.filter(), title: query.value("title"))
        let name = TextKeys.slug(report.title).isEmpty ? "report" : TextKeys.slug(report.title)
        switch format {
        case .markdown: return Pages.document(try report.render(.markdown), type: "text/markdown; charset=utf-8", download: name + ".md")
        case .html: return Pages.document(try report.render(.html), type: "text/html; charset=utf-8", download: name + ".html")
        }
    }

    func timelineDownload(_ request: Request, _ format: TimelineFormat) throws -> Response {
        let query = WebQuery(request)
        let filter = try query.filter()
        let parley = try state.open(.read)
        var text = ""
        try FrontEndDocuments.timeline(parley, filter: filter, format: format,
                                       title: try FrontEndDocuments.timelineTitle(parley, filter: filter, title: query.value("title"))) { text += $0 }
        switch format {
        case .csv: return Pages.document(text, type: "text/csv; charset=utf-8", download: "timeline.csv")
        case .timelinejs: return Pages.document(text, type: "application/json; charset=utf-8", download: "timeline.timelinejs.json")
        default: return Pages.document(text, type: "application/json; charset=utf-8", download: "timeline.json")
        }
    }
}
