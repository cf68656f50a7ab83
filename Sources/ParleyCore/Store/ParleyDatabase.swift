import Foundation
import ParleyMigrations
import ParleySQLite

/// A Parley database: one SQLite file, migrated to the current schema, with its stores.
///
/// ```swift
/// let parley = try ParleyDatabase.open(path: "news.sqlite", access: .write)
/// let trump = try parley.actors.add(NewActor(name: "Donald Trump", aliases: ["Trump"]))
/// ```
public final class ParleyDatabase {
    /// How a command opens the file.
    /// - `read`: never creates a file, nor a schema in an empty one; an older file is upgraded
    ///   in place after a backup copy, as for a write (what the command line's read commands do).
    /// - `write`: creates the file and its schema on first use.
    /// - `readOnly`: in SQLite's read-only mode, so the file is never written at all (`parley
    ///   serve --read-only`); an older file, which cannot be read without its upgrade, is
    ///   refused with what to do, and left as it was.
    public enum Access: Sendable { case read, write, readOnly }

    /// The connection. Library users may run their own read queries on it.
    public let db: Database
    /// The file path, or `:memory:`.
    public var path: String { db.path }
    /// What opening did to the schema (a fresh file is migrated from version 0).
    public let migration: Migrator.Outcome

    /// The application id stored in every Parley file (`PRAGMA application_id`): 'PRLY'.
    public static let applicationID: Int64 = 0x5052_4C59

    /// The migrations compiled into this binary.
    public static func migrator() throws -> Migrator {
        do { return try Migrator(ParleySchema.migrations) } catch { throw ParleyError.database("\(error)") }
    }

    private init(db: Database, migration: Migrator.Outcome) {
        self.db = db
        self.migration = migration
    }

    /// Opens (and, for write access, creates) a database file and brings it to the current schema.
    ///
    /// An older file is upgraded in place after a backup copy is written beside it (refused,
    /// untouched, with `.readOnly`); a file from a newer Parley is refused untouched; a SQLite
    /// file that is not Parley's is refused.
    /// - Throws: `ParleyError.noDatabase` for read access to a missing file, `ParleyError.database`
    ///   for a file that cannot be used, with what to do.
    public static func open(path: String, access: Access) throws -> ParleyDatabase {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw ParleyError.database("\(path) is a directory; give the path of a database file")
        }
        // A device, FIFO or socket is no database, and SQLite would put a journal beside it
        // (`/dev/null-journal`) before failing.
        var info = stat()
        if exists && stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
            let what: String
            switch info.st_mode & S_IFMT {
            case S_IFCHR: what = "a character device"
            case S_IFBLK: what = "a block device"
            case S_IFIFO: what = "a named pipe (FIFO)"
            case S_IFSOCK: what = "a socket"
            default: what = "not a regular file"
            }
            throw ParleyError.database("\(path) is \(what), not a database file; nothing was changed. Give the path of a database file with --db.")
        }
        if !exists {
            guard access == .write else { throw ParleyError.noDatabase(path: path) }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty && !fileManager.fileExists(atPath: directory) {
                do {
                    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw ParleyError.database("cannot create the folder \(directory) for the database: \(error.localizedDescription)")
                }
            }
        }
        let db: Database
        do {
            // WAL waits until the file is known to be Parley's: a file that is refused is left
            // exactly as it was.
            db = try Database(path: path, mode: access == .write ? .create : access == .readOnly ? .readOnly : .readWrite, enableWAL: false)
        } catch let error as SQLiteError {
            throw describeOpenError(error, path: path)
        }
        return try prepare(db, creating: access == .write, readOnlyByChoice: access == .readOnly)
    }

    /// Reads another Parley file without changing it (to merge two analysts' databases): `body`
    /// gets it at the current schema, through an upgraded temporary copy when the file is older.
    public static func reading<T>(path: String, _ body: (ParleyDatabase) throws -> T) throws -> T {
        let db: Database
        do {
            // Someone else's file: its schema may call only the functions SQLite marks harmless,
            // and its triggers and views must be Parley's own (refuseForeignSQL below).
            db = try Database(path: path, mode: .readOnly, enableWAL: false, trustedSchema: false)
            // The first read is where SQLite finds an interrupted write it cannot undo read-only.
            _ = try db.userVersion()
        } catch let error as SQLiteError {
            throw describeOpenError(error, path: path)
        }
        let applicationID: Int64 = try db.scalar("PRAGMA application_id") ?? 0
        guard applicationID == ParleyDatabase.applicationID else {
            throw ParleyError.database("\(path) is a SQLite database, but not a Parley database")
        }
        let version = try db.userVersion()
        let migrator = try migrator()
        if version > migrator.latestVersion {
            throw ParleyError.database(MigrationError.databaseTooNew(path: path, found: version, supported: migrator.latestVersion).description)
        }
        if version == migrator.latestVersion {
            try refuseForeignSQL(db)
            return try body(ParleyDatabase(db: db, migration: Migrator.Outcome(fromVersion: version, toVersion: version, backupPath: nil)))
        }
        let directory = NSTemporaryDirectory() + "parley-read-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result: T
        do {
            let copy = directory + "/copy.sqlite"
            // A page copy: `VACUUM INTO` fails on a read-only connection to an older schema
            // with a generated column (SQLite 3.40).
            try db.onlineBackup(to: copy)
            let upgraded = try prepare(Database(path: copy, mode: .readWrite))
            try refuseForeignSQL(upgraded.db)
            result = try body(upgraded)
        } catch {
            throw ParleyError.reporting(error, leftovers: removeLeftovers([directory]))
        }
        // The copy holds the user's data: if it cannot go, the user has to know.
        if !removeLeftovers([directory]).isEmpty {
            throw ParleyError.database("read \(path), but its temporary upgraded copy \(directory) could not be removed; delete it by hand")
        }
        return result
    }

    /// A private in-memory database with the current schema (for tests and `parley demo`).
    public static func inMemory() throws -> ParleyDatabase {
        try prepare(Database.inMemory())
    }

    /// Checks that `db` is Parley's and brings it to the current schema.
    /// - Parameter creating: whether an empty file may get the schema (write access); a read
    ///   never builds a schema, so an empty file (an interrupted copy, a mistyped path) is refused.
    /// - Parameter readOnlyByChoice: the file was opened read-only on purpose (`.readOnly`), so
    ///   an older one is refused for that reason, not for its permissions.
    private static func prepare(_ db: Database, creating: Bool = true, readOnlyByChoice: Bool = false) throws -> ParleyDatabase {
        do {
            let applicationID: Int64 = try db.scalar("PRAGMA application_id") ?? 0
            let version = try db.userVersion()
            if applicationID != ParleyDatabase.applicationID {
                let tables: Int64 = try db.scalar("SELECT count(*) FROM sqlite_schema") ?? 0
                if tables > 0 || version > 0 {
                    throw ParleyError.database("\(db.path) is a SQLite database, but not a Parley database; nothing was changed. Give another path with --db.")
                }
                guard creating else {
                    throw ParleyError.database("\(db.path) is empty, not a Parley database; nothing was changed. (A write command such as `parley actor add` creates the schema in it; if it is an interrupted copy, delete it.)")
                }
            }
            let migrator = try migrator()
            if version > migrator.latestVersion {
                throw MigrationError.databaseTooNew(path: db.path, found: version, supported: migrator.latestVersion)
            }
            // A file at the current schema is checked before anything runs in it; an older one
            // (whose triggers are those of its version) once it is upgraded.
            if version == migrator.latestVersion && creating { try refuseForeignSQL(db) }
            // An older file that cannot be written cannot be upgraded (nor backed up first):
            // said before anything is tried, rather than as whatever the copy fails with.
            if version > 0 && version < migrator.latestVersion && readOnlyByChoice {
                throw ParleyError.database("\(db.path) needs an upgrade from schema version \(version) to \(migrator.latestVersion), but it is opened read-only; nothing was changed. Upgrade it once (`parley db status --db \(db.path)` does, keeping a backup copy beside it), then open it read-only again.")
            }
            if version > 0 && version < migrator.latestVersion && db.isReadOnly {
                throw ParleyError.database("\(db.path) needs an upgrade from schema version \(version) to \(migrator.latestVersion), but it is read-only; nothing was changed. Make it writable (or copy it) and run again.")
            }
            try db.enableWAL()
            let outcome = try migrator.migrate(db)
            if outcome.didMigrate && outcome.fromVersion > 0 && creating { try refuseForeignSQL(db) }
            return ParleyDatabase(db: db, migration: outcome)
        } catch let error as SQLiteError {
            throw describeOpenError(error, path: db.path)
        } catch let error as MigrationError {
            if case .migrationFailed(_, let underlying) = error, underlying.code?.primary == .readonly {
                throw ParleyError.database("\(db.path) needs an upgrade to the current schema, but it is read-only; make it writable (or copy it) and run again")
            }
            throw ParleyError.database(error.description)
        }
    }

    private static func describeOpenError(_ error: SQLiteError, path: String) -> ParleyError {
        if let code = error.code, code == .readonlyRollback || code == .readonlyRecovery {
            let journal = code == .readonlyRollback ? "\(path)-journal" : "\(path)-wal"
            return .database("\(path) holds an interrupted write (\(journal)) that must be undone before it can be read, "
                + "and reading it here is read-only; nothing was changed. Open it once with write access to the file and its folder "
                + "(`parley db status --db \(path)`, "
                + "which undoes the write) and run this again.")
        }
        switch error.code?.primary {
        case .notADatabase?:
            return .database("\(path) is not a SQLite database; nothing was changed. Give another path with --db.")
        case .cantopen?:
            return .database("cannot open \(path): \(error.message). Check that the folder exists and is writable.")
        case .readonly?:
            return .database("cannot write to \(path): it is read-only. Check the file's permissions.")
        case .corrupt?:
            return .database("\(path) is damaged (\(error.message)); restore it from a backup.")
        case .busy?, .locked?:
            return .database("\(path) is busy: another process holds it for too long. Try again.")
        default:
            return .database("cannot use \(path): \(error)")
        }
    }

    /// Who makes the changes made through this handle, recorded in the history table
    /// (the command line sets it from `PARLEY_USER` or `USER`).
    public var author: String?

    public var actors: ActorStore { ActorStore(db: db, author: author) }
    public var topics: TopicStore { TopicStore(db: db, author: author) }
    public var sources: SourceStore { SourceStore(db: db, author: author) }
    public var statements: StatementStore { StatementStore(db: db, author: author) }
    public var history: HistoryStore { HistoryStore(db: db, author: author) }
    public var importRuns: ImportRunStore { ImportRunStore(db: db, author: author) }
}

/// Where the database lives when `--db` is not given.
public enum DatabaseLocation {
    /// `--db PATH`, else `PARLEY_DB`, else `$XDG_DATA_HOME/parley/parley.sqlite`, else
    /// `~/.local/share/parley/parley.sqlite`. A leading `~/` is expanded.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit = explicit.nonBlank { return expandTilde(explicit, environment: environment) }
        if let fromEnvironment = environment["PARLEY_DB"].nonBlank { return expandTilde(fromEnvironment, environment: environment) }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"].nonBlank, xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"].nonBlank ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/parley/parley.sqlite"
    }

    static func expandTilde(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"].nonBlank ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
