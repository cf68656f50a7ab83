import Foundation
import Hummingbird
import ParleyCore

/// The page around every view: the report's look (its style sheet, served as /static/parley.css),
/// a navigation bar, no inline script or style, nothing from elsewhere. All user text passes
/// through `HTML.escape` (`h`).
enum Pages {
    /// Escapes text for HTML.
    static func h(_ text: String) -> String { HTML.escape(text) }

    static func page(_ title: String, _ body: String, script: Bool = false, readOnly: Bool = false) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · Parley</title>
            <link rel="stylesheet" href="/static/parley.css">
            <link rel="icon" href="data:,">

            """
        if script { out += "<script src=\"/static/parley.js\" defer></script>\n" }
        out += "</head>\n<body>\n<nav class=\"top\"><a href=\"/\">Parley</a> <a href=\"/statements\">Statements</a> "
        out += "<a href=\"/actors\">Actors</a> <a href=\"/topics\">Topics</a> <a href=\"/report\">Report</a> "
        out += readOnly ? "<span class=\"meta\">read-only</span>" : "<a href=\"/review\">Review an article</a>"
        out += "</nav>\n<main>\n" + body + "</main>\n</body>\n</html>\n"
        return out
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A body of another type; `download` names the file a browser saves it as.
    static func document(_ text: String, type: String, download: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        document(text, type: "application/json; charset=utf-8").withStatus(status)
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func errorResponse(_ status: HTTPResponse.Status, title: String, message: String) -> Response {
        let body = "<h1>\(h(title))</h1>\n<pre class=\"error\">\(h(message))</pre>\n<p><a href=\"/\">Back to the start</a></p>\n"
        return html(page(title, body), status: status)
    }

    /// A core error as a page: invalid input 422, not found 404, ambiguous 400, conflict 409,
    /// a missing or unusable database 503; the message is the command line's. Any other error
    /// is a generic page with a reference (500; `clientError`).
    static func errorResponse(for error: any Error, log: @Sendable (String) -> Void) -> Response {
        let (status, message) = clientError(error, log: log)
        return errorResponse(status, title: "Error", message: message)
    }

    /// What a client is told of an error, and its status. A Parley error (`ParleyError.shareable`)
    /// is the command line's message; anything else (SQLite's own errors, which quote the SQL,
    /// and those of Swift, NIO or Hummingbird) is a generic sentence with a reference, and its
    /// details go to the log under that reference, on one line, control characters replaced.
    static func clientError(_ error: any Error, log: @Sendable (String) -> Void) -> (status: HTTPResponse.Status, message: String) {
        guard let reported = ParleyError.shareable(error) else {
            let reference = String(SecurityMiddleware.newToken().prefix(12))
            log("parley serve: error \(reference): \(TerminalText.sanitize(String(reflecting: type(of: error)) + ": " + String(describing: error)))")
            return (.internalServerError, "error: something went wrong on the server (reference \(reference)). The details are in the server's log, under that reference.")
        }
        let status: HTTPResponse.Status
        switch reported {
        case .invalidInput: status = .unprocessableContent
        case .notFound: status = .notFound
        case .ambiguous: status = .badRequest
        case .conflict: status = .conflict
        case .noDatabase, .database: status = .serviceUnavailable
        }
        return (status, "error: \(reported)")
    }

    /// Runs a route; a core error becomes its page, and so does Hummingbird's own (an unknown
    /// path is a 404 page with the same headers as every other; Hummingbird's message is not
    /// shown, its status is). An API route answers JSON itself.
    static func catching(log: @Sendable (String) -> Void, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "There is no page here." : error.status.reasonPhrase
            return errorResponse(error.status, title: error.status.reasonPhrase, message: message)
        } catch {
            return errorResponse(for: error, log: log)
        }
    }

    /// `<a href="/actors/putin">Vladimir Putin</a>`.
    static func actorLink(_ ref: ActorRef) -> String {
        "<a href=\"/actors/\(WebQuery.segment(ref.slug))\">\(h(ref.name))</a>"
    }

    static func topicLink(_ ref: TopicRef) -> String {
        "<a href=\"/topics/\(WebQuery.segment(ref.slug))\">\(h(ref.slug))</a>"
    }

    static func statementLink(_ id: Int64, _ label: String? = nil) -> String {
        "<a href=\"/statements/\(id)\">\(h(label ?? "#\(id)"))</a>"
    }

    /// The hidden field every form carries.
    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"\(SecurityMiddleware.fieldName)\" value=\"\(h(token))\">"
    }

    /// One statement in a listing: date, speaker, text, stances, outlets, each linked.
    static func statementEntry(_ statement: Statement, snippet: String? = nil) -> String {
        var meta = [statementLink(statement.id), h(statement.dateLabel), actorLink(statement.speaker)]
        if let onBehalfOf = statement.onBehalfOf { meta[2] += " for " + actorLink(onBehalfOf) }
        if let medium = statement.medium { meta.append(h(medium)) }
        if statement.isRetracted { meta.append("retracted") }
        var out = "<div class=\"entry\(statement.isRetracted ? " retracted" : "")\">\n<div class=\"meta\">\(meta.joined(separator: " · "))</div>\n"
        let text = snippet ?? h(statement.text)
        out += statement.kind == .quote ? "<blockquote>“\(text)”</blockquote>\n" : "<blockquote class=\"paraphrase\">\(text)</blockquote>\n"
        var details = statement.stances.map { "<a class=\"stance \($0.stance.rawValue)\" href=\"/topics/\(WebQuery.segment($0.topic.slug))\">\(h($0.topic.slug)): \($0.stance.rawValue)</a>" }.joined()
        let outlets = statement.outlets.map(h)
        if !outlets.isEmpty { details += " <span class=\"meta\">" + outlets.joined(separator: "; ") + "</span>" }
        if !details.isEmpty { out += "<div>\(details)</div>\n" }
        return out + "</div>\n"
    }

    /// A search snippet with its matches in `<mark>`, escaped.
    static func highlighted(_ hit: SearchHit) -> String {
        let scalars = Array(hit.snippet.unicodeScalars)
        var out = ""
        var position = 0
        func text(_ range: Range<Int>) -> String { h(String(String.UnicodeScalarView(scalars[range]))) }
        for range in hit.highlights where range.lowerBound >= position && range.upperBound <= scalars.count {
            out += text(position..<range.lowerBound) + "<mark>" + text(range) + "</mark>"
            position = range.upperBound
        }
        return out + text(position..<scalars.count)
    }
}

extension Response {
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var copy = self
        copy.status = status
        return copy
    }
}
