import ParleySQLite

/// A statement's stances as the streaming readers (`forEachTimelineLine`, `forEachOutline`)
/// get them: one correlated subquery packs them as `topic id=stance` items joined by commas,
/// and the topics' slugs come from this map, read once per listing.
///
/// Neither part of an item can hold a separator: the id is an integer and the stance is one of
/// the five words migration 3's CHECK allows. Reading the slugs here rather than joining
/// `topic` for every stance, and leaving the items unsorted in SQL, took a third off the
/// query of `statement list` (callgrind, 100,000 statements: 2.35 → 1.54 billion instructions in
/// `sqlite3_step`); an `ORDER BY` inside the subquery would open a sorter for every row.
struct PackedStances {
    /// One stance: its topic's id and slug, and the position.
    struct Item: Equatable {
        var topicID: Int64
        var slug: String
        var stance: Stance
    }

    /// `SELECT … AS stances` for a statement aliased `s`.
    static let subquery = "(SELECT group_concat(st.topic_id || '=' || st.stance) FROM stance st WHERE st.statement_id = s.id)"

    private let db: Database
    /// Each topic's slug and its place in slug order.
    private var topics: [Int64: (slug: String, rank: Int)] = [:]

    init(_ db: Database) throws {
        self.db = db
        try load()
    }

    /// Reads every topic's slug, in the order SQLite's `ORDER BY slug` gives (byte order).
    private mutating func load() throws {
        var loaded: [Int64: (slug: String, rank: Int)] = [:]
        try db.prepare(TopicSlugColumn.select).forEach { row in
            loaded[try row[TopicSlugColumn.id]] = (try row[TopicSlugColumn.slug], loaded.count)
        }
        topics = loaded
    }

    /// The stances of a packed list, in their topics' slug order (as a `Statement`'s). A topic
    /// made since the map was read (by another writer, during a long listing) reloads it.
    mutating func items(_ packed: String?) throws -> [Item] {
        guard var packed, !packed.isEmpty else { return [] }
        let parsed: [(topicID: Int64, stance: Stance)]? = packed.withUTF8 { bytes in
            var items: [(topicID: Int64, stance: Stance)] = []
            var index = 0
            while index < bytes.count {
                guard let id = TextBytes.decimal(in: bytes, at: &index, before: UInt8(ascii: "=")) else { return nil }
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ",") { index += 1 }
                guard let stance = Stance(rawValue: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                else { return nil }
                items.append((id, stance))
                index += 1
            }
            return items
        }
        guard let parsed else { throw ParleyError.database("a packed list of stances from the database is malformed: \(packed.prefix(80))") }
        // Every topic from the same reading of the map, so that their ranks compare: one look-up
        // per stance, and on a miss the map read again and the look-ups done again.
        var found = withRanks(parsed)
        if found == nil {
            try load()
            found = withRanks(parsed)
        }
        guard var ranked = found else {
            let missing = parsed.first { topics[$0.topicID] == nil }?.topicID ?? 0
            throw ParleyError.database("a stance names topic \(missing), which does not exist")
        }
        if ranked.count > 1 { ranked.sort { $0.rank < $1.rank } }
        return ranked.map(\.item)
    }

    /// The stances with their topics' slugs and ranks, or nil when the map lacks a topic.
    private func withRanks(_ parsed: [(topicID: Int64, stance: Stance)]) -> [(rank: Int, item: Item)]? {
        var ranked: [(rank: Int, item: Item)] = []
        ranked.reserveCapacity(parsed.count)
        for (topicID, stance) in parsed {
            guard let topic = topics[topicID] else { return nil }
            ranked.append((topic.rank, Item(topicID: topicID, slug: topic.slug, stance: stance)))
        }
        return ranked
    }

    /// The topics' ids and slugs.
    enum TopicSlugColumn: Int, QueryColumns {
        case id, slug
        static let select = "SELECT id, slug FROM topic ORDER BY slug"
        static var queries: [String] { [select] }
    }
}
