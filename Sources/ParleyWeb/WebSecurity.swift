import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore

/// A request's context: Hummingbird's, with the session's CSRF token and, for a POST, its form.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The token of this browser session (from its cookie, or new).
    var csrfToken = ""
    /// The form a POST carried, already checked for its token.
    var form = WebForm()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Forms can carry an article of up to 16 MB.
    var maxUploadSize: Int { BoundedInput.maximumArticleBytes + 1 << 20 }
}

/// The rules every request passes before a route sees it:
/// - a `Host` that is not this server (by its address, `localhost` or `127.0.0.1`, with its
///   port) is refused with 421: a page of another site that a DNS trick points here reads nothing;
/// - every response says `Content-Security-Policy` (no inline script or style, nothing from
///   another origin, no framing), `X-Content-Type-Options: nosniff` and no referrer to other sites;
/// - every method but GET and HEAD is a write: refused in read-only mode (403), refused without
///   the session's CSRF token in its form (403, compared in constant time), or from another
///   `Origin` (an opaque `null` origin, which a browser may send, still needs the token).
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let state: ServerState

    static let cookieName = "parley_csrf"
    static let fieldName = "csrf"
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var response: Response
        let fromCookie = request.cookies[Self.cookieName]?.value ?? ""
        let hasToken = fromCookie.count == 64 && fromCookie.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        context.csrfToken = hasToken ? fromCookie : Self.newToken()
        if !hostIsOurs(request.head.authority) {
            response = Pages.errorResponse(.misdirectedRequest, title: "Wrong host",
                                           message: "This server answers for \(allowedHosts.sorted().joined(separator: ", ")) only; the request named '\(request.head.authority ?? "no host")'.")
        } else if request.method == .get || request.method == .head {
            response = try await Pages.catching { try await next(request, context) }
        } else if state.configuration.readOnly {
            response = Pages.errorResponse(.forbidden, title: "Read-only",
                                           message: "This server was started with --read-only: it changes nothing. Restart `parley serve` without --read-only to make changes.")
        } else if let origin = request.headers[.origin], origin != "null", !originIsOurs(origin) {
            response = Pages.errorResponse(.forbidden, title: "Refused",
                                           message: "A change sent from another site (\(origin)) is refused.")
        } else {
            do {
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: context.maxUploadSize)
                } catch {
                    return Self.secured(Pages.errorResponse(.contentTooLarge, title: "Too large",
                                                            message: "The form is larger than \(context.maxUploadSize / (1 << 20)) MB; nothing was changed."),
                                        cookie: hasToken ? nil : context.csrfToken)
                }
                context.form = try WebForm(body: body, contentType: request.headers[.contentType])
                let sent = context.form.value(Self.fieldName) ?? ""
                if !hasToken || !Self.constantTimeEqual(sent, fromCookie) {
                    response = Pages.errorResponse(.forbidden, title: "Refused: no valid form token",
                                                   message: "The form did not carry this session's token (CSRF protection), so nothing was changed. Reload the page and send the form again.")
                } else {
                    response = try await Pages.catching { try await next(request, context) }
                }
            } catch {
                response = Pages.errorResponse(for: error)
            }
        }
        return Self.secured(response, cookie: hasToken ? nil : context.csrfToken)
    }

    /// The headers every response carries, and the session cookie when it is new.
    static func secured(_ response: Response, cookie token: String?) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in [("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY")] {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if let token {
            response.setCookie(Cookie(name: cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// `127.0.0.1:8080`, `localhost:8080` and the served address with its port.
    var allowedHosts: Set<String> {
        let port = state.port
        var names: Set<String> = ["localhost:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)"]
        let host = state.configuration.host
        names.insert((host.contains(":") ? "[\(host)]" : host).lowercased() + ":\(port)")
        return names
    }

    /// Our address, `localhost` or `127.0.0.1` with our port; or any IP address written as
    /// such with our port (what a browser sends for a server on `--host 0.0.0.0` reached by the
    /// machine's address). DNS rebinding needs a name, so an address written as digits is safe.
    func hostIsOurs(_ authority: String?) -> Bool {
        guard let authority = authority?.lowercased() else { return false }
        if allowedHosts.contains(authority) { return true }
        guard let colon = authority.lastIndex(of: ":"), authority[authority.index(after: colon)...] == String(state.port) else { return false }
        let host = authority[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in part.count <= 3 && !part.isEmpty && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) < 256 }
    }

    func originIsOurs(_ origin: String) -> Bool {
        let lowered = origin.lowercased()
        guard lowered.hasPrefix("http://") else { return false }
        return allowedHosts.contains(String(lowered.dropFirst("http://".count)))
    }

    /// 32 random bytes in hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Equal strings, compared in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// A submitted form: `application/x-www-form-urlencoded`, or `multipart/form-data` (for an
/// article uploaded as a file). Values in the order sent; a file's value is its text.
struct WebForm: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    init() {}

    init(fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    init(body: ByteBuffer, contentType: String?) throws {
        let bytes = Array(body.readableBytesView)
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = Self.boundary(contentType ?? "") {
            fields = try Self.multipart(bytes, boundary: boundary)
        } else {
            fields = WebQuery.pairs(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The last non-blank value of a field, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        fields.last { $0.name == name && !$0.value.trimmingWhitespace().isEmpty }?.value.trimmingWhitespace()
    }

    /// The value as sent (untrimmed), or nil when absent.
    func raw(_ name: String) -> String? {
        fields.last { $0.name == name }?.value
    }

    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Stances written `topic=stance; topic=stance` (or with commas), as the review and edit
    /// forms show them; each read as `--stance` reads one.
    static func stances(_ text: String, field: String) throws -> [StanceInput] {
        try text.split(whereSeparator: { $0 == ";" || $0 == "," })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .map { try StanceInput(parsing: $0, field: field) }
    }

    static func boundary(_ contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        var value = String(contentType[range.upperBound...])
        if let end = value.firstIndex(of: ";") { value = String(value[..<end]) }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        return value.isEmpty ? nil : value
    }

    /// The parts of a multipart body: each its `name` and its content as UTF-8 text.
    static func multipart(_ bytes: [UInt8], boundary: String) throws -> [(name: String, value: String)] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [(String, String)] = []
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: bytes, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var part = Array(bytes[(start + delimiter.count)..<end])
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.last == 10 { part.removeLast() }
            if part.last == 13 { part.removeLast() }
            guard let split = find([13, 10, 13, 10], in: part, from: 0) else { continue }
            let head = String(decoding: part[..<split], as: UTF8.self)
            let content = Array(part[(split + 4)...])
            guard let name = attribute("name", in: head) else { continue }
            guard let text = String(validating: content, as: UTF8.self) else {
                throw ParleyError.invalid("the file or field '\(name)' is not UTF-8 text", field: name)
            }
            parts.append((name, text))
        }
        return parts
    }

    static func attribute(_ name: String, in head: String) -> String? {
        guard let range = head.range(of: " \(name)=\"") ?? head.range(of: ";\(name)=\"") else { return nil }
        let rest = head[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
