#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One numbered schema change: `0002_add_retraction.sql` is version 2.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why a database could not be brought to the current schema.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// The file was written by a newer Parley. It is left untouched.
    case databaseTooNew(path: String, found: Int, supported: Int)
    /// A migration broke foreign keys; it was rolled back.
    case foreignKeyViolations(migration: String, tables: [String])
    /// A migration's SQL failed; it was rolled back and the database is at the previous version.
    case migrationFailed(migration: String, underlying: SQLiteError)
    /// The backup copy taken before upgrading could not be written; nothing was changed.
    case backupFailed(path: String, underlying: SQLiteError)
    /// The list of migrations is not 1, 2, 3… without gaps or repeats (a packaging mistake).
    case invalidMigrationList(String)

    public var description: String {
        switch self {
        case .databaseTooNew(let path, let found, let supported):
            return "\(path) has schema version \(found), but this parley understands versions up to \(supported). "
                + "It was written by a newer Parley; upgrade parley to open it. The file was not changed."
        case .foreignKeyViolations(let migration, let tables):
            return "migration \(migration) left broken references in \(tables.joined(separator: ", ")); it was rolled back"
        case .migrationFailed(let migration, let underlying):
            return "migration \(migration) failed and was rolled back: \(underlying)"
        case .backupFailed(let path, let underlying):
            return "could not write the backup \(path) before upgrading, so nothing was changed: \(underlying.message)"
        case .invalidMigrationList(let why):
            return "the built-in migrations are inconsistent: \(why)"
        }
    }
}

/// Applies numbered migrations, tracking the version in `PRAGMA user_version`.
///
/// - Each migration runs in its own `BEGIN IMMEDIATE` transaction with foreign-key enforcement
///   off (so table rebuilds work), and `PRAGMA foreign_key_check` must come back empty before
///   it commits. A failing migration leaves no trace.
/// - A database newer than the newest migration is refused, untouched.
/// - Before upgrading a database that already has a schema, a copy is written beside it; it is
///   removed again when the first migration fails (the file is then as it was).
/// - Two processes opening an old file at once are safe: each migration re-reads the version
///   inside its transaction and skips what the other process already applied.
///
/// A shipped migration is never edited; a change is a new migration.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// - Throws: `MigrationError.invalidMigrationList` unless versions run 1, 2, 3… in order.
    public init(_ migrations: [Migration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (index, migration) in sorted.enumerated() where migration.version != index + 1 {
            throw MigrationError.invalidMigrationList("expected version \(index + 1), found \(migration.version) (\(migration.name))")
        }
        self.migrations = sorted
    }

    /// The version a fully migrated database has.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// What `migrate` did.
    public struct Outcome: Sendable, Equatable {
        public var fromVersion: Int
        public var toVersion: Int
        /// The copy written before upgrading, if one was.
        public var backupPath: String?
        public var didMigrate: Bool { toVersion != fromVersion }

        public init(fromVersion: Int, toVersion: Int, backupPath: String?) {
            self.fromVersion = fromVersion
            self.toVersion = toVersion
            self.backupPath = backupPath
        }
    }

    /// Migrations not yet applied to `db`.
    public func pendingMigrations(in db: Database) throws -> [Migration] {
        let current = try db.userVersion()
        return migrations.filter { $0.version > current }
    }

    /// Brings `db` up to `target` (default: the latest version).
    /// - Parameter backup: write a `VACUUM INTO` copy before upgrading a database that has a schema.
    /// - Throws: `MigrationError`; the database is then at the last version that fully applied.
    @discardableResult
    public func migrate(_ db: Database, upTo target: Int? = nil, backup: Bool = true) throws -> Outcome {
        let target = target ?? latestVersion
        let start: Int
        do {
            start = try db.userVersion()
        } catch {
            throw MigrationError.migrationFailed(migration: "(reading the version)", underlying: .coerce(error))
        }
        if start > latestVersion {
            throw MigrationError.databaseTooNew(path: db.path, found: start, supported: latestVersion)
        }
        var outcome = Outcome(fromVersion: start, toVersion: start, backupPath: nil)
        let pending = migrations.filter { $0.version > start && $0.version <= target }
        guard !pending.isEmpty else { return outcome }

        if backup && start > 0 && !db.isInMemory {
            outcome.backupPath = try writeBackup(of: db, version: start)
        }
        do {
            for migration in pending {
                if try apply(migration, to: db) {
                    outcome.toVersion = migration.version
                } else {
                    outcome.toVersion = max(outcome.toVersion, migration.version)
                }
            }
        } catch {
            // When no migration applied, the file is as it was and the backup just written is a
            // copy of it: remove it, so that each failed attempt (a read command retried, say)
            // does not leave another full copy. Once one applied, the backup is the only copy of
            // the old version and stays. (One that cannot be removed is a spare copy, no loss;
            // the migration's error is the one to report.)
            if outcome.toVersion == start, let path = outcome.backupPath {
                unlink(path)
                outcome.backupPath = nil
            }
            throw error
        }
        return outcome
    }

    /// Applies one migration; returns false when another connection already had.
    ///
    /// Foreign-key enforcement is off while it runs (so that tables can be rebuilt) and is
    /// switched back on afterwards; `foreign_key_check` guards the result instead.
    private func apply(_ migration: Migration, to db: Database) throws -> Bool {
        let label = "\(migrationNumber(migration.version))_\(migration.name)"
        let applied: Bool
        do {
            try db.execute("PRAGMA foreign_keys = OFF")
            applied = try db.write { db -> Bool in
                let current = try db.userVersion()
                if current >= migration.version { return false }
                if current > latestVersion {
                    throw MigrationError.databaseTooNew(path: db.path, found: current, supported: latestVersion)
                }
                do {
                    try db.executeScript(migration.sql)
                } catch {
                    throw MigrationError.migrationFailed(migration: label, underlying: .coerce(error))
                }
                let violations = try db.foreignKeyViolations()
                if !violations.isEmpty {
                    throw MigrationError.foreignKeyViolations(migration: label, tables: violations.map(\.table))
                }
                try db.setUserVersion(migration.version)
                return true
            }
        } catch {
            // The migration's own error is the one to report. A connection that cannot switch
            // foreign keys back on must not go on writing without them: it refuses further work.
            db.undo("PRAGMA foreign_keys = ON")
            if let error = error as? MigrationError { throw error }
            throw MigrationError.migrationFailed(migration: label, underlying: .coerce(error))
        }
        do {
            try db.execute("PRAGMA foreign_keys = ON")
        } catch {
            throw MigrationError.migrationFailed(migration: label, underlying: .coerce(error))
        }
        return applied
    }

    /// Writes a copy of `db` as `FILE.vN-DATE.bak`, or returns nil when, by the time the copy is
    /// made, another process has already begun upgrading the file (its own backup is the copy of
    /// version N; this one would not be).
    ///
    /// The copy is written under a name of this process's own and then linked to the first free
    /// backup name, so that processes upgrading one file at once never write into each other's
    /// backup or take the same name.
    private func writeBackup(of db: Database, version: Int) throws -> String? {
        let stamp: String
        do {
            stamp = try db.scalar("SELECT strftime('%Y%m%d-%H%M%S', 'now')") ?? "backup"
        } catch {
            throw MigrationError.backupFailed(path: db.path, underlying: .coerce(error))
        }
        let partial = "\(db.path).v\(version)-\(stamp).\(getpid()).partial"
        unlink(partial)  // one left by a killed run of this same process id
        do {
            try db.backup(into: partial)
            let copied = try Database(path: partial, mode: .readOnly, enableWAL: false).userVersion()
            if copied != version {
                unlink(partial)
                return nil
            }
        } catch {
            unlink(partial)
            throw MigrationError.backupFailed(path: partial, underlying: .coerce(error))
        }
        var attempt = 1
        while true {
            let path = attempt == 1 ? "\(db.path).v\(version)-\(stamp).bak" : "\(db.path).v\(version)-\(stamp)-\(attempt).bak"
            if link(partial, path) == 0 {
                unlink(partial)
                return path
            }
            guard errno == EEXIST, attempt < 1000 else {
                let reason = String(cString: strerror(errno))
                unlink(partial)
                throw MigrationError.backupFailed(path: path, underlying: SQLiteError.sqlite(code: .cantopen, message: reason, sql: nil))
            }
            attempt += 1
        }
    }

    private func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// `7` → `"0007"`, the file-name form of a migration version.
func migrationNumber(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
