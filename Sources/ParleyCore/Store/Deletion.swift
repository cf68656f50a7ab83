import ParleySQLite

/// What refers to a record, and so keeps it from being deleted.
public struct References: Sendable, Equatable {
    /// `3 statement(s) as speaker`, `1 sub-topic`…, in a fixed order; empty when nothing does.
    public var items: [(what: String, count: Int)]

    public var isEmpty: Bool { items.allSatisfy { $0.count == 0 } }

    /// `3 statements as speaker, 1 affiliation (as organization)`.
    public var description: String {
        items.filter { $0.count > 0 }.map { "\($0.count) \($0.what)" }.joined(separator: ", ")
    }

    public static func == (a: References, b: References) -> Bool {
        a.items.map(\.what) == b.items.map(\.what) && a.items.map(\.count) == b.items.map(\.count)
    }
}

/// Records removed by `delete` or `prune`, as they were (the history keeps each whole).
public struct Removed<Record: Sendable>: Sendable {
    public var records: [Record]
    /// True when nothing was written (`--dry-run`).
    public var dryRun: Bool
}

extension ActorStore {
    /// What refers to an actor: statements it made, was spoken for in or is about, and other
    /// actors' affiliations naming it as their organization. Its own aliases and affiliations
    /// are part of it and go with it.
    public func references(to id: Int64) throws -> References {
        func count(_ sql: String) throws -> Int { try db.scalar(sql, [id]) ?? 0 }
        return References(items: [
            ("statement(s) as speaker", try count("SELECT count(*) FROM statement WHERE speaker_id = ?")),
            ("statement(s) as the one spoken for", try count("SELECT count(*) FROM statement WHERE on_behalf_of_id = ?")),
            ("statement(s) about it", try count("SELECT count(*) FROM statement_target WHERE actor_id = ?")),
            ("affiliation(s) of other actors naming it as their organization", try count("SELECT count(*) FROM affiliation WHERE organization_id = ?")),
        ])
    }

    /// Deletes an actor that nothing refers to, with its aliases and its own affiliations; the
    /// history keeps its whole record. With `reassignTo`, its statements (as speaker, as the one
    /// spoken for, as target) and the affiliations naming it as organization move to that actor
    /// first, each statement's move recorded in the history. Unlike `merge`, its name does not
    /// become an alias: use this for a name that was a mistake.
    /// - Throws: `ParleyError.conflict` naming what refers to it.
    @discardableResult
    public func delete(_ query: String, reassignTo: String? = nil) throws -> DiplomaticActor {
        try db.write { _ in
            let actor = try resolve(query)
            if let reassignTo {
                let other = try resolve(reassignTo)
                guard other.id != actor.id else {
                    throw ParleyError.invalid("'\(query)' and '\(reassignTo)' are the same actor (\(actor.name)); give another one to move its statements to")
                }
                try reassign(actor, to: other)
            }
            let references = try references(to: actor.id)
            guard references.isEmpty else {
                throw ParleyError.conflict("\(actor.name) (id \(actor.id)) was not deleted: \(references.description) refer to it. "
                    + "Move them with --reassign-to OTHER (or `parley statement edit --where-speaker \"\(actor.name)\" --speaker OTHER`), "
                    + "or merge it into another actor with `parley actor merge`, which keeps its name as an alias.")
            }
            try history.record("delete", .actor, id: actor.id, uuid: actor.uuid, old: ActorRecord(actor).json, new: nil)
            try db.execute("DELETE FROM actor WHERE id = ?", [actor.id])
            return actor
        }
    }

    /// Moves what refers to `actor` over to `other`, recording each statement's change.
    private func reassign(_ actor: DiplomaticActor, to other: DiplomaticActor) throws {
        let statements = StatementStore(db: db, author: author)
        let ids: [Int64] = try db.map("""
            SELECT id FROM statement WHERE speaker_id = ?1 OR on_behalf_of_id = ?1
            UNION SELECT statement_id FROM statement_target WHERE actor_id = ?1 ORDER BY 1
            """, [actor.id]) { try $0[0] }
        for id in ids {
            let before = try statements.get(id: id)
            // Spoken for by the one who speaks is no longer a distinction.
            try db.execute("""
                UPDATE statement SET on_behalf_of_id = NULL
                WHERE id = ?1 AND ((speaker_id = ?2 AND on_behalf_of_id = ?3) OR (speaker_id = ?3 AND on_behalf_of_id = ?2))
                """, [id, actor.id, other.id])
            try db.execute("UPDATE statement SET speaker_id = ? WHERE id = ? AND speaker_id = ?", [other.id, id, actor.id])
            try db.execute("UPDATE statement SET on_behalf_of_id = ? WHERE id = ? AND on_behalf_of_id = ?", [other.id, id, actor.id])
            try db.execute("INSERT OR IGNORE INTO statement_target (statement_id, actor_id) SELECT statement_id, ? FROM statement_target WHERE statement_id = ? AND actor_id = ?",
                           [other.id, id, actor.id])
            try db.execute("DELETE FROM statement_target WHERE statement_id = ? AND actor_id = ?", [id, actor.id])
            try statements.touch(id)
            let after = try statements.get(id: id)
            if after.speaker.id != before.speaker.id { try statements.rememberRejected(before) }
            try history.recordEdit(.statement, id: id, uuid: before.uuid, before: statements.snapshot(before), after: statements.snapshot(after))
        }
        try db.execute("UPDATE affiliation SET organization_id = ? WHERE organization_id = ? AND actor_id <> ?", [other.id, actor.id, other.id])
        try db.execute("DELETE FROM affiliation WHERE organization_id = ?", [actor.id])
    }

    /// Deletes every actor nothing refers to (see `references(to:)`), each kept whole in the
    /// history; with `dryRun`, only lists them.
    public func prune(dryRun: Bool) throws -> Removed<DiplomaticActor> {
        try db.write(dryRun: dryRun) { _ in
            // In passes: an organization that only the affiliations of pruned actors named goes too.
            var actors: [DiplomaticActor] = []
            while true {
                let ids: [Int64] = try db.map("""
                    SELECT id FROM actor a
                    WHERE NOT EXISTS (SELECT 1 FROM statement WHERE speaker_id = a.id)
                      AND NOT EXISTS (SELECT 1 FROM statement WHERE on_behalf_of_id = a.id)
                      AND NOT EXISTS (SELECT 1 FROM statement_target WHERE actor_id = a.id)
                      AND NOT EXISTS (SELECT 1 FROM affiliation WHERE organization_id = a.id)
                    ORDER BY name_key, id
                    """) { try $0[0] }
                guard !ids.isEmpty else { break }
                for id in ids {
                    let actor = try get(id: id)
                    actors.append(actor)
                    try history.record("delete", .actor, id: actor.id, uuid: actor.uuid, old: ActorRecord(actor).json, new: nil, note: "pruned: nothing referred to it")
                    try db.execute("DELETE FROM actor WHERE id = ?", [actor.id])
                }
            }
            return Removed(records: actors, dryRun: dryRun)
        }
    }
}

extension TopicStore {
    /// What refers to a topic: stances on it and its sub-topics.
    public func references(to id: Int64) throws -> References {
        References(items: [
            ("stance(s)", try db.scalar("SELECT count(*) FROM stance WHERE topic_id = ?", [id]) ?? 0),
            ("sub-topic(s)", try db.scalar("SELECT count(*) FROM topic WHERE parent_id = ?", [id]) ?? 0),
        ])
    }

    /// Deletes a topic that no stance and no sub-topic refers to; the history keeps it.
    /// - Throws: `ParleyError.conflict` naming what refers to it.
    @discardableResult
    public func delete(_ query: String) throws -> Topic {
        try db.write { _ in
            let topic = try resolve(query)
            let references = try references(to: topic.id)
            guard references.isEmpty else {
                throw ParleyError.conflict("the topic \(topic.slug) (id \(topic.id)) was not deleted: \(references.description) refer to it. "
                    + "Remove the stances (`parley statement edit --where-topic \(topic.slug) --remove-stance \(topic.slug)`), "
                    + "or merge it into another topic with `parley topic merge`.")
            }
            try history.record("delete", .topic, id: topic.id, uuid: topic.uuid, old: TopicRecord(topic).json, new: nil)
            try db.execute("DELETE FROM topic WHERE id = ?", [topic.id])
            return topic
        }
    }

    /// Deletes every topic with no stance and no sub-topic left (a parent whose sub-topics all
    /// go, goes too); with `dryRun`, only lists them.
    public func prune(dryRun: Bool) throws -> Removed<Topic> {
        try db.write(dryRun: dryRun) { _ in
            var removed: [Topic] = []
            while true {
                let ids: [Int64] = try db.map("""
                    SELECT id FROM topic t
                    WHERE NOT EXISTS (SELECT 1 FROM stance WHERE topic_id = t.id)
                      AND NOT EXISTS (SELECT 1 FROM topic c WHERE c.parent_id = t.id)
                    ORDER BY slug
                    """) { try $0[0] }
                guard !ids.isEmpty else { break }
                for id in ids {
                    let topic = try get(id: id)
                    removed.append(topic)
                    try history.record("delete", .topic, id: topic.id, uuid: topic.uuid, old: TopicRecord(topic).json, new: nil, note: "pruned: nothing referred to it")
                    try db.execute("DELETE FROM topic WHERE id = ?", [id])
                }
            }
            return Removed(records: removed, dryRun: dryRun)
        }
    }
}

extension SourceStore {
    /// What refers to a source: the statements it reports.
    public func references(to id: Int64) throws -> References {
        References(items: [("statement(s) it reports", try db.scalar("SELECT count(*) FROM statement_source WHERE source_id = ?", [id]) ?? 0)])
    }

    /// Deletes a source that reports no statement; the history keeps it.
    /// - Throws: `ParleyError.conflict` naming what refers to it.
    @discardableResult
    public func delete(_ query: String) throws -> Source {
        try db.write { _ in
            let source = try resolve(query)
            let references = try references(to: source.id)
            guard references.isEmpty else {
                throw ParleyError.conflict("the source \(SourceRecord(source).reference) (id \(source.id)) was not deleted: \(references.description) refer to it. "
                    + "Uncredit it first (`parley statement edit --where-source \(source.id) --remove-source \(source.id)`).")
            }
            try history.record("delete", .source, id: source.id, uuid: source.uuid, old: SourceRecord(source).json, new: nil)
            try db.execute("DELETE FROM source WHERE id = ?", [source.id])
            return source
        }
    }

    /// Deletes every source that reports no statement; with `dryRun`, only lists them.
    public func prune(dryRun: Bool) throws -> Removed<Source> {
        try db.write(dryRun: dryRun) { _ in
            let ids: [Int64] = try db.map("""
                SELECT id FROM source s WHERE NOT EXISTS (SELECT 1 FROM statement_source WHERE source_id = s.id) ORDER BY id
                """) { try $0[0] }
            let sources = try ids.map { try get(id: $0) }
            for source in sources {
                try history.record("delete", .source, id: source.id, uuid: source.uuid, old: SourceRecord(source).json, new: nil, note: "pruned: nothing referred to it")
                try db.execute("DELETE FROM source WHERE id = ?", [source.id])
            }
            return Removed(records: sources, dryRun: dryRun)
        }
    }
}

/// Thrown inside a write transaction to roll back what a dry run did, carrying its result out.
struct Rehearsal<T: Sendable>: Error {
    let result: T
}

extension Database {
    /// Runs `body` in a write transaction that is kept, or, with `dryRun`, rolled back: what
    /// `body` returns describes the changes either way, exactly as they would be made.
    func write<T: Sendable>(dryRun: Bool, _ body: (Database) throws -> T) throws -> T {
        guard dryRun else { return try write(body) }
        do {
            _ = try write { db -> T in throw Rehearsal(result: try body(db)) }
        } catch let rehearsal as Rehearsal<T> {
            return rehearsal.result
        }
        throw ParleyError.database("a dry run ended without its result")
    }
}
