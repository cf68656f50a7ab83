import CSQLite

/// A result code as SQLite reports it: primary (`SQLITE_CONSTRAINT`, 19) or extended
/// (`SQLITE_CONSTRAINT_UNIQUE`, 2067).
///
/// Match errors on codes, not on SQLite's wording, which varies across versions:
///
/// ```swift
/// do { try db.execute("INSERT INTO topic(slug) VALUES (?)", ["ceasefire"]) }
/// catch ResultCode.constraintUnique { … }
/// catch ResultCode.constraint { … }      // any constraint violation
/// ```
public struct ResultCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low eight bits of an extended code.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }
    public var isExtended: Bool { rawValue > 0xFF }

    public var description: String {
        let name = String(cString: sqlite3_errstr(rawValue))
        return "\(rawValue) (\(name))"
    }

    public static let ok = ResultCode(rawValue: SQLITE_OK)
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let readonly = ResultCode(rawValue: SQLITE_READONLY)
    public static let ioerr = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cantopen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)

    public static let busySnapshot = ResultCode(rawValue: CSQLITE_BUSY_SNAPSHOT)
    public static let busyTimeout = ResultCode(rawValue: CSQLITE_BUSY_TIMEOUT)
    public static let constraintCheck = ResultCode(rawValue: CSQLITE_CONSTRAINT_CHECK)
    public static let constraintForeignKey = ResultCode(rawValue: CSQLITE_CONSTRAINT_FOREIGNKEY)
    public static let constraintNotNull = ResultCode(rawValue: CSQLITE_CONSTRAINT_NOTNULL)
    public static let constraintPrimaryKey = ResultCode(rawValue: CSQLITE_CONSTRAINT_PRIMARYKEY)
    public static let constraintTrigger = ResultCode(rawValue: CSQLITE_CONSTRAINT_TRIGGER)
    public static let constraintUnique = ResultCode(rawValue: CSQLITE_CONSTRAINT_UNIQUE)
    public static let cantopenIsDir = ResultCode(rawValue: CSQLITE_CANTOPEN_ISDIR)
    /// A read-only connection found a hot journal (an interrupted write) it cannot roll back.
    public static let readonlyRollback = ResultCode(rawValue: CSQLITE_READONLY_ROLLBACK)
    /// A read-only connection found a WAL file that needs recovery it cannot do.
    public static let readonlyRecovery = ResultCode(rawValue: CSQLITE_READONLY_RECOVERY)

    /// `catch ResultCode.constraint` matches every constraint error; an extended code such as
    /// `ResultCode.constraintUnique` matches only itself.
    public static func ~= (pattern: ResultCode, error: any Error) -> Bool {
        guard let error = error as? SQLiteError, let code = error.code else { return false }
        return pattern.isExtended ? code == pattern : code.primary == pattern
    }
}

/// The one error type of the SQLite layer.
///
/// Its description reads like
/// `SQLite error 2067 (UNIQUE constraint failed): UNIQUE constraint failed: topic.slug - while executing "INSERT …"`.
/// Bound values are never part of it: they may be private.
public enum SQLiteError: Error, Sendable, CustomStringConvertible, Equatable {
    /// SQLite returned an error code. `sql` is the statement that failed, when there was one.
    case sqlite(code: ResultCode, message: String, sql: String?)
    /// A column held a value that cannot be read as the requested Swift type.
    case typeMismatch(expected: String, found: SQLiteValue)
    /// A column name that the statement does not return.
    case noSuchColumn(String, sql: String)

    /// The extended result code, when SQLite produced the error.
    public var code: ResultCode? {
        if case .sqlite(let code, _, _) = self { return code }
        return nil
    }

    /// SQLite's own message (`sqlite3_errmsg`), or a description of the conversion problem.
    public var message: String {
        switch self {
        case .sqlite(_, let message, _): return message
        case .typeMismatch(let expected, let found):
            let kind: String
            switch found {
            case .null: kind = "NULL"
            case .integer: kind = "an integer"
            case .real: kind = "a real"
            case .text: kind = "text"
            case .blob: kind = "a blob"
            }
            return "expected \(expected), found \(kind)"
        case .noSuchColumn(let name, _): return "no column named \(name)"
        }
    }

    /// The SQL that was running, if any.
    public var sql: String? {
        switch self {
        case .sqlite(_, _, let sql): return sql
        case .typeMismatch: return nil
        case .noSuchColumn(_, let sql): return sql
        }
    }

    public var description: String {
        var text: String
        if let code {
            text = "SQLite error \(code): \(message)"
        } else {
            text = "SQLite error: \(message)"
        }
        if let sql {
            text += " - while executing \"\(sql.trimmingSQLWhitespace())\""
        }
        return text
    }
}

extension SQLiteError {
    /// `error` itself when it is a `SQLiteError`, else a generic SQLite error describing it.
    static func coerce(_ error: any Error) -> SQLiteError {
        (error as? SQLiteError) ?? .sqlite(code: .error, message: "\(error)", sql: nil)
    }

    /// The error SQLite reports on `connection` for a call that returned `code`.
    static func from(connection: OpaquePointer, code: Int32, sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(connection)
        // sqlite3_errmsg describes the most recent failure on this connection; when the code we
        // were handed is different (a misuse detected before SQLite ran), use the generic text.
        let useConnection = (extended & 0xFF) == (code & 0xFF)
        let message = useConnection ? String(cString: sqlite3_errmsg(connection)) : String(cString: sqlite3_errstr(code))
        return .sqlite(code: ResultCode(rawValue: useConnection ? extended : code), message: message, sql: sql)
    }
}

extension String {
    func trimmingSQLWhitespace() -> String {
        var result = ""
        var lastWasSpace = false
        for ch in self {
            if ch.isWhitespace {
                if !lastWasSpace && !result.isEmpty { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(ch)
                lastWasSpace = false
            }
        }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
