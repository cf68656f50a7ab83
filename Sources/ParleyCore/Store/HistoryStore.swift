import ParleySQLite

/// One recorded change.
public struct HistoryEntry: Sendable, Equatable {
    public var id: Int64
    public var changedAt: String
    public var changedBy: String?
    /// `edit`, `retract`, `link`, `merge`, `delete`, `alias-add`, `alias-remove`, `import`.
    public var action: String
    public var entity: EntityKind
    public var entityID: Int64?
    public var entityUUID: String?
    /// The values before and after, as JSON text: for an edit, only the fields that changed; for
    /// a deletion or a merge, the whole record that went away.
    public var oldValues: String?
    public var newValues: String?
    public var note: String?
}

/// The history table: every change to a stored record, written in the same transaction as the
/// change, so a change and its record are both there or both absent. A record's creation is not
/// a history entry (its `created_at` says when); everything that alters or removes it is.
public struct HistoryStore {
    let db: Database
    /// Who makes the changes (the user name, or `PARLEY_USER`), stored with each entry.
    let author: String?

    func record(_ action: String, _ entity: EntityKind, id: Int64?, uuid: String?,
                old: JSONValue?, new: JSONValue?, note: String? = nil) throws {
        try db.execute("""
            INSERT INTO history (changed_by, action, entity, entity_id, entity_uuid, old_values, new_values, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [author, action, entity.rawValue, id, uuid,
                  old.map { $0.serialized(indent: nil) }, new.map { $0.serialized(indent: nil) }, note])
    }

    /// Records an edit as the fields that changed; records nothing when nothing did.
    /// - Returns: whether anything changed.
    @discardableResult
    func recordEdit(_ entity: EntityKind, id: Int64, uuid: String, before: JSONValue, after: JSONValue, action: String = "edit") throws -> Bool {
        let (old, new) = JSONValue.difference(before, after)
        guard case .object(let changed) = new, !changed.isEmpty else { return false }
        try record(action, entity, id: id, uuid: uuid, old: old, new: new)
        return true
    }

    /// Entries, newest first; for one record when `entity` and `id` are given.
    public func list(entity: EntityKind? = nil, id: Int64? = nil, limit: Int? = nil) throws -> [HistoryEntry] {
        var sql = Column.select
        var arguments: [any SQLiteBindable] = []
        if let entity {
            sql += " WHERE entity = ?"
            arguments.append(entity.rawValue)
            if let id {
                sql += " AND entity_id = ?"
                arguments.append(id)
            }
        }
        sql += " ORDER BY id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments.append(limit)
        }
        return try db.prepare(sql).map(arguments) { row in
            typealias C = Column
            return HistoryEntry(
                id: try row[C.id], changedAt: try row[C.changedAt], changedBy: try row[C.changedBy], action: try row[C.action],
                entity: EntityKind(rawValue: try row[C.entity]) ?? .statement, entityID: try row[C.entityID], entityUUID: try row[C.entityUUID],
                oldValues: try row[C.oldValues], newValues: try row[C.newValues], note: try row[C.note])
        }
    }

    /// A history entry's columns.
    enum Column: Int, QueryColumns {
        case id, changedAt, changedBy, action, entity, entityID, entityUUID, oldValues, newValues, note
        static let select = "SELECT id, changed_at, changed_by, action, entity, entity_id, entity_uuid, old_values, new_values, note FROM history"
        static var queries: [String] { [select] }
    }
}
