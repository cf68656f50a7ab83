import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ParleyCore

/// `parley serve`: Parley's web front end, on Hummingbird 2.
///
/// Every page and API route parses its request, calls the core (the same calls as the command
/// line) and renders what comes back; the web target holds no SQL. Each request opens the
/// database file for itself, as a command does: SQLite's WAL, busy timeout and short
/// transactions let browser tabs and `parley` processes write the same file at once. That work
/// blocks its thread, so it runs on threads of its own (`DatabaseWork`), never on Swift's
/// shared pool or the event loops: a slow query, or a write waiting for another process's
/// lock, leaves the server answering.
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
        /// The most matches a search page ranks: the newest this many (by when they were
        /// added) that pass the filter. FTS5 scores each match it ranks, about a microsecond
        /// each: a word in 440,000 of a million statements took 0.7 s to rank in full, 50,000
        /// of them take about 0.1 s. A page that ranked only these says so and links to
        /// `?rank=all`, which ranks every match, as `parley search` and `/api/search` do.
        public var searchWindow: Int

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, readOnly: Bool = false, author: String? = nil,
                    searchWindow: Int = 50_000, errorLog: @escaping @Sendable (String) -> Void = WebServer.standardError) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
            self.readOnly = readOnly
            self.author = author
            self.searchWindow = max(1, searchWindow)
            self.errorLog = errorLog
        }
    }

    public let configuration: Configuration

    /// Checks the configuration and the database: a writable server creates and upgrades the
    /// file as a write command does; a read-only one opens it read-only (SQLite's read-only
    /// mode: never written), so it needs it to exist and at the current schema (an older file is
    /// refused, untouched, with what to do).
    /// - Throws: `ParleyError` for a bad host or port or a database that cannot be used.
    public init(_ configuration: Configuration) throws {
        guard (0...65_535).contains(configuration.port) else {
            throw ParleyError.invalid("the port must be between 0 and 65535 (0: any free port), not \(configuration.port)", field: "--port")
        }
        guard !configuration.host.trimmingWhitespace().isEmpty else {
            throw ParleyError.invalid("--host needs an address to listen on, such as 127.0.0.1", field: "--host")
        }
        self.configuration = configuration
        _ = try ParleyDatabase.open(path: configuration.databasePath, access: configuration.readOnly ? .readOnly : .write)
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
        state.work.start()
        var failure: (any Error)?
        do {
            try await app.runService(gracefulShutdownSignals: [.sigint, .sigterm])
        } catch {
            failure = error
        }
        // The first error is the one to report; the pools' only if the server had none.
        do {
            try await state.work.shutdown()
        } catch {
            if failure == nil { failure = error }
        }
        if let failure { throw failure }
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

/// What every request needs to know of the server: its configuration, the port it got, the
/// threads its database work runs on, and where unexpected errors are logged.
final class ServerState: @unchecked Sendable {
    let configuration: WebServer.Configuration
    let work = DatabaseWork()
    private let lock = NSLock()
    private var boundPort: Int

    init(_ configuration: WebServer.Configuration) {
        self.configuration = configuration
        boundPort = configuration.port
    }

    var port: Int { lock.withLock { boundPort } }
    func setPort(_ port: Int) { lock.withLock { boundPort = port } }
    var log: @Sendable (String) -> Void { configuration.errorLog }

    /// Opens the database for one request, as a command does; read-only (never written) when
    /// the server is.
    func open(_ access: ParleyDatabase.Access) throws -> ParleyDatabase {
        let parley = try ParleyDatabase.open(path: configuration.databasePath, access: configuration.readOnly ? .readOnly : access)
        parley.author = configuration.author
        return parley
    }
}

/// The threads that database work runs on: opening the file, queries and writes block their
/// thread (on disk, and up to SQLite's 10-second busy timeout while another process writes),
/// so they run here, never on Swift's shared cooperative pool (one thread a core) or on an
/// event loop. Reads and writes have pools of their own, so that writes waiting for a lock
/// never hold up a read; work beyond a pool's threads waits its turn.
final class DatabaseWork: Sendable {
    enum Kind: Sendable { case read, write }

    /// Threads for reads: at least 4, two a core.
    static let readers = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    /// Threads for writes: SQLite takes one writer at a time; the others wait for it.
    static let writers = 4

    private let readPool = NIOThreadPool(numberOfThreads: DatabaseWork.readers)
    private let writePool = NIOThreadPool(numberOfThreads: DatabaseWork.writers)

    func start() {
        readPool.start()
        writePool.start()
    }

    func shutdown() async throws {
        try await readPool.shutdownGracefully()
        try await writePool.shutdownGracefully()
    }

    /// Runs `body` on a thread of the pool for its kind and returns what it returns.
    /// - Throws: what `body` throws; `CancellationError` when the server is stopping.
    func run<T: Sendable>(_ kind: Kind, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await (kind == .read ? readPool : writePool).runIfActive(body)
    }
}

extension Router where Context == WebContext {
    /// A GET route whose handler uses the database: it runs on the database threads (`DatabaseWork`).
    func get(_ path: RouterPath, on work: DatabaseWork, _ handler: @escaping @Sendable (Request, WebContext) throws -> Response) {
        get(path) { request, context in try await work.run(.read) { try handler(request, context) } }
    }

    /// A POST route whose handler uses the database, on the database threads for `kind`.
    func post(_ path: RouterPath, on work: DatabaseWork, _ kind: DatabaseWork.Kind,
              _ handler: @escaping @Sendable (Request, WebContext) throws -> Response) {
        post(path) { request, context in try await work.run(kind) { try handler(request, context) } }
    }
}
