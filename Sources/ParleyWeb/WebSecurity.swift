import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore

/// A request's context: Hummingbird's, with the session's CSRF token and, for a POST, its form.
struct WebContext: RequestContext, Sendable {
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
/// - a `Host` that is not this server is refused with 421 (`hostIsOurs`: `localhost`,
///   `127.0.0.1`, `[::1]`, the `--host` address, or any IP address written as such, with the
///   port served; no port means http's default, 80), so a page of another site that a DNS trick
///   points here reads nothing;
/// - every response says `Content-Security-Policy` (no inline script or style, nothing from
///   another origin, no framing), `X-Content-Type-Options: nosniff` and no referrer to other sites;
/// - every method but GET and HEAD is a write, refused (each with 403, before its body is read):
///   in read-only mode; with an `Origin` that is not `http://` and the request's own `Host`
///   (so `Origin: null`, which sandboxed frames and files send, is refused too); and without the
///   session's CSRF token, compared in constant time, as the `X-CSRF-Token` header or as the
///   form's first field (where every form of the app puts it; only the first 4 KB of a body are
///   read to find it). Only then is the body read (at most `maxUploadSize`) and parsed.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let state: ServerState

    static let cookieName = "parley_csrf"
    static let fieldName = "csrf"
    /// The header a script may send the token in instead.
    static let headerName = "X-CSRF-Token"
    /// How much of a body is read to find the token in its first field.
    static let firstLookBytes = 4_096
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let response: Response
        let fromCookie = request.cookies[Self.cookieName]?.value ?? ""
        let hasToken = fromCookie.count == 64 && fromCookie.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        context.csrfToken = hasToken ? fromCookie : Self.newToken()
        if !hostIsOurs(request.head.authority) {
            response = Pages.errorResponse(.misdirectedRequest, title: "Wrong host",
                                           message: "This server answers for \(servedNames.joined(separator: ", ")) or an IP address, with port \(state.port), only; the request named '\(request.head.authority ?? "no host")'.")
        } else if request.method == .get || request.method == .head {
            response = await Pages.catching(log: state.log) { try await next(request, context) }
        } else if state.configuration.readOnly {
            response = Pages.errorResponse(.forbidden, title: "Read-only",
                                           message: "This server was started with --read-only: it changes nothing. Restart `parley serve` without --read-only to make changes.")
        } else if let origin = request.headers[.origin], !originIsOurs(origin, host: request.head.authority) {
            let from = origin == "null" ? "from a page with no origin (Origin: null, as a sandboxed frame or a file sends)" : "from another site (\(origin))"
            response = Pages.errorResponse(.forbidden, title: "Refused",
                                           message: "A change sent \(from) is refused: a change must come from a page of this server, at the address the request is sent to. Nothing was changed.")
        } else {
            do {
                response = try await write(request, context: context, token: hasToken ? fromCookie : nil, next: next)
            } catch {
                response = Pages.errorResponse(for: error, log: state.log)
            }
        }
        return Self.secured(response, cookie: hasToken ? nil : context.csrfToken)
    }

    /// A write: its token checked from the header or the body's first bytes, then its body read
    /// and parsed, then the route.
    func write(_ request: Request, context: WebContext, token: String?, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var body = ByteBuffer()
        var chunks = request.body.makeAsyncIterator()
        let header = HTTPField.Name(Self.headerName).flatMap { request.headers[$0] }
        if header == nil {
            while body.readableBytes < Self.firstLookBytes, let chunk = try await chunks.next() {
                body.writeImmutableBuffer(chunk)
            }
        }
        let sent = try header ?? WebForm.leadingField(Self.fieldName, in: Array(body.readableBytesView.prefix(Self.firstLookBytes)),
                                                  contentType: request.headers[.contentType])
        guard let token, let sent, Self.constantTimeEqual(sent, token) else {
            return Pages.errorResponse(.forbidden, title: "Refused: no valid form token",
                                       message: "The form did not carry this session's token as its first field (CSRF protection; a script may send it as the \(Self.headerName) header), so nothing was changed. Reload the page and send the form again.")
        }
        let limit = context.maxUploadSize
        while let chunk = try await chunks.next() {
            guard body.readableBytes + chunk.readableBytes <= limit else {
                return Pages.errorResponse(.contentTooLarge, title: "Too large",
                                           message: "The form is larger than \(limit / (1 << 20)) MB; nothing was changed.")
            }
            body.writeImmutableBuffer(chunk)
        }
        guard body.readableBytes <= limit else {
            return Pages.errorResponse(.contentTooLarge, title: "Too large", message: "The form is larger than \(limit / (1 << 20)) MB; nothing was changed.")
        }
        context.form = try WebForm(body: body, contentType: request.headers[.contentType])
        return await Pages.catching(log: state.log) { try await next(request, context) }
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

    /// The names this server answers for besides IP addresses: `localhost`, `127.0.0.1`,
    /// `[::1]` and the `--host` address, lowercased (an IPv6 address in brackets).
    var servedNames: [String] {
        let host = state.configuration.host.lowercased()
        let configured = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return ["localhost", "127.0.0.1", "[::1]"] + (["localhost", "127.0.0.1", "[::1]"].contains(configured) ? [] : [configured])
    }

    /// A `Host` header's (or an origin's) host and port: the host lowercased, an IPv6 address
    /// in its brackets; no port is http's default, 80. Nil for what is not one (an empty or
    /// non-numeric port, an IPv6 address without brackets).
    static func authority(_ text: String) -> (host: String, port: Int)? {
        let lowered = text.lowercased()
        var host = Substring(lowered)
        var port: Substring?
        if lowered.hasPrefix("[") {
            guard let close = lowered.firstIndex(of: "]") else { return nil }
            host = lowered[...close]
            let rest = lowered[lowered.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                port = rest.dropFirst()
            }
        } else if let colon = lowered.firstIndex(of: ":") {
            host = lowered[..<colon]
            port = lowered[lowered.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        guard let port else { return (String(host), 80) }
        guard (1...5).contains(port.count), port.utf8.allSatisfy({ (48...57).contains($0) }), let number = Int(port), number <= 65_535 else { return nil }
        return (String(host), number)
    }

    /// True for a `Host` this server answers: the port it serves (none written: 80), and one of
    /// `servedNames` or any IP address written as such (what a browser sends for a server on
    /// `--host 0.0.0.0` reached by the machine's address). DNS rebinding needs a name, so an
    /// address written as digits is safe.
    func hostIsOurs(_ header: String?) -> Bool {
        guard let header, let (host, port) = Self.authority(header), port == state.port else { return false }
        return servedNames.contains(host) || Self.isIPAddress(host)
    }

    /// True for an `Origin` that is this server as the request reached it: `http://` and the
    /// request's own `Host` (the same host and port, by the same rule), nothing else. An opaque
    /// `null` origin, another scheme, a path or a user name are refused.
    func originIsOurs(_ origin: String, host: String?) -> Bool {
        let lowered = origin.lowercased()
        guard lowered.hasPrefix("http://"), let host, hostIsOurs(host) else { return false }
        let rest = String(lowered.dropFirst("http://".count))
        guard !rest.contains("/"), !rest.contains("@"), let sent = Self.authority(rest), let requested = Self.authority(host) else { return false }
        return sent.host == requested.host && sent.port == requested.port
    }

    /// `192.168.1.5` (four numbers up to 255) or `[fe80::1]` (hex digits, colons and dots in brackets).
    static func isIPAddress(_ host: String) -> Bool {
        if host.hasPrefix("[") && host.hasSuffix("]") {
            let inside = host.dropFirst().dropLast()
            return !inside.isEmpty && inside.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            (1...3).contains(part.count) && part.utf8.allSatisfy { (48...57).contains($0) } && (Int(part) ?? 256) < 256
        }
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
