import ArgumentParser
import Foundation
import ParleyCore

extension OutputFormat: ExpressibleByArgument {}
extension ActorKind: ExpressibleByArgument {}
extension StatementKind: ExpressibleByArgument {}
extension InterchangeFormat: ExpressibleByArgument {}
extension LinkRelation: ExpressibleByArgument {}

/// `--db`, shared by every command that reads or writes a database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file.",
        discussion: "Default: $PARLEY_DB, else $XDG_DATA_HOME/parley/parley.sqlite (~/.local/share/parley/parley.sqlite).",
        valueName: "path"))
    var db: String?
    @Option(name: .long, help: ArgumentHelp("Who makes the change, for the history (default: $PARLEY_USER, else $USER, else the login name).", valueName: "name"))
    var by: String?

    func validate() throws {
        if let db, db.trimmingWhitespace().isEmpty {
            throw ValidationError("--db needs the path of a database file; leave --db out to use $PARLEY_DB or the default")
        }
    }

    /// The path this command uses.
    var path: String {
        DatabaseLocation.resolve(explicit: db, environment: Console.current.environment)
    }

    /// Who, in the history: --by, else $PARLEY_USER, else $USER, else the login name of this process.
    var author: String? {
        let environment = Console.current.environment
        return by.nonBlank ?? environment["PARLEY_USER"].nonBlank ?? environment["USER"].nonBlank ?? loginName()
    }

    /// Opens the database; write access creates it. Reports an upgrade on stderr.
    func open(_ access: ParleyDatabase.Access) throws -> ParleyDatabase {
        let parley = try ParleyDatabase.open(path: path, access: access)
        parley.author = author
        let migration = parley.migration
        if migration.didMigrate && migration.fromVersion > 0 {
            var note = "note: upgraded \(parley.path) from schema version \(migration.fromVersion) to \(migration.toVersion)"
            if let backup = migration.backupPath { note += "; the previous file is saved as \(backup)" }
            Console.current.err(note)
        }
        return parley
    }
}

/// The user name of this process's user, from the password database (for when `$USER` is unset,
/// as under cron or in a container).
private func loginName() -> String? {
    guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
    return String(cString: name).nonBlank
}

/// `--format` for listings.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table
}

/// Reads a value given as text, or standard input for `-`.
func textArgument(_ value: String, option: String) throws -> String {
    guard value == "-" else { return value }
    let data = try BoundedInput.read(Console.current.readInputChunk, limit: BoundedInput.maximumValueBytes, what: "\(option) - read",
                                     hint: "a value is at most 100,000 characters", origin: "standard input")
    guard let text = String(data: data, encoding: .utf8) else {
        throw ParleyError.invalid("\(option) - read bytes that are not UTF-8 text", field: option)
    }
    guard !text.trimmingWhitespace().isEmpty else {
        throw ParleyError.invalid("\(option) - reads the text from standard input, but it was empty", field: option)
    }
    return text
}

/// Parses an optional date option.
func dateOption(_ value: String?, _ option: String) throws -> PartialDate? {
    try PartialDate.parseOptional(value, field: option)
}

/// An edit option for an optional field: absent → unchanged (nil), `""` → clear (`.some(nil)`).
func clearable(_ value: String?) -> String?? {
    guard let value else { return nil }
    return .some(value.nonBlank)
}

/// An edit option for an optional date.
func clearableDate(_ value: String?, _ option: String) throws -> PartialDate?? {
    guard let value else { return nil }
    return .some(try PartialDate.parseOptional(value, field: option))
}
