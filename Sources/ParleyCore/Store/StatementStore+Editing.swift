import ParleySQLite

/// Changes to a statement. nil leaves a field as it is; for optional fields, `.some(nil)` clears it.
public struct StatementEdit: Sendable, Equatable {
    public var speaker: String?
    public var onBehalfOf: String??
    public var text: String?
    public var kind: StatementKind?
    public var saidOn: PartialDate??
    public var medium: String??
    public var place: String??
    public var language: String??
    public var note: String??
    public var cameoCode: String??
    /// Stances to set (added, or replacing the stance on that topic).
    public var setStances: [StanceInput]
    /// Topics whose stance to remove.
    public var removeStances: [String]
    public var addSources: [NewSource]
    /// Sources to uncredit, by URL, id or UUID.
    public var removeSources: [String]
    public var addTargets: [String]
    public var removeTargets: [String]

    public init(speaker: String? = nil, onBehalfOf: String?? = nil, text: String? = nil, kind: StatementKind? = nil,
                saidOn: PartialDate?? = nil, medium: String?? = nil, place: String?? = nil, language: String?? = nil,
                note: String?? = nil, cameoCode: String?? = nil, setStances: [StanceInput] = [], removeStances: [String] = [],
                addSources: [NewSource] = [], removeSources: [String] = [], addTargets: [String] = [], removeTargets: [String] = []) {
        self.speaker = speaker
        self.onBehalfOf = onBehalfOf
        self.text = text
        self.kind = kind
        self.saidOn = saidOn
        self.medium = medium
        self.place = place
        self.language = language
        self.note = note
        self.cameoCode = cameoCode
        self.setStances = setStances
        self.removeStances = removeStances
        self.addSources = addSources
        self.removeSources = removeSources
        self.addTargets = addTargets
        self.removeTargets = removeTargets
    }
}

/// One statement as it was before an edit and as it is after.
public struct StatementChange: Sendable, Equatable {
    public var before: Statement
    public var after: Statement
    public var changed: Bool { before != after }
}

extension StatementStore {
    /// The content of a statement as history keeps it.
    func snapshot(_ statement: Statement) -> JSONValue {
        StatementRecord(statement, embedSources: false).json
    }

    /// Applies one edit to several statements, in one transaction, each change recorded in the
    /// history as its own entry: the statements given by id or UUID, or those `filter` selects.
    /// With `dryRun`, the changes are made, described and rolled back, so the answer is exactly
    /// what a real run would do. Removing a stance, source or target that one of several
    /// statements does not have leaves that one as it is.
    /// - Throws: `ParleyError.conflict` when the filter selects nothing; any error of `edit`,
    ///   which leaves every statement as it was.
    public func edit(_ queries: [String], where filter: StatementFilter?, _ edit: StatementEdit, dryRun: Bool = false) throws -> [StatementChange] {
        try db.write(dryRun: dryRun) { _ in
            var ids: [Int64] = []
            for query in queries { ids.append(try resolve(query).id) }
            if let filter { ids += try list(filter).map(\.id) }
            var seen = Set<Int64>()
            ids = ids.filter { seen.insert($0).inserted }
            guard !ids.isEmpty else {
                throw ParleyError.conflict("no statement matches the filters, so nothing was changed; `parley statement list` with the same filters (without where-) shows what they select")
            }
            return try ids.map { id in
                let before = try get(id: id)
                return StatementChange(before: before, after: try self.edit(String(id), edit, strict: ids.count == 1))
            }
        }
    }

    /// Changes a statement, recording the old and new values of what changed in the history.
    /// - Parameter strict: whether removing a stance, source or target the statement does not
    ///   have is an error (one statement), or nothing to do (one of many, in a bulk edit).
    /// - Parameter rejecting: whether a new speaker or new words remember the old ones as
    ///   rejected (a user's correction; not an import's update or an undo's restore).
    /// - Returns: the statement as it now is.
    @discardableResult
    public func edit(_ query: String, _ edit: StatementEdit, strict: Bool = true, rejecting: Bool = true) throws -> Statement {
        try db.write { _ in
            let before = try resolve(query)
            let id = before.id
            var assignments: [String] = []
            var arguments: [any SQLiteBindable] = []
            func set(_ column: String, _ value: (any SQLiteBindable)?) {
                assignments.append("\(column) = ?")
                arguments.append(value ?? SQLiteValue.null)
            }
            if let speaker = edit.speaker { set("speaker_id", try actors.resolver.resolve(speaker)) }
            if let onBehalfOf = edit.onBehalfOf {
                set("on_behalf_of_id", try onBehalfOf.nonBlank.map { try actors.resolver.resolve($0) })
            }
            if let text = edit.text {
                let trimmed = text.trimmingWhitespace()
                guard !trimmed.isEmpty else { throw ParleyError.invalid("the statement text cannot be empty", field: "text") }
                set("text", trimmed)
                set("text_hash", TextKeys.textHash(trimmed))
            }
            if let kind = edit.kind { set("kind", kind.rawValue) }
            if let saidOn = edit.saidOn { set("said_on", saidOn?.description) }
            if let medium = edit.medium { set("medium", medium.nonBlank) }
            if let place = edit.place { set("place", place.nonBlank) }
            if let language = edit.language { set("language", language.nonBlank) }
            if let note = edit.note { set("note", note.nonBlank) }
            if let cameo = edit.cameoCode {
                let code = cameo.nonBlank
                if let code, try db.scalar("SELECT code FROM cameo_event WHERE code = ?", [code]) as String? == nil {
                    throw ParleyError.invalid("unknown CAMEO code '\(code)'", field: "cameo")
                }
                set("cameo_code", code)
            }
            if !assignments.isEmpty {
                do {
                    // Column names come from the fixed list above; values are bound.
                    try db.execute("UPDATE statement SET \(assignments.joined(separator: ", ")) WHERE id = ?", arguments + [id])
                } catch ResultCode.constraintCheck {
                    throw ParleyError.invalid("a speaker cannot speak on behalf of themselves", field: "on_behalf_of")
                }
            }
            if !edit.setStances.isEmpty {
                // The copies as they are after the UPDATE above.
                let copies = try stanceCopies(of: id)
                for stance in edit.setStances {
                    let topicID = try topics.resolver.resolve(stance.topic)
                    try db.execute(Self.insertStance + " ON CONFLICT (statement_id, topic_id) DO UPDATE SET stance = excluded.stance",
                                   [id, topicID, stance.stance.rawValue] + copies.arguments)
                }
            }
            for topic in edit.removeStances {
                let topicID = try topics.resolver.resolve(topic)
                try db.execute("DELETE FROM stance WHERE statement_id = ? AND topic_id = ?", [id, topicID])
                guard db.changes > 0 || !strict else { throw ParleyError.conflict("statement \(id) has no stance on \(topic)") }
            }
            for source in edit.addSources {
                try addSource(try sources.findOrInsert(source), to: id)
            }
            for source in edit.removeSources {
                let sourceID = try sources.resolve(source).id
                try db.execute("DELETE FROM statement_source WHERE statement_id = ? AND source_id = ?", [id, sourceID])
                guard db.changes > 0 || !strict else { throw ParleyError.conflict("statement \(id) is not credited to the source \(source)") }
            }
            for target in edit.addTargets {
                try db.execute("INSERT OR IGNORE INTO statement_target (statement_id, actor_id) VALUES (?, ?)", [id, try actors.resolver.resolve(target)])
            }
            for target in edit.removeTargets {
                try db.execute("DELETE FROM statement_target WHERE statement_id = ? AND actor_id = ?", [id, try actors.resolver.resolve(target)])
                guard db.changes > 0 || !strict else { throw ParleyError.conflict("statement \(id) is not about \(target)") }
            }
            var after = try get(id: id)
            if rejecting, after.speaker.id != before.speaker.id || TextKeys.textHash(after.text) != TextKeys.textHash(before.text) {
                try rememberRejected(before)
            }
            if try history.recordEdit(.statement, id: id, uuid: before.uuid, before: snapshot(before), after: snapshot(after)) {
                try touch(id)
                after = try get(id: id)
            }
            return after
        }
    }

    /// Marks a statement as retracted: it stays, with its reason, and reports leave it out
    /// unless asked to include retracted statements.
    @discardableResult
    public func retract(_ query: String, reason: String) throws -> Statement {
        try db.write { _ in
            let before = try resolve(query)
            guard !before.isRetracted else {
                throw ParleyError.conflict("statement \(before.id) was already retracted on \(before.retractedAt ?? "?")")
            }
            guard let reason = reason.nonBlank else {
                throw ParleyError.invalid("say why the statement is retracted", field: "--reason")
            }
            try markRetracted(before.id, reason: reason)
            try touch(before.id)
            let after = try get(id: before.id)
            try history.recordEdit(.statement, id: before.id, uuid: before.uuid, before: snapshot(before), after: snapshot(after), action: "retract")
            return after
        }
    }

    /// Links two statements: `from` repeats / clarifies / contradicts / retracts / responds to `to`.
    public func link(_ fromQuery: String, to toQuery: String, as relation: LinkRelation) throws {
        try db.write { _ in
            let from = try resolve(fromQuery)
            let to = try resolve(toQuery)
            guard from.id != to.id else { throw ParleyError.invalid("a statement cannot be linked to itself") }
            try insertLink(from: from.id, to: to.id, relation: relation)
            guard db.changes > 0 else {
                throw ParleyError.conflict("statement \(from.id) already \(relation.rawValue) statement \(to.id)")
            }
            try touch(from.id)
            let after = try get(id: from.id)
            try history.recordEdit(.statement, id: from.id, uuid: from.uuid, before: snapshot(from), after: snapshot(after), action: "link")
        }
    }

    func insertLink(from: Int64, to: Int64, relation: LinkRelation) throws {
        try db.execute("INSERT OR IGNORE INTO statement_link (from_id, to_id, relation) VALUES (?, ?, ?)", [from, to, relation.rawValue])
    }

    /// Deletes a statement for good. Refused unless `purge` is true, because nothing else in
    /// Parley loses data: retracting keeps it. Even purged, the history keeps the whole record.
    public func delete(_ query: String, purge: Bool) throws {
        try db.write { _ in
            let statement = try resolve(query)
            guard purge else {
                throw ParleyError.conflict("statement \(statement.id) was not deleted: deleting loses it for good. "
                    + "To hide it from reports, retract it: parley statement retract \(statement.id) --reason \"…\". "
                    + "To delete it anyway, add --purge (the history keeps a copy).")
            }
            try history.record("delete", .statement, id: statement.id, uuid: statement.uuid, old: snapshot(statement), new: nil)
            try rememberRejected(statement)
            try db.execute("DELETE FROM statement WHERE id = ?", [statement.id])
        }
    }

    func touch(_ id: Int64) throws {
        try db.execute("UPDATE statement SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", [id])
    }
}
