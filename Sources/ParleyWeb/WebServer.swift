import Foundation
import Hummingbird
import Logging
import NIOCore
import ParleyCore

/// `parley serve`: Parley's web front end, on Hummingbird 2.
///
/// Every page and API route parses its request, calls the core (the same calls as the command
/// line) and renders what comes back; the web target holds no SQL. Each request opens the
/// database file for itself, as a command does: SQLite's WAL, busy timeout and short
/// transactions let browser tabs and `parley` processes write the same file at once.
///
/// Safety (see the README's `parley serve`): loopback unless told otherwise; a `Host` header
/// that names another host is refused (DNS rebinding); every write is a POST carrying the
/// session's CSRF token; `--read-only` refuses every write; a Content-Security-Policy allows no
/// inline script or style and nothing from another origin; all stored text is HTML-escaped.
public struct WebServer: Sendable {
    public struct Configuration: Sendable {
        /// The database file.
        public var databasePath: String
        public var host: String
        /// 0 for any free port (the one chosen is printed).
        public var port: Int
        public var readOnly: Bool
        /// Who makes the changes, for the history.
        public var author: String?
        /// Where the details of an error that is not Parley's own go (one line each, control
        /// characters replaced), under the reference the client is shown; standard error by
        /// default.
        public var errorLog: @Sendable (String) -> Void

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, readOnly: Bool = false, author: String? = nil,
                    errorLog: @escaping @Sendable (String) -> Void = WebServer.standardError) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
            self.readOnly = readOnly
            self.author = author
            self.errorLog = errorLog
        }
    }

    public let configuration: Configuration

    /// Checks the configuration and the database: a writable server creates and upgrades the
    /// file as a write command does; a read-only one needs it to exist.
    /// - Throws: `ParleyError` for a bad host or port or a database that cannot be used.
    public init(_ configuration: Configuration) throws {
        guard (0...65_535).contains(configuration.port) else {
            throw ParleyError.invalid("the port must be between 0 and 65535 (0: any free port), not \(configuration.port)", field: "--port")
        }
        guard !configuration.host.trimmingWhitespace().isEmpty else {
            throw ParleyError.invalid("--host needs an address to listen on, such as 127.0.0.1", field: "--host")
        }
        self.configuration = configuration
        _ = try ParleyDatabase.open(path: configuration.databasePath, access: configuration.readOnly ? .read : .write)
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The address to print: `http://127.0.0.1:8080/`.
    static func url(host: String, port: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)/"
    }

    /// True for an address only this machine reaches.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Serves until SIGINT or SIGTERM (or the task is cancelled), then stops cleanly: requests
    /// under way finish, no new one is taken.
    /// - Parameter listening: called once with the URL, the actual port filled in.
    public func run(listening: @escaping @Sendable (_ url: String, _ port: Int) -> Void) async throws {
        let state = ServerState(configuration)
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityMiddleware(state: state))
        Routes(state: state).add(to: router)
        var logger = Logger(label: "parley-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? state.configuration.port
                state.setPort(port)
                listening(Self.url(host: state.configuration.host, port: port), port)
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigint, .sigterm])
    }

    /// `run`, for a synchronous caller (the command line): blocks until the server stops.
    public func runUntilStopped(listening: @escaping @Sendable (_ url: String, _ port: Int) -> Void) throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let server = self
        Task {
            do { try await server.run(listening: listening) } catch { outcome.set(error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// The error a server stopped with, handed from its task to the thread that waits for it.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}

/// What every request needs to know of the server: its configuration, the port it got, and
/// where unexpected errors are logged.
final class ServerState: @unchecked Sendable {
    let configuration: WebServer.Configuration
    private let lock = NSLock()
    private var boundPort: Int

    init(_ configuration: WebServer.Configuration) {
        self.configuration = configuration
        boundPort = configuration.port
    }

    var port: Int { lock.withLock { boundPort } }
    func setPort(_ port: Int) { lock.withLock { boundPort = port } }
    var log: @Sendable (String) -> Void { configuration.errorLog }

    /// Opens the database for one request, as a command does.
    func open(_ access: ParleyDatabase.Access) throws -> ParleyDatabase {
        let parley = try ParleyDatabase.open(path: configuration.databasePath, access: access)
        parley.author = configuration.author
        return parley
    }
}

