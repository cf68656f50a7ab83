import ParleySQLite

/// The schema a file has, against the schema Parley's migrations create: a file made or changed
/// by someone else may carry triggers and views of its own, which would run inside Parley's
/// writes (a trigger can rename every actor on the next `add`). SQLite's own objects
/// (`sqlite_…`) and the full-text index's shadow tables, which FTS5 creates itself, are the
/// same on both sides.
struct SchemaObject: Hashable, Sendable, CustomStringConvertible {
    var type: String
    var name: String
    /// The SQL that creates it, as SQLite stores it; nil for automatic indexes.
    var sql: String?

    var description: String { "\(type) \(name)" }

    /// Triggers and views run SQL of their own: the ones an attacker would plant.
    var runsSQL: Bool { type == "trigger" || type == "view" }

    /// The bookkeeping tables Litestream keeps in a database it replicates (`_litestream_seq`,
    /// `_litestream_lock`): plain tables that run nothing, part of a replicated file and of
    /// every copy restored from it. A trigger or view of that name is no exception.
    var isReplicatorTable: Bool { type == "table" && name.hasPrefix("_litestream_") }

    /// The columns of `sqlite_schema` a schema object is read from.
    enum Column: Int, QueryColumns {
        case type, name, sql
        static let query = "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        static var queries: [String] { [query] }
    }
}

extension ParleyDatabase {
    /// The objects of `db`'s schema, but SQLite's own.
    static func schemaObjects(_ db: Database) throws -> Set<SchemaObject> {
        typealias C = SchemaObject.Column
        return Set(try db.map(C.query) { row in SchemaObject(type: try row[C.type], name: try row[C.name], sql: try row[C.sql]) })
    }

    /// The schema the migrations create, built once per process in memory.
    static let expectedSchema: Result<Set<SchemaObject>, any Error> = Result {
        try schemaObjects(ParleyDatabase.inMemory().db)
    }

    /// What the file's schema has that the migrations do not create, and what of theirs it
    /// lacks or has changed, each as a sentence.
    public func schemaProblems() throws -> [String] {
        try Self.schemaProblems(db)
    }

    static func schemaProblems(_ db: Database, runningSQLOnly: Bool = false) throws -> [String] {
        let expected = runningSQLOnly ? expectedRunningSQL : try expectedSchema.get()
        let found = try schemaObjects(db)
        let expectedByName = Dictionary(expected.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let foundByName = Dictionary(found.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for object in found.sorted(by: { ($0.type, $0.name) < ($1.type, $1.name) })
        where (!runningSQLOnly || object.runsSQL) && !object.isReplicatorTable {
            guard let mine = expectedByName[object.name], mine.type == object.type else {
                problems.append("\(object) is not part of Parley's schema")
                continue
            }
            // Only what runs is compared word for word: a table's stored SQL changes with ALTER TABLE.
            if object.runsSQL && mine.sql != object.sql { problems.append("\(object) differs from Parley's") }
        }
        if !runningSQLOnly {
            for object in expected.sorted(by: { ($0.type, $0.name) < ($1.type, $1.name) }) where foundByName[object.name] == nil {
                problems.append("\(object) is missing")
            }
        }
        return problems
    }

    /// Refuses a file whose triggers or views are not Parley's own, before anything runs in it.
    static func refuseForeignSQL(_ db: Database) throws {
        let foreign = try schemaProblems(db, runningSQLOnly: true)
        guard !foreign.isEmpty else { return }
        throw ParleyError.database("\(db.path) has SQL that Parley did not put there: \(foreign.joined(separator: "; ")); nothing was run or changed. If you trust the file, remove them with sqlite3 (`DROP TRIGGER …`, `DROP VIEW …`); `parley db check` lists everything that differs.")
    }
}
