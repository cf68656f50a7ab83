import ArgumentParser
import ParleyCore

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect, check and back up the database file.",
        subcommands: [Status.self, Check.self, Backup.self])
}

extension DBCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the database's path, schema version and counts.",
            discussion: "  parley db status\n  parley db status --db sample.sqlite --format json")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if format != .table && format != .json { throw ValidationError("db status prints table or json") }
        }

        func run() throws {
            let parley = try database.open(.read)
            let status = try parley.status()
            let console = Console.current
            if format == .json {
                console.out(status.json.serialized())
                return
            }
            var text = "database:   \(status.path)\n"
            text += "schema:     version \(status.schemaVersion) (this parley: \(status.latestSchemaVersion))\n"
            if let size = status.sizeInBytes { text += "size:       \(size) bytes\n" }
            text += "journal:    \(status.journalMode) (SQLite \(status.sqliteVersion))\n"
            let width = status.counts.map(\.name.count).max() ?? 0
            for (name, count) in status.counts {
                text += "  " + name + String(repeating: " ", count: width - name.count) + "  " + String(count) + "\n"
            }
            console.writeOut(text)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the file's integrity, its references, its full-text index, its stored copies and its schema.",
            discussion: "Prints \"ok\" and exits 0 when all is well; lists the problems and exits 1 otherwise.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let parley = try database.open(.read)
            let report = try parley.check()
            let console = Console.current
            if report.isHealthy {
                console.out("ok: integrity, foreign keys, full-text index, stored copies and schema of \(parley.path)")
                return
            }
            for problem in report.integrityProblems { console.out("integrity: \(problem)") }
            for problem in report.foreignKeyProblems { console.out("foreign keys: \(problem)") }
            for problem in report.fullTextProblems { console.out("full-text index: \(problem)") }
            for problem in report.schemaProblems { console.out("schema: \(problem)") }
            for problem in report.storedCopyProblems { console.out("stored copies: \(problem)") }
            console.err("error: \(parley.path) has problems (listed above); restore a backup or repair as suggested")
            throw ExitCode(1)
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database to a new file, safely while others use it.",
            discussion: """
                Uses SQLite's online backup: other parley processes may go on reading and writing \
                meanwhile, and the copy is one consistent moment of the database. The copy is checked \
                before the command ends.

                  parley db backup ~/backups/parley-2025-05-20.sqlite
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The new file; it must not exist.", valueName: "path")) var path: String

        func run() throws {
            let parley = try database.open(.read)
            let copy = try parley.backup(to: path)
            Console.current.out("backed up \(parley.path) to \(path): \(copy.count(of: "statements") ?? 0) statements, integrity ok")
        }
    }
}
