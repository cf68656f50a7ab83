import Foundation
import ParleyCore
@testable import ParleyWeb
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response as a raw HTTP/1.1 client reads it.
struct HTTPReply {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The value of the session cookie the server set.
    var csrfCookie: String? {
        guard let cookie = header("Set-Cookie"), cookie.hasPrefix("parley_csrf=") else { return nil }
        return String(cookie.dropFirst("parley_csrf=".count).prefix { $0 != ";" })
    }
}

/// A `parley serve` running in this process on an ephemeral loopback port, against a
/// database file of its own.
struct TestServer {
    let port: Int
    let databasePath: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A fresh database with the built-in sample, plus whatever `prepare` adds.
    static func database(_ prepare: (ParleyDatabase) throws -> Void = { _ in }) throws -> String {
        let directory = NSTemporaryDirectory() + "parley-web-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/test.sqlite"
        let parley = try ParleyDatabase.open(path: path, access: .write)
        try Importer(parley).run(try SampleData.document(), origin: "sample")
        try prepare(parley)
        return path
    }

    /// Runs `body` with a server on `databasePath`; the server is stopped afterwards.
    /// - Parameter errorLog: where the server logs errors that are not Parley's own (standard error).
    static func with<T: Sendable>(database databasePath: String, readOnly: Bool = false, searchWindow: Int = 50_000,
                                  errorLog: @escaping @Sendable (String) -> Void = WebServer.standardError,
                                  _ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        let server = try WebServer(.init(databasePath: databasePath, host: "127.0.0.1", port: 0, readOnly: readOnly, author: "web test",
                                         searchWindow: searchWindow, errorLog: errorLog))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await server.run { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw Failure(description: "the server did not start") }
        defer { task.cancel() }
        let result = try await body(TestServer(port: port, databasePath: databasePath))
        task.cancel()
        _ = await task.result
        return result
    }

    /// Sends one request (its own connection) and reads the whole response. The socket work
    /// runs on a thread of its own, not on the server's.
    func request(_ method: String = "GET", _ path: String, host: String? = nil, headers: [(String, String)] = [],
                 body: String? = nil) async throws -> HTTPReply {
        try await request(method, path, host: host, headers: headers, bytes: body.map { Array($0.utf8) })
    }

    /// `request` with a body of any bytes (not only UTF-8 text).
    func request(_ method: String = "GET", _ path: String, host: String? = nil, headers: [(String, String)] = [],
                 bytes: [UInt8]?) async throws -> HTTPReply {
        let port = self.port
        let hostHeader = host ?? "127.0.0.1:\(port)"
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.exchange(port: port, method: method, path: path, host: hostHeader, headers: headers, body: bytes) })
            }
        }
    }

    /// A form POST with the session's cookie and token (the token left out or wrong when told).
    /// The token is the form's first field, where every form of the app puts it (a browser
    /// sends fields in the order of the page).
    func post(_ path: String, _ fields: [(String, String)], token: String?, cookie: String?) async throws -> HTTPReply {
        var all = fields
        if let token { all.insert(("csrf", token), at: 0) }
        let body = all.map { WebQuery.encode($0.0) + "=" + WebQuery.encode($0.1) }.joined(separator: "&")
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let cookie { headers.append(("Cookie", "parley_csrf=\(cookie)")) }
        return try await request("POST", path, headers: headers, body: body)
    }

    /// A session: the cookie a first page sets.
    func session() async throws -> String {
        let reply = try await request("GET", "/")
        guard let cookie = reply.csrfCookie else { throw Failure(description: "no session cookie: \(reply.headers)") }
        return cookie
    }

    static func exchange(port: Int, method: String, path: String, host: String, headers: [(String, String)], body: [UInt8]?) throws -> HTTPReply {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(socketFD) }
        // Generous: with every suite running at once on two busy cores, a request has been seen
        // to wait past 20 s (CI, 2026-12-02); a server that never answers still fails the test.
        var timeout = timeval(tv_sec: 90, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port) failed") }
        let bodyBytes = body ?? []
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if body != nil { head += "Content-Length: \(bodyBytes.count)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + bodyBytes
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBufferPointer { send(socketFD, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: "send failed") }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw Failure(description: "recv failed or timed out (errno \(errno))") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        return try parse(received)
    }

    static func parse(_ bytes: [UInt8]) throws -> HTTPReply {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no HTTP response: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines.first ?? "")") }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = String(text[split.upperBound...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }

    static func dechunk(_ text: String) -> String {
        var rest = Substring(text)
        var out = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound].trimmingCharacters(in: .whitespaces), radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let bytes = Array(rest[start...].utf8)
            out += String(decoding: bytes.prefix(size), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(size), as: UTF8.self)).dropFirst(2)
        }
        return out
    }
}

/// The database as `parley export` writes it: what "unchanged" is compared by.
func exported(_ path: String) throws -> String {
    let parley = try ParleyDatabase.open(path: path, access: .read)
    var text = ""
    try Exporter(parley).write(.json, filter: nil) { text += $0 }
    return text
}
