import Foundation
import ParleySQLite
import Testing

@Suite("Migrator")
struct MigratorTests {
    static let migrations = [
        Migration(version: 1, name: "people", sql: "CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
        Migration(version: 2, name: "quotes", sql: """
            CREATE TABLE quote(id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id), text TEXT);
            CREATE INDEX quote_person ON quote(person_id);
            """),
        Migration(version: 3, name: "quote_date", sql: "ALTER TABLE quote ADD COLUMN said_on TEXT;"),
    ]

    func schema(_ db: Database) throws -> [String] {
        try db.map("SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema ORDER BY name") { try $0[0] }
    }

    @Test("an empty database is migrated to the latest version")
    func emptyToLatest() throws {
        let db = try Database.inMemory()
        let migrator = try Migrator(Self.migrations)
        let outcome = try migrator.migrate(db)
        #expect(outcome.fromVersion == 0)
        #expect(outcome.toVersion == 3)
        #expect(outcome.backupPath == nil, "nothing to back up in a new database")
        #expect(try db.userVersion() == 3)
        #expect(try db.scalar("SELECT count(*) FROM pragma_table_info('quote') WHERE name = 'said_on'") == 1)
    }

    @Test("running it again is a no-op")
    func rerun() throws {
        let db = try Database.inMemory()
        let migrator = try Migrator(Self.migrations)
        try migrator.migrate(db)
        let before = try schema(db)
        let again = try migrator.migrate(db)
        #expect(!again.didMigrate)
        #expect(try schema(db) == before)
    }

    @Test("step by step gives the same schema as all at once")
    func stepByStep() throws {
        let migrator = try Migrator(Self.migrations)
        let allAtOnce = try Database.inMemory()
        try migrator.migrate(allAtOnce)
        let stepwise = try Database.inMemory()
        for version in 1...3 {
            try migrator.migrate(stepwise, upTo: version)
            #expect(try stepwise.userVersion() == version)
        }
        #expect(try schema(stepwise) == schema(allAtOnce))
    }

    @Test("a failing migration leaves no trace and reports the failing statement")
    func failingMigration() throws {
        let db = try Database.inMemory()
        let broken = Self.migrations.prefix(1) + [
            Migration(version: 2, name: "broken", sql: "CREATE TABLE half(x);\nINSERT INTO nowhere VALUES (1);"),
        ]
        let migrator = try Migrator(Array(broken))
        do {
            try migrator.migrate(db)
            Issue.record("expected the migration to fail")
        } catch MigrationError.migrationFailed(let name, let underlying) {
            #expect(name == "0002_broken")
            #expect(underlying.sql == "INSERT INTO nowhere VALUES (1);")
        }
        #expect(try db.userVersion() == 1, "version 1 applied, version 2 rolled back")
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'half'") == 0)
        #expect(try db.scalar("PRAGMA foreign_keys") == 1, "foreign keys are back on")
    }

    @Test("an upgrade that fails at once leaves no backup, however often it is tried; one that fails later keeps the one it needs")
    func failedUpgradeBackups() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("old.sqlite")
        let db = try Database(path: path)
        try Migrator(Array(Self.migrations.prefix(1))).migrate(db)
        func backups() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".bak") }.sorted()
        }
        let failsFirst = try Migrator([Self.migrations[0], Migration(version: 2, name: "broken", sql: "INSERT INTO nowhere VALUES (1);")])
        for _ in 1...3 {
            #expect(throws: MigrationError.self) { try failsFirst.migrate(db) }
        }
        #expect(try backups().isEmpty, "the file was never changed, so no copy of it is kept")
        #expect(try db.userVersion() == 1)
        // Version 2 applies, 3 fails: the version-1 copy is the only one left of the old file.
        let failsSecond = try Migrator(Array(Self.migrations.prefix(2)) + [Migration(version: 3, name: "broken", sql: "INSERT INTO nowhere VALUES (1);")])
        #expect(throws: MigrationError.self) { try failsSecond.migrate(db) }
        #expect(try db.userVersion() == 2)
        let kept = try backups()
        #expect(kept.count == 1 && kept.first?.hasPrefix("old.sqlite.v1-") == true, "\(kept)")
        // Tried again, from version 2, it fails at once: still only that copy.
        #expect(throws: MigrationError.self) { try failsSecond.migrate(db) }
        #expect(try backups() == kept)
    }

    @Test("a migration that breaks a foreign key is rolled back")
    func foreignKeyCheck() throws {
        let db = try Database.inMemory()
        let migrator = try Migrator(Array(Self.migrations.prefix(2)) + [
            Migration(version: 3, name: "orphan", sql: "INSERT INTO quote(person_id, text) VALUES (404, 'orphan');"),
        ])
        do {
            try migrator.migrate(db)
            Issue.record("expected a foreign key failure")
        } catch MigrationError.foreignKeyViolations(let name, let tables) {
            #expect(name == "0003_orphan")
            #expect(tables == ["quote"])
        }
        #expect(try db.userVersion() == 2)
        #expect(try db.scalar("SELECT count(*) FROM quote") == 0)
    }

    @Test("a database newer than the migrations is refused untouched")
    func newerRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("future.sqlite")
        do {
            let db = try Database(path: path)
            try Migrator(Self.migrations).migrate(db)
            try db.setUserVersion(9)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let db = try Database(path: path)
        do {
            try Migrator(Self.migrations).migrate(db)
            Issue.record("expected the newer database to be refused")
        } catch MigrationError.databaseTooNew(_, let found, let supported) {
            #expect(found == 9)
            #expect(supported == 3)
        }
        #expect(try db.userVersion() == 9)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".bak") }.isEmpty)
    }

    @Test("upgrading a database that has a schema writes a backup first, holding the old data")
    func backup() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("old.sqlite")
        let db = try Database(path: path)
        try Migrator(Array(Self.migrations.prefix(2))).migrate(db)
        try db.execute("INSERT INTO person(name) VALUES ('Mao Ning')")
        let outcome = try Migrator(Self.migrations).migrate(db)
        let backupPath = try #require(outcome.backupPath)
        #expect(backupPath.hasPrefix(path + ".v2-"))
        let backup = try Database(path: backupPath, mode: .readOnly)
        #expect(try backup.userVersion() == 2)
        #expect(try backup.scalar("SELECT name FROM person") == "Mao Ning")
        #expect(try db.userVersion() == 3)
    }

    @Test("a list with gaps or repeats is rejected")
    func invalidList() {
        #expect(throws: MigrationError.self) {
            _ = try Migrator([Self.migrations[0], Self.migrations[2]])
        }
        #expect(throws: MigrationError.self) {
            _ = try Migrator([Self.migrations[0], Self.migrations[0]])
        }
    }
}
