import ParleySQLite

/// One recorded import: what it read and did, and whether it was taken back.
public struct ImportRunRecord: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String
    public var runBy: String?
    /// The files (or `standard input`) it read.
    public var inputs: [String]
    /// What it did, as the importer summarised it (counts of statements, actors, topics, sources).
    public var summary: JSONValue
    public var undoneAt: String?
}

/// What `undo` took back.
public struct UndoOutcome: Sendable, Equatable {
    public var run: Int64
    /// Records the run created and the undo deleted, by kind.
    public var deleted: [EntityKind: Int] = [:]
    /// Statements that existed before the run, put back as they were before it.
    public var restored = 0
    /// Records the run created that something else now refers to, kept.
    public var kept: [String] = []
    /// Existing actors, topics or sources the run changed: not reverted (their history has it).
    public var notReverted = 0
}

/// The positions in the database an import starts from: every record with a larger id, and
/// every history entry after `history`, was written by it (an import is one write transaction).
struct ImportMarks {
    var actor: Int64, topic: Int64, source: Int64, statement: Int64, history: Int64

    init(_ db: Database) throws {
        func top(_ table: String) throws -> Int64 { try db.scalar("SELECT coalesce(max(id), 0) FROM \(table)") ?? 0 }
        actor = try top("actor")
        topic = try top("topic")
        source = try top("source")
        statement = try top("statement")
        history = try top("history")
    }
}

/// Import runs: recorded by the importer in its transaction, listed, and undone.
public struct ImportRunStore {
    let db: Database
    var author: String? = nil

    var history: HistoryStore { HistoryStore(db: db, author: author) }

    /// Where an import starts; `record` uses it once the import has written everything.
    func marks() throws -> ImportMarks { try ImportMarks(db) }

    /// Records the run that wrote everything after `marks`.
    @discardableResult
    func record(from marks: ImportMarks, inputs: [String], summary: JSONValue) throws -> Int64 {
        let lastHistory: Int64 = try db.scalar("SELECT coalesce(max(id), 0) FROM history") ?? 0
        try db.execute("""
            INSERT INTO import_run (run_by, inputs, summary, first_history_id, last_history_id) VALUES (?, ?, ?, ?, ?)
            """, [author, JSONValue.array(inputs.map(JSONValue.string)).serialized(indent: nil), summary.serialized(indent: nil),
                  marks.history, lastHistory])
        let run = db.lastInsertRowID
        for (entity, table, mark) in [("actor", "actor", marks.actor), ("topic", "topic", marks.topic),
                                      ("source", "source", marks.source), ("statement", "statement", marks.statement)] {
            // Table names are the constants above.
            try db.execute("INSERT INTO import_created (run_id, entity, uuid) SELECT ?, ?, uuid FROM \(table) WHERE id > ?", [run, entity, mark])
        }
        return run
    }

    /// Every run, newest first.
    public func list() throws -> [ImportRunRecord] {
        try db.map(Column.select + " ORDER BY id DESC") { row in
            typealias C = Column
            let inputs: String = try row[C.inputs]
            let summary: String = try row[C.summary]
            var files: [String] = []
            if case .array(let items)? = JSONValue.parse(inputs) {
                files = items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            }
            return ImportRunRecord(id: try row[C.id], startedAt: try row[C.startedAt], runBy: try row[C.runBy], inputs: files,
                                   summary: JSONValue.parse(summary) ?? .null, undoneAt: try row[C.undoneAt])
        }
    }

    /// An import run's columns.
    enum Column: Int, QueryColumns {
        case id, startedAt, runBy, inputs, summary, undoneAt
        static let select = "SELECT id, started_at, run_by, inputs, summary, undone_at FROM import_run"
        static var queries: [String] { [select] }
    }

    /// The records a run created, by kind.
    enum CreatedColumn: Int, QueryColumns {
        case entity, uuid
        static let query = "SELECT entity, uuid FROM import_created WHERE run_id = ? ORDER BY uuid"
        static var queries: [String] { [query] }
    }

    /// The history entries a run wrote, newest first: what each changed, and its values before.
    enum EntryColumn: Int, QueryColumns {
        case entity, entityUUID, oldValues
        static let query = "SELECT entity, entity_uuid, old_values FROM history WHERE id > ? AND id <= ? ORDER BY id DESC"
        static var queries: [String] { [query] }
    }

    /// Takes a run back, in one transaction: statements that existed before it are put back as
    /// they were (the fields, stances, sources and targets its history entries changed), then
    /// the statements, sources, topics and actors it created are deleted (a created record that
    /// something else now refers to is kept, and named). Every change is in the history.
    ///
    /// - Throws: `ParleyError.conflict` when the run was undone already, or when a later change
    ///   touched one of its records (unless `force`: the undo then takes that change back too).
    public func undo(_ id: Int64, force: Bool = false) throws -> UndoOutcome {
        try db.write { _ -> UndoOutcome in try takeBack(id, force: force) }
    }

    private func takeBack(_ id: Int64, force: Bool) throws -> UndoOutcome {
        guard let run = try list().first(where: { $0.id == id }) else {
            throw ParleyError.conflict("there is no import run \(id); `parley import list` lists them")
        }
        if let undone = run.undoneAt {
            throw ParleyError.conflict("import run \(id) was undone already, at \(undone)")
        }
        let firstHistory: Int64 = try db.scalar("SELECT first_history_id FROM import_run WHERE id = ?", [id]) ?? 0
        let lastHistory: Int64 = try db.scalar("SELECT last_history_id FROM import_run WHERE id = ?", [id]) ?? 0
        var created: [String: [String]] = [:]
        try db.forEach(CreatedColumn.query, [id]) { row in
            created[try row[CreatedColumn.entity], default: []].append(try row[CreatedColumn.uuid])
        }
        var entries: [(entity: String, uuid: String?, old: String?)] = []
        try db.forEach(EntryColumn.query, [firstHistory, lastHistory]) { row in
            let entity: String = try row[EntryColumn.entity]
            let uuid: String? = try row[EntryColumn.entityUUID]
            let old: String? = try row[EntryColumn.oldValues]
            entries.append((entity, uuid, old))
        }
        let touched = Set(created.values.joined()).union(entries.compactMap(\.uuid))
        if !force {
            var later = 0
            try db.forEach("SELECT entity_uuid FROM history WHERE id > ? AND entity_uuid IS NOT NULL", [lastHistory]) { row in
                let uuid: String = try row[0]
                if touched.contains(uuid) { later += 1 }
            }
            if later > 0 {
                throw ParleyError.conflict("import run \(id) was not undone: \(later) later change(s) touched records it created or changed "
                    + "(`parley history` shows them). Undo it anyway with --force: the run's records go, with those changes.")
            }
        }
        var outcome = UndoOutcome(run: id)
        let statements = StatementStore(db: db, author: author)
        let createdStatements = Set(created["statement"] ?? [])
        for entry in entries where entry.entity == "statement" {
            guard let uuid = entry.uuid, !createdStatements.contains(uuid), let old = entry.old.flatMap(JSONValue.parse),
                  let statementID = try statements.findID(uuid: uuid) else { continue }
            try statements.restore(statementID, fields: old)
            outcome.restored += 1
        }
        outcome.notReverted = Set(entries.filter { $0.entity != "statement" }.compactMap(\.uuid)).subtracting(Set(created.values.joined())).count
        let note = "undo of import run \(id)"
        for uuid in createdStatements.sorted() {
            guard let statementID = try statements.findID(uuid: uuid) else { continue }
            let statement = try statements.get(id: statementID)
            try history.record("delete", .statement, id: statementID, uuid: uuid, old: statements.snapshot(statement), new: nil, note: note)
            try db.execute("DELETE FROM statement WHERE id = ?", [statementID])
            outcome.deleted[.statement, default: 0] += 1
        }
        let sources = SourceStore(db: db, author: author), topics = TopicStore(db: db, author: author), actors = ActorStore(db: db, author: author)
        /// Deletes the created records of `table` that nothing refers to, in passes (a parent
        /// topic goes once its sub-topics have), and names the ones kept.
        func deleteCreated(_ table: UUIDTable, _ kind: EntityKind, describe: (Int64) throws -> (label: String, record: JSONValue),
                           referred: (Int64) throws -> Bool) throws {
            var pending = created[table.rawValue] ?? []
            while true {
                var kept: [String] = []
                for uuid in pending {
                    guard let recordID = try db.id(in: table, uuid: uuid) else { continue }
                    if try referred(recordID) { kept.append(uuid); continue }
                    try history.record("delete", kind, id: recordID, uuid: uuid, old: try describe(recordID).record, new: nil, note: note)
                    // The table name comes from the enum.
                    try db.execute("DELETE FROM \(table.rawValue) WHERE id = ?", [recordID])
                    outcome.deleted[kind, default: 0] += 1
                }
                if kept.count == pending.count { break }
                pending = kept
            }
            for uuid in pending {
                if let recordID = try db.id(in: table, uuid: uuid) { outcome.kept.append(try describe(recordID).label) }
            }
        }
        try deleteCreated(.source, .source, describe: { let source = try sources.get(id: $0); return ("source \(SourceRecord(source).reference)", SourceRecord(source).json) },
                          referred: { !(try sources.references(to: $0).isEmpty) })
        try deleteCreated(.topic, .topic, describe: { let topic = try topics.get(id: $0); return ("topic \(topic.slug)", TopicRecord(topic).json) },
                          referred: { !(try topics.references(to: $0).isEmpty) })
        try deleteCreated(.actor, .actor, describe: { let actor = try actors.get(id: $0); return ("actor \(actor.name)", ActorRecord(actor).json) },
                          referred: { !(try actors.references(to: $0).isEmpty) })
        try db.execute("UPDATE import_run SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", [id])
        return outcome
    }

    /// Whether any statement was rejected (most databases: none, and an import skips the look-up).
    func hasRejections() throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM rejected_statement)") ?? false
    }

    /// Whether these words by this name were rejected.
    func isRejected(speakerKeys: [String], textHash: Int64) throws -> Bool {
        for key in Set(speakerKeys) where try db.scalar("SELECT 1 FROM rejected_statement WHERE speaker_key = ? AND text_hash = ?", [key, textHash]) as Int64? != nil {
            return true
        }
        return false
    }
}

extension StatementStore {
    /// Remembers a statement's speaker and words as rejected, when a user deletes it or gives it
    /// another speaker or other words: an import of the same words by the same name skips them.
    func rememberRejected(_ statement: Statement) throws {
        try db.execute("INSERT OR IGNORE INTO rejected_statement (speaker_key, text_hash) VALUES (?, ?)",
                       [TextKeys.nameKey(statement.speaker.name), TextKeys.textHash(statement.text)])
    }

    /// Puts back the fields a history entry's old values name (an undone import's changes).
    func restore(_ id: Int64, fields old: JSONValue) throws {
        guard case .object(let members) = old else { return }
        let current = try get(id: id)
        func text(_ key: String) -> String?? {
            guard let value = members.first(where: { $0.0 == key })?.1 else { return nil }
            if case .string(let text) = value { return .some(text) }
            return .some(nil)
        }
        var edit = StatementEdit()
        // Names as the history kept them, found exactly (never by a loose fit); an actor that
        // is gone leaves that field as it is.
        if let speaker = text("speaker"), let name = speaker, let actorID = try actors.resolver.find(name) { edit.speaker = String(actorID) }
        if let onBehalfOf = text("on_behalf_of") {
            if let name = onBehalfOf {
                if let actorID = try actors.resolver.find(name) { edit.onBehalfOf = .some(String(actorID)) }
            } else {
                edit.onBehalfOf = .some(nil)
            }
        }
        if let quote = text("quote"), let words = quote { edit.text = words; edit.kind = .quote }
        if let paraphrase = text("paraphrase"), let words = paraphrase { edit.text = words; edit.kind = .paraphrase }
        if let saidOn = text("said_on") { edit.saidOn = .some(try PartialDate.parseOptional(saidOn)) }
        edit.medium = text("medium")
        edit.place = text("place")
        edit.language = text("language")
        edit.note = text("note")
        edit.cameoCode = text("cameo")
        if let stances = members.first(where: { $0.0 == "stances" })?.1 {
            var before: [(String, String)] = []
            if case .object(let entries) = stances {
                before = entries.compactMap { key, value in if case .string(let word) = value { return (key, word) } else { return nil } }
            }
            edit.setStances = try before.map { StanceInput(topic: $0.0, stance: try Stance.parse($0.1)) }
            edit.removeStances = current.stances.map(\.topic.slug).filter { slug in !before.contains { $0.0 == slug } }
        }
        if let sources = members.first(where: { $0.0 == "sources" })?.1 {
            var before: Set<String> = []
            if case .array(let items) = sources {
                before = Set(items.compactMap { if case .string(let reference) = $0 { return reference } else { return nil } })
            }
            edit.removeSources = current.sources.map { SourceRecord($0).reference }.filter { !before.contains($0) }
        }
        if let targets = members.first(where: { $0.0 == "targets" })?.1 {
            var before: Set<String> = []
            if case .array(let items) = targets {
                before = Set(items.compactMap { if case .string(let name) = $0 { return TextKeys.nameKey(name) } else { return nil } })
            }
            edit.removeTargets = current.targets.map(\.name).filter { !before.contains(TextKeys.nameKey($0)) }
        }
        let edited = try self.edit(String(id), edit, strict: false, rejecting: false)
        if members.contains(where: { $0.0 == "retracted" }), text("retracted") == .some(nil), edited.retractedAt != nil {
            try db.execute("UPDATE statement SET retracted_at = NULL, retraction_reason = NULL WHERE id = ?", [id])
            try history.recordEdit(.statement, id: id, uuid: current.uuid, before: snapshot(edited), after: snapshot(try get(id: id)))
        }
    }
}
