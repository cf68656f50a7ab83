import ParleySQLite

/// What kind of thing a name was looked up as.
public enum EntityKind: String, Sendable, CaseIterable {
    case actor, topic, source, statement

    /// How to create one from the command line, for hints.
    var addCommand: String {
        switch self {
        case .actor: return "parley actor add"
        case .topic: return "parley topic add"
        case .source: return "parley source add"
        case .statement: return "parley add"
        }
    }
}

/// One problem in user input: where it is, which field, what is wrong.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    /// The longest list of problems reported for one input (a file, an import); the rest are
    /// counted, or reading stops.
    public static let listLimit = 50

    /// Where: a file and line, a record number, or a command-line option.
    public var location: String?
    public var field: String?
    public var message: String

    public init(location: String? = nil, field: String? = nil, message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String {
        var prefix: [String] = []
        if let location { prefix.append(location) }
        if let field { prefix.append(field) }
        return prefix.isEmpty ? message : prefix.joined(separator: ", ") + ": " + message
    }
}

/// Every error the core reports to a user. Each says what was wrong and what to do, and maps to
/// an exit code of the command-line contract (DESIGN §4).
public enum ParleyError: Error, Sendable, CustomStringConvertible {
    /// Input data that cannot be accepted (a bad date, an unknown stance word, a bad file). Exit 65.
    case invalidInput([InputProblem], hint: String?)
    /// A name, slug, id or UUID matched nothing. Exit 1.
    case notFound(EntityKind, query: String, candidates: [String])
    /// A name matched several records. Exit 1.
    case ambiguous(EntityKind, query: String, candidates: [String])
    /// The database file does not exist (read commands never create one). Exit 1.
    case noDatabase(path: String)
    /// A file that is not a Parley database, or a database problem with an explanation. Exit 1.
    case database(String)
    /// The operation conflicts with what is stored. Exit 1.
    case conflict(String)

    /// A single invalid-input problem.
    public static func invalid(_ message: String, field: String? = nil, location: String? = nil, hint: String? = nil) -> ParleyError {
        .invalidInput([InputProblem(location: location, field: field, message: message)], hint: hint)
    }

    /// The process exit code for this error: 65 for invalid input data, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .invalidInput: return 65
        default: return 1
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let problems, let hint):
            var text: String
            if problems.count == 1 {
                text = problems[0].description
            } else {
                text = "\(problems.count) problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
            }
            if let hint { text += "\n" + hint }
            return text
        case .notFound(let kind, let query, let candidates):
            var text = "no \(kind.rawValue) matches '\(query)'"
            if !candidates.isEmpty {
                text += "; did you mean: " + candidates.joined(separator: ", ") + "?"
            }
            text += "\n(add it with `\(kind.addCommand)`, or list what exists with `parley \(kind == .statement ? "statement" : kind.rawValue) list`)"
            return text
        case .ambiguous(let kind, let query, let candidates):
            return "'\(query)' matches \(candidates.count) \(kind.rawValue)s: " + candidates.joined(separator: ", ")
                + "\n(use the id or slug to pick one)"
        case .noDatabase(let path):
            return "no database at \(path)\n(write commands such as `parley actor add` create it; `parley demo --db \(path)` fills it with the sample; or pass --db / set PARLEY_DB)"
        case .database(let message):
            return message
        case .conflict(let message):
            return message
        }
    }
}

extension ParleyError {
    /// The error as a front end reports it: ParleyError itself, and SQLite's and the migrator's
    /// errors in the words a user can act on (a full disk, a busy or read-only database). Nil for
    /// errors that are not the core's (a front end's own parsing errors, for example).
    public static func reported(_ error: any Error) -> ParleyError? {
        switch error {
        case let error as ParleyError:
            return error
        case let error as SQLiteError where error.code?.primary == .full:
            return .database("the disk is full (or the database reached its size limit); nothing was written. Free some space and run the command again.")
        case let error as SQLiteError where error.code?.primary == .busy:
            return .database("the database stayed busy: another process held it for more than 10 seconds; nothing was written. Try again.")
        case let error as SQLiteError where error.code?.primary == .readonly:
            return .database("the database cannot be written (a read-only file or folder); nothing was written. Check the permissions.")
        case let error as SQLiteError:
            return .database("database problem: \(error)")
        case let error as MigrationError:
            return .database("\(error)")
        default:
            return nil
        }
    }

    /// The error as it may be shown to someone other than the user at this machine (a web
    /// page's reader): `reported(_:)` for Parley's own sentences (ParleyError, and SQLite's
    /// full disk, busy and read-only errors in Parley's words); nil for the rest (SQLite's other
    /// errors, which quote the failing SQL, the migrator's, and any error not the core's),
    /// which a front end shows as a generic message and logs where only its operator reads it.
    public static func shareable(_ error: any Error) -> ParleyError? {
        switch error {
        case is ParleyError:
            return reported(error)
        case let sqlite as SQLiteError where [.full, .busy, .readonly].contains(sqlite.code?.primary):
            return reported(error)
        default:
            return nil
        }
    }
}
