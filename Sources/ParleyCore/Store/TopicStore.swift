import ParleySQLite

/// What is needed to add a topic.
public struct NewTopic: Sendable, Equatable {
    /// The slug; derived from the title when nil.
    public var slug: String?
    /// The title; derived from the slug (`direct-talks` → `Direct talks`) when nil.
    public var title: String?
    public var description: String?
    /// The parent topic: a slug, title, id or UUID.
    public var parent: String?
    public var uuid: String?

    public init(slug: String? = nil, title: String? = nil, description: String? = nil, parent: String? = nil, uuid: String? = nil) {
        self.slug = slug
        self.title = title
        self.description = description
        self.parent = parent
        self.uuid = uuid
    }
}

/// All SQL about topics.
public struct TopicStore {
    let db: Database
    /// Who makes changes, for the history table.
    var author: String? = nil

    var history: HistoryStore { HistoryStore(db: db, author: author) }

    var resolver: NameResolver {
        NameResolver(
            db: db, kind: .topic,
            byID: "SELECT id FROM topic WHERE id = ?",
            byUUID: "SELECT id FROM topic WHERE uuid = ?",
            bySlug: "SELECT id FROM topic WHERE slug = ?",
            byKey: ["SELECT id FROM topic WHERE title_key = ?"],
            candidates: Self.candidates, forgiving: true)
    }

    /// Every topic for `NameResolver`: its label, and its slug and title as keys.
    static let candidates = "SELECT id, slug || ' (' || title || ')' AS label, slug || char(31) || title_key AS keys FROM topic ORDER BY slug"

    /// Finds one topic by id, UUID, slug or title.
    public func resolve(_ query: String) throws -> Topic {
        try get(id: resolver.resolve(query))
    }

    public func findID(_ query: String) throws -> Int64? {
        try resolver.find(query)
    }

    /// Adds a topic.
    /// - Throws: `ParleyError.invalidInput` for a blank slug and title, `ParleyError.conflict`
    ///   when the slug is taken.
    @discardableResult
    public func add(_ new: NewTopic) throws -> Topic {
        try db.write { _ in try get(id: try insert(new)) }
    }

    func insert(_ new: NewTopic) throws -> Int64 {
        let slug = (new.slug.nonBlank ?? new.title.nonBlank).map(TextKeys.slug) ?? ""
        guard !slug.isEmpty else {
            throw ParleyError.invalid("a topic needs a slug or a title with letters or digits", field: "slug")
        }
        let title = new.title.nonBlank ?? Self.title(fromSlug: slug)
        if let uuid = new.uuid, !TextKeys.isUUID(uuid) {
            throw ParleyError.invalid("'\(uuid)' is not a UUID", field: "uuid")
        }
        if try db.scalar("SELECT id FROM topic WHERE slug = ?", [slug]) as Int64? != nil {
            throw ParleyError.conflict("the topic '\(slug)' already exists")
        }
        var parentID: Int64?
        if let parent = new.parent.nonBlank {
            parentID = try resolver.resolve(parent)
        }
        try db.execute("""
            INSERT INTO topic (uuid, slug, title, title_key, description, parent_id) VALUES (?, ?, ?, ?, ?, ?)
            """, [new.uuid?.lowercased() ?? TextKeys.newUUID(), slug, title, TextKeys.nameKey(title), new.description.nonBlank, parentID])
        return db.lastInsertRowID
    }

    /// `direct-talks` → `Direct talks`.
    static func title(fromSlug slug: String) -> String {
        let words = slug.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A topic's columns, with its parent's.
    enum Column: Int, QueryColumns {
        case id, uuid, slug, title, description, parentID, parentSlug, parentTitle
        static let select = """
            SELECT t.id, t.uuid, t.slug, t.title, t.description, p.id AS parent_id, p.slug AS parent_slug, p.title AS parent_title
            FROM topic t LEFT JOIN topic p ON p.id = t.parent_id
            """
        static var queries: [String] { [select] }
    }

    public func get(id: Int64) throws -> Topic {
        let topic = try db.first(Column.select + " WHERE t.id = ?", [id]) { row -> Topic in
            typealias C = Column
            let parentID: Int64? = try row[C.parentID]
            return Topic(id: try row[C.id], uuid: try row[C.uuid], slug: try row[C.slug], title: try row[C.title], description: try row[C.description],
                         parent: try parentID.map { TopicRef(id: $0, slug: try row[C.parentSlug], title: try row[C.parentTitle]) })
        }
        guard let topic else { throw ParleyError.notFound(.topic, query: String(id), candidates: []) }
        return topic
    }

    /// Every topic, by slug.
    public func list() throws -> [Topic] {
        let ids: [Int64] = try db.map("SELECT id FROM topic ORDER BY slug") { try $0[0] }
        return try ids.map { try get(id: $0) }
    }

    /// The topic and all its sub-topics, at any depth.
    public func descendantIDs(of id: Int64) throws -> [Int64] {
        try db.map("""
            WITH RECURSIVE sub(id) AS (
                VALUES (?)
                UNION SELECT t.id FROM topic t JOIN sub ON t.parent_id = sub.id
            )
            SELECT id FROM sub
            """, [id]) { try $0[0] }
    }

    /// The topics `queries` name and all their sub-topics, or nil when none is named (all topics).
    public func scope(_ queries: [String]) throws -> Set<Int64>? {
        guard !queries.isEmpty else { return nil }
        var ids = Set<Int64>()
        for query in queries { ids.formUnion(try descendantIDs(of: try resolver.resolve(query))) }
        return ids
    }

    /// How many stances each topic has, by topic id.
    public func stanceCounts() throws -> [Int64: Int] {
        try db.counts(of: "stance", by: "topic_id")
    }
}
