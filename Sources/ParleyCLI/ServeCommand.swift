import ArgumentParser
import ParleyCore
import ParleyWeb

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Browse, search, report and review articles in the browser: Parley's web app.",
        discussion: """
            Serves the database on http://127.0.0.1:8080/ until Ctrl-C: the statements with \
            the filters and search of the command line, each statement, actor and topic, reports \
            with their downloads, the review screen for an article (paste it, correct the \
            quotations found, import), edits, and a JSON API (/api/statements, /api/search, \
            /api/timeline, /api/stances, /api/shifts) taking the command line's filter names.

            It listens on loopback only unless --host says otherwise, answers only requests \
            addressed to it, takes changes only as forms carrying the session's token, and with \
            --read-only changes nothing. --port 0 takes any free port (the URL printed says which).

              parley serve --db news.sqlite
              parley serve --db news.sqlite --read-only --port 8081
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The address to listen on (loopback by default; another address makes the app reachable from other machines).")
    var host = "127.0.0.1"
    @Option(help: "The port (0: any free port).") var port = 8080
    @Flag(name: .customLong("read-only"), help: "Refuse every change: browse, search and report only.") var readOnly = false

    func run() throws {
        let console = Console.current
        let server = try WebServer(WebServer.Configuration(databasePath: database.path, host: host, port: port, readOnly: readOnly,
                                                           author: database.author))
        if !WebServer.isLoopback(host) {
            console.err("warning: listening on \(host): other machines can reach this server; it has no login")
        }
        try server.runUntilStopped { url, _ in
            console.out("Parley is serving \(database.path)\(readOnly ? " (read-only)" : "") at \(url)")
            console.out("Press Ctrl-C to stop.")
        }
        console.err("stopped")
    }
}
