import ParleySQLite

/// Changes to a topic. nil leaves a field as it is; for optional fields, `.some(nil)` clears it.
public struct TopicEdit: Sendable, Equatable {
    public var slug: String?
    public var title: String?
    public var description: String??
    /// A topic name, or `.some(nil)` to make it a top-level topic.
    public var parent: String??

    public init(slug: String? = nil, title: String? = nil, description: String?? = nil, parent: String?? = nil) {
        self.slug = slug
        self.title = title
        self.description = description
        self.parent = parent
    }
}

extension TopicStore {
    /// Changes a topic's fields, recording the old and new values in the history.
    /// - Throws: `ParleyError.conflict` for a taken slug, `ParleyError.invalidInput` for a parent
    ///   that would make a cycle.
    @discardableResult
    public func edit(_ query: String, _ edit: TopicEdit) throws -> Topic {
        try db.write { _ in
            let before = try resolve(query)
            var assignments: [String] = []
            var arguments: [any SQLiteBindable] = []
            if let slug = edit.slug.map(TextKeys.slug), slug != before.slug {
                guard !slug.isEmpty else { throw ParleyError.invalid("a slug needs letters or digits", field: "slug") }
                if try db.scalar("SELECT id FROM topic WHERE slug = ?", [slug]) as Int64? != nil {
                    throw ParleyError.conflict("the topic '\(slug)' already exists; to combine the two, use `parley topic merge`")
                }
                assignments.append("slug = ?")
                arguments.append(slug)
            }
            if let title = edit.title?.trimmingWhitespace(), title != before.title {
                guard !title.isEmpty else { throw ParleyError.invalid("a topic needs a title", field: "title") }
                assignments += ["title = ?", "title_key = ?"]
                arguments += [title, TextKeys.nameKey(title)]
            }
            if let description = edit.description {
                assignments.append("description = ?")
                arguments.append(description.nonBlank)
            }
            if let parent = edit.parent {
                var parentID: Int64?
                if let parent = parent.nonBlank {
                    let id = try resolver.resolve(parent)
                    if try descendantIDs(of: before.id).contains(id) {
                        throw ParleyError.invalid("'\(parent)' is \(before.slug) itself or one of its sub-topics; a topic cannot be its own parent", field: "parent")
                    }
                    parentID = id
                }
                assignments.append("parent_id = ?")
                arguments.append(parentID)
            }
            guard !assignments.isEmpty else { return before }
            // Column names come from the fixed list above; values are bound.
            try db.execute("UPDATE topic SET \(assignments.joined(separator: ", ")), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                           arguments + [before.id])
            let after = try get(id: before.id)
            try history.recordEdit(.topic, id: before.id, uuid: before.uuid, before: TopicRecord(before).json, after: TopicRecord(after).json)
            return after
        }
    }

    /// Merges one topic into another: FROM's stances and sub-topics move to INTO, and FROM is
    /// removed. Where a statement took a stance on both, INTO's stance stays and FROM's is kept
    /// in the history entry.
    @discardableResult
    public func merge(_ fromQuery: String, into intoQuery: String) throws -> Topic {
        try db.write { _ in
            let from = try resolve(fromQuery)
            let into = try resolve(intoQuery)
            guard from.id != into.id else {
                throw ParleyError.invalid("'\(fromQuery)' and '\(intoQuery)' are the same topic; nothing to merge")
            }
            if try descendantIDs(of: from.id).contains(into.id) {
                // INTO is below FROM: lift it to FROM's place first, so no cycle can form.
                try db.execute("UPDATE topic SET parent_id = ? WHERE id = ?", [from.parent?.id, into.id])
            }
            let dropped: [JSONValue] = try db.map(DroppedStanceColumn.query, [into.id, from.id]) { row in
                .object([("statement", .int(try row[DroppedStanceColumn.statementID])), ("stance", .string(try row[DroppedStanceColumn.stance]))])
            }
            try db.execute("DELETE FROM stance WHERE topic_id = ?1 AND statement_id IN (SELECT statement_id FROM stance WHERE topic_id = ?2)", [from.id, into.id])
            let moved: Int = try db.scalar("SELECT count(*) FROM stance WHERE topic_id = ?", [from.id]) ?? 0
            try db.execute("UPDATE stance SET topic_id = ? WHERE topic_id = ?", [into.id, from.id])
            try db.execute("UPDATE topic SET parent_id = ? WHERE parent_id = ?", [into.id, from.id])
            try db.execute("DELETE FROM topic WHERE id = ?", [from.id])
            var old = TopicRecord(from).json
            if case .object(var members) = old, !dropped.isEmpty {
                members.append(("stances_dropped", .array(dropped)))
                old = .object(members)
            }
            let reference = JSONValue.object([("id", .int(into.id)), ("uuid", .string(into.uuid)), ("slug", .string(into.slug))])
            try history.record("merge", .topic, id: from.id, uuid: from.uuid, old: old, new: .object([("merged_into", reference)]),
                               note: "\(moved) stance(s) moved, \(dropped.count) dropped where the statement had a stance on \(into.slug)")
            try history.record("merge", .topic, id: into.id, uuid: into.uuid, old: nil, new: nil,
                               note: "merged \(from.slug) (id \(from.id)) into this topic")
            return try get(id: into.id)
        }
    }
}

extension TopicStore {
    /// The stances a merge drops: those of statements that take a stance on both topics (the
    /// one merged into, then the one merged).
    enum DroppedStanceColumn: Int, QueryColumns {
        case statementID, stance
        static let query = """
            SELECT f.statement_id, f.stance FROM stance f
            JOIN stance i ON i.statement_id = f.statement_id AND i.topic_id = ?
            WHERE f.topic_id = ?
            """
        static var queries: [String] { [query] }
    }
}
