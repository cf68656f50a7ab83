import ParleySQLite

/// One stance taken, as the stance matrix needs it: who took which position on what, and where
/// the statement stands in timeline order. No text, sources or names: a matrix of a million
/// statements reads one narrow row per stance.
public struct StanceRow: Sendable, Equatable {
    public var statementID: Int64
    public var speakerID: Int64
    public var topicID: Int64
    public var stance: Stance
    /// The statement's date as stored (`effective_on`: said on, else first reported), unparsed.
    public var effectiveOn: String?
    /// True when the date is the first report's, not the said-on date.
    public var isReported: Bool

    /// The row's place in timeline order (dated first, by date, then by id): of two stances of
    /// one speaker on one topic, the one with the greater key is the later. Dates compare as
    /// SQLite compares the stored text.
    public func isLater(than other: StanceRow) -> Bool {
        switch (effectiveOn, other.effectiveOn) {
        case (nil, nil): return statementID > other.statementID
        case (nil, _): return true
        case (_, nil): return false
        case let (mine?, theirs?):
            if mine != theirs { return theirs.utf8.lexicographicallyPrecedes(mine.utf8) }
            return statementID > other.statementID
        }
    }
}

extension StatementStore {
    /// Streams the stances of the statements `filter` selects, in the table's own order (one
    /// pass, nothing sorted: the caller keeps what it needs); `topics` limits them to those
    /// topics, nil for all.
    public func forEachStance(_ filter: StatementFilter = StatementFilter(), topics: Set<Int64>? = nil,
                              _ body: (StanceRow) throws -> Void) throws {
        var (whereClause, arguments) = try conditions(for: filter)
        if let topics {
            let ids = topics.sorted()
            let clause = "st.topic_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))"
            whereClause += whereClause.isEmpty ? "WHERE " + clause : " AND " + clause
            arguments += ids
        }
        let sql = """
            SELECT s.id, s.speaker_id, st.topic_id, st.stance, s.effective_on, s.said_on IS NULL AND s.reported_on IS NOT NULL
            FROM statement s JOIN stance st ON st.statement_id = s.id
            \(whereClause)
            """
        try db.prepare(sql).forEach(arguments) { row in
            try body(StanceRow(statementID: try row[0], speakerID: try row[1], topicID: try row[2],
                               stance: try Stance.parse(try row[3]), effectiveOn: try row[4], isReported: try row[5]))
        }
    }
}

extension ActorStore {
    /// Short references to the actors with these ids.
    public func refs(_ ids: Set<Int64>) throws -> [Int64: ActorRef] {
        var refs: [Int64: ActorRef] = [:]
        let statement = try db.prepare("SELECT id, slug, name FROM actor WHERE id = ?")
        for id in ids {
            if let ref = try statement.first([id], { ActorRef(id: try $0[0], slug: try $0[1], name: try $0[2]) }) { refs[id] = ref }
        }
        return refs
    }

}

extension TopicStore {
    /// Short references to the topics with these ids.
    public func refs(_ ids: Set<Int64>) throws -> [Int64: TopicRef] {
        var refs: [Int64: TopicRef] = [:]
        let statement = try db.prepare("SELECT id, slug, title FROM topic WHERE id = ?")
        for id in ids {
            if let ref = try statement.first([id], { TopicRef(id: try $0[0], slug: try $0[1], title: try $0[2]) }) { refs[id] = ref }
        }
        return refs
    }
}
