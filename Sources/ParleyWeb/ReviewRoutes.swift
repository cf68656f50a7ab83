import Foundation
import Hummingbird
import ParleyCore
import ParleyExtraction

/// The review screen: an article in, its quotations found by the same extractor as
/// `parley extract`, each an editable row beside the article; "Import" writes the rows kept
/// through the same importer as `parley import` (one transaction, duplicates merged, recorded
/// as an import run that `parley import undo` takes back).
struct ReviewRoutes: Sendable {
    let state: ServerState

    /// Empty rows offered for quotations the extractor missed.
    static let missedRows = 2
    /// The most rows one review shows and imports: more is refused with a message, never cut short.
    static let maximumRows = 2_000
    static let maximumRowsText = NumberText.grouped(maximumRows)

    /// One row of the review: a statement as the reviewer leaves it.
    struct Row: Sendable {
        var keep = true
        var speaker = ""
        var onBehalfOf = ""
        var quote = ""
        var saidOn = ""
        var medium = ""
        /// `ceasefire=supports; direct-talks=unclear`.
        var stances = ""
        /// Other speakers the extractor considered (when it says).
        var candidates: [String] = []
        /// What the extractor says of it: confidence and rule.
        var note = ""
    }

    func add(to router: Router<WebContext>) {
        router.get("/review") { _, context in
            if state.configuration.readOnly {
                return Pages.errorResponse(.forbidden, title: "Read-only",
                                           message: "This server was started with --read-only: it changes nothing, so there is no review screen.")
            }
            return Pages.html(Pages.page("Review an article", Self.startForm(csrf: context.csrfToken, error: nil)))
        }
        router.post("/review", on: state.work, .read) { _, context in try self.extract(context) }
        router.post("/review/import", on: state.work, .write) { _, context in try self.importRows(context) }
    }

    static func startForm(csrf: String, error: String?, form: WebForm = WebForm()) -> String {
        let h = Pages.h
        var out = "<h1>Review an article</h1>\n"
        if let error { out += "<pre class=\"error\">\(h(error))</pre>\n" }
        out += "<p>Paste the article's text (or choose a text or HTML file), give its source, and Parley finds the quotations with the same rules as <code>parley extract</code>. Nothing is written until you import the rows you keep.</p>\n"
        out += "<form class=\"stacked\" method=\"post\" action=\"/review\" enctype=\"multipart/form-data\">\n" + Pages.csrfField(csrf)
        out += "<label>Article text<textarea name=\"text\">\(h(form.raw("text") ?? ""))</textarea></label>\n"
        out += "<label>…or a file (.txt, .html)<input type=\"file\" name=\"file\" accept=\".txt,.html,.htm,text/plain,text/html\"></label>\n"
        for (name, label, placeholder) in [("url", "URL", "https://…"), ("outlet", "Outlet", "Hindustan Times"),
                                           ("published", "Published", "YYYY-MM-DD"), ("title", "Headline (default: the first line that reads like one)", ""),
                                           ("via", "Via (a wire service)", "AFP")] {
            out += "<label>\(label)<input type=\"text\" name=\"\(name)\" value=\"\(h(form.value(name) ?? ""))\" placeholder=\"\(h(placeholder))\"></label>\n"
        }
        return out + "<div><button type=\"submit\">Find the quotations</button></div>\n</form>\n"
    }

    /// The article's source fields, as the form gives them.
    static func details(_ form: WebForm) throws -> ArticleExtraction.Details {
        ArticleExtraction.Details(url: form.value("url"), outlet: form.value("outlet"),
                                  published: try PartialDate.parseOptional(form.value("published"), field: "published"),
                                  title: form.value("title"), via: form.value("via"))
    }

    func extract(_ context: WebContext) throws -> Response {
        let form = context.form
        let text = form.value("file") ?? form.value("text")
        guard let text else {
            return Pages.html(Pages.page("Review an article", Self.startForm(csrf: context.csrfToken, error: "error: paste the article's text or choose its file", form: form)),
                              status: .unprocessableContent)
        }
        let extraction: ArticleExtraction
        do {
            extraction = try ArticleExtraction(text: text, details: try Self.details(form), parley: try state.open(.read))
        } catch let error as ParleyError {
            return Pages.html(Pages.page("Review an article", Self.startForm(csrf: context.csrfToken, error: "error: \(error)", form: form)),
                              status: .unprocessableContent)
        }
        guard extraction.quotes.count + Self.missedRows <= Self.maximumRows else {
            let message = "error: the extractor found \(extraction.quotes.count) quotations, and a review takes at most \(Self.maximumRowsText) rows; split the article and review each part (or use `parley extract` and `parley import`)"
            return Pages.html(Pages.page("Review an article", Self.startForm(csrf: context.csrfToken, error: message, form: form)),
                              status: .unprocessableContent)
        }
        var rows = extraction.quotes.map { quote in
            Row(speaker: quote.speaker ?? "", onBehalfOf: quote.onBehalfOf ?? "", quote: quote.text,
                saidOn: quote.saidOn?.description ?? "", medium: quote.medium ?? "",
                stances: quote.stances.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: "; "),
                candidates: quote.candidates.map(\.name).filter { $0 != quote.speaker },
                note: "confidence \(Int((quote.confidence * 100).rounded()))% · \(quote.rule)")
        }
        for index in rows.indices where rows[index].speaker.isEmpty { rows[index].keep = false }
        let page = Self.reviewPage(article: extraction.plainText, marks: extraction.quotes.map(\.offset), rows: rows,
                                   form: form, csrf: context.csrfToken, message: extraction.summary, error: nil)
        return Pages.html(Pages.page("Review: \(extraction.source?.title ?? "article")", page, script: true))
    }

    /// The article with each quotation marked, and its rows beside it.
    static func reviewPage(article: String, marks: [Int], rows: [Row], form: WebForm, csrf: String, message: String?, error: String?) -> String {
        let h = Pages.h
        var out = "<h1>Review</h1>\n"
        if let message { out += "<p class=\"scope\">\(h(message)). Correct what is wrong, untick what is not a statement, add what was missed, then import.</p>\n" }
        if let error { out += "<pre class=\"error\">\(h(error))</pre>\n" }
        out += "<datalist id=\"known-actors\"></datalist>\n<div class=\"review\">\n<div>\n<h2>Article</h2>\n"
        out += "<button id=\"add-selection\" class=\"secondary hidden\" type=\"button\">Add the selected text as a quote</button>\n"
        out += "<div class=\"article\">\(highlight(article, marks))</div>\n</div>\n<div>\n<h2>Statements</h2>\n"
        out += "<form method=\"post\" action=\"/review/import\">\n" + Pages.csrfField(csrf)
        for name in ["url", "outlet", "published", "title", "via"] {
            out += "<input type=\"hidden\" name=\"\(name)\" value=\"\(h(form.value(name) ?? ""))\">\n"
        }
        out += "<input type=\"hidden\" name=\"article\" value=\"\(h(article))\">\n"
        let all = rows + Array(repeating: Row(keep: false), count: missedRows)
        out += "<input type=\"hidden\" name=\"rows\" value=\"\(all.count)\">\n"
        for (index, row) in all.enumerated() {
            let missed = index >= rows.count
            let id = "row-\(index)"
            func field(_ name: String, _ label: String, _ value: String, autocomplete: Bool = false, placeholder: String = "") -> String {
                "<label>\(label)<input type=\"text\" id=\"\(id)-\(name)\" name=\"\(id)-\(name)\" value=\"\(h(value))\" placeholder=\"\(h(placeholder))\""
                    + (autocomplete ? " list=\"known-actors\" data-autocomplete=\"1\" autocomplete=\"off\"" : "") + "></label>"
            }
            out += "<div class=\"row\(row.keep ? "" : " dropped")\" id=\"\(id)\">\n"
            out += "<label><input type=\"checkbox\" id=\"\(id)-keep\" name=\"\(id)-keep\" value=\"1\" data-drop=\"\(id)\"\(row.keep ? " checked" : "")> "
            out += missed ? "A quotation the extractor missed" : "Import this statement"
            out += "</label>\n"
            if !row.note.isEmpty { out += "<span class=\"meta\">\(h(row.note))</span>\n" }
            out += "<textarea name=\"\(id)-quote\"\(missed ? " data-missed=\"\(id)-keep\"" : "") placeholder=\"The words, as quoted\">\(h(row.quote))</textarea>\n"
            out += "<div class=\"fields\">"
            out += field("speaker", "Speaker", row.speaker, autocomplete: true, placeholder: "a known name or a new one")
            out += field("on_behalf_of", "On behalf of", row.onBehalfOf, autocomplete: true)
            out += field("said_on", "Said on", row.saidOn, placeholder: "YYYY-MM-DD")
            out += field("medium", "Medium", row.medium, placeholder: "press briefing, X post…")
            out += field("stances", "Stances", row.stances, placeholder: "ceasefire=supports; direct-talks=unclear")
            out += "</div>\n"
            if !row.candidates.isEmpty {
                out += "<div class=\"candidates meta\">Other speakers considered: " + row.candidates.map { candidate in
                    "<button type=\"button\" class=\"secondary\" data-candidate=\"\(h(candidate))\" data-target=\"\(id)-speaker\">\(h(candidate))</button>"
                }.joined() + "</div>\n"
            }
            out += "</div>\n"
        }
        out += "<button type=\"submit\">Import the statements kept</button>\n</form>\n</div>\n</div>\n"
        return out
    }

    /// The article, escaped, with each quotation from its opening mark to its closing one in `<mark>`.
    static func highlight(_ article: String, _ marks: [Int]) -> String {
        let characters = Array(article)
        var out = ""
        var position = 0
        for start in marks.sorted() where start >= position && start < characters.count {
            var end = start + 1
            while end < characters.count && !"”\"»\n".contains(characters[end]) { end += 1 }
            end = min(characters.count, end + 1)
            out += Pages.h(String(characters[position..<start])) + "<mark>" + Pages.h(String(characters[start..<end])) + "</mark>"
            position = end
        }
        return out + Pages.h(String(characters[position...]))
    }

    /// The rows of a submitted review: as many as its `rows` field says, at most `maximumRows`.
    /// - Throws: `ParleyError.invalidInput` for a count that is not a number or over the limit,
    ///   or a row the count leaves out: every row sent is imported or refused, none dropped.
    static func rows(_ form: WebForm) throws -> [Row] {
        let sent = form.value("rows") ?? "0"
        guard let count = Int(sent), count >= 0 else {
            throw ParleyError.invalid("the form's row count '\(sent)' is not a number; nothing was imported. Reload the review and send it again.", field: "rows")
        }
        guard count <= maximumRows else {
            throw ParleyError.invalid("the review sends \(count) rows, and one import takes at most \(maximumRowsText); nothing was imported. Split the article and review each part (or use `parley extract` and `parley import`).", field: "rows")
        }
        let sentRows = form.fields.compactMap { field -> Int? in
            guard field.name.hasPrefix("row-"), let dash = field.name.dropFirst(4).firstIndex(of: "-") else { return nil }
            return Int(field.name[field.name.index(field.name.startIndex, offsetBy: 4)..<dash])
        }
        if let last = sentRows.max(), last >= count {
            throw ParleyError.invalid("the form says it has \(count) rows but sends row \(last + 1); nothing was imported. Reload the review and send it again.", field: "rows")
        }
        return (0..<count).map { index in
            let id = "row-\(index)"
            return Row(keep: form.value("\(id)-keep") != nil, speaker: form.value("\(id)-speaker") ?? "",
                       onBehalfOf: form.value("\(id)-on_behalf_of") ?? "", quote: form.value("\(id)-quote") ?? "",
                       saidOn: form.value("\(id)-said_on") ?? "", medium: form.value("\(id)-medium") ?? "",
                       stances: form.value("\(id)-stances") ?? "")
        }
    }

    /// The interchange document of the rows kept: the short form for one article, as
    /// `parley extract` writes it and `parley import` reads it.
    static func document(_ rows: [Row], form: WebForm) throws -> InterchangeDocument {
        let details = try details(form)
        let source = [details.url, details.outlet, details.title, details.via].contains { $0 != nil }
            ? SourceRecord(url: details.url, outlet: details.outlet, title: details.title, published: details.published?.description, via: details.via)
            : nil
        var statements: [StatementRecord] = []
        for (index, row) in rows.enumerated() where row.keep {
            var stances: [String: String] = [:]
            for stance in try WebForm.stances(row.stances, field: "row \(index + 1), stances") {
                stances[stance.topic] = stance.stance.rawValue
            }
            statements.append(StatementRecord(speaker: row.speaker, onBehalfOf: row.onBehalfOf.nonBlank, quote: row.quote,
                                              saidOn: row.saidOn.nonBlank, medium: row.medium.nonBlank,
                                              stances: stances.isEmpty ? nil : stances))
        }
        guard !statements.isEmpty else {
            throw ParleyError.invalid("no row is ticked for import; tick the statements to keep", field: "rows")
        }
        return InterchangeDocument(source: source, statements: statements)
    }

    func importRows(_ context: WebContext) throws -> Response {
        let form = context.form
        let rows = try Self.rows(form)
        do {
            let document = try Self.document(rows, form: form)
            let parley = try state.open(.write)
            let summary = try Importer(parley).run(document, origin: "review of " + (form.value("url") ?? form.value("title") ?? "an article"))
            return Pages.html(Pages.page("Imported", Self.summaryPage(summary)))
        } catch {
            guard let reported = ParleyError.reported(error), case .invalidInput = reported else { throw error }
            // The rows come back as they were sent, with the importer's message; nothing was written.
            let page = Self.reviewPage(article: form.raw("article") ?? "", marks: [], rows: rows.filter { !$0.quote.isEmpty || $0.keep },
                                       form: form, csrf: context.csrfToken, message: nil, error: "error: \(reported)\nNothing was imported.")
            return Pages.html(Pages.page("Review", page, script: true), status: .unprocessableContent)
        }
    }

    static func summaryPage(_ summary: ImportSummary) -> String {
        var out = "<h1>Imported</h1>\n<table>\n<tr><th></th><th>created</th><th>merged</th><th>unchanged</th></tr>\n"
        for (name, counts) in [("statements", summary.statements), ("actors", summary.actors), ("topics", summary.topics), ("sources", summary.sources)] {
            out += "<tr><th>\(name)</th><td>\(counts.created)</td><td>\(counts.merged)</td><td>\(counts.unchanged)</td></tr>\n"
        }
        out += "</table>\n"
        if !summary.createdActorNames.isEmpty { out += "<p>New actors: \(Pages.h(summary.createdActorNames.joined(separator: ", ")))</p>\n" }
        if !summary.createdTopicSlugs.isEmpty { out += "<p>New topics: \(Pages.h(summary.createdTopicSlugs.joined(separator: ", ")))</p>\n" }
        for warning in summary.warnings { out += "<p class=\"meta\">warning: \(Pages.h(warning))</p>\n" }
        if let run = summary.run {
            out += "<p class=\"notice\">Import run \(run): <a href=\"/statements\(WebQuery.href([("import", String(run))]))\">its statements</a>. <code>parley import undo \(run)</code> takes it back.</p>\n"
        }
        return out + "<p><a href=\"/review\">Review another article</a> · <a href=\"/statements\">All statements</a></p>\n"
    }
}
