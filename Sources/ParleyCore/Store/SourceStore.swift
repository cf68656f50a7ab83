import ParleySQLite

/// What is needed to add a source. At least one of url, title and outlet.
public struct NewSource: Sendable, Equatable {
    public var url: String?
    public var outlet: String?
    public var title: String?
    public var author: String?
    public var publishedOn: PartialDate?
    public var via: String?
    public var archivedURL: String?
    public var language: String?
    public var uuid: String?

    public init(url: String? = nil, outlet: String? = nil, title: String? = nil, author: String? = nil,
                publishedOn: PartialDate? = nil, via: String? = nil, archivedURL: String? = nil,
                language: String? = nil, uuid: String? = nil) {
        self.url = url
        self.outlet = outlet
        self.title = title
        self.author = author
        self.publishedOn = publishedOn
        self.via = via
        self.archivedURL = archivedURL
        self.language = language
        self.uuid = uuid
    }
}

/// All SQL about sources.
///
/// A source is found by id, UUID or URL (exactly as stored, after trimming). Titles are not
/// unique and are not used for lookups.
public struct SourceStore {
    let db: Database
    /// Who makes changes, for the history table.
    var author: String? = nil

    var history: HistoryStore { HistoryStore(db: db, author: author) }

    var resolver: NameResolver {
        NameResolver(
            db: db, kind: .source,
            byID: "SELECT id FROM source WHERE id = ?",
            byUUID: "SELECT id FROM source WHERE uuid = ?",
            bySlug: nil,
            byKey: [],
            candidates: Self.candidates)
    }

    /// Every source for `NameResolver`: its URL (or title, or outlet), and its URL and title as keys.
    static let candidates = """
        SELECT id, coalesce(url, title, outlet) AS label, lower(coalesce(url, '') || char(31) || coalesce(title, '')) AS keys
        FROM source ORDER BY id
        """

    public func resolve(_ query: String) throws -> Source {
        let trimmed = query.trimmingWhitespace()
        if let id: Int64 = try db.scalar("SELECT id FROM source WHERE url = ?", [trimmed]) {
            return try get(id: id)
        }
        return try get(id: resolver.resolve(query))
    }

    /// The id of the source with this URL, if any.
    public func findID(url: String) throws -> Int64? {
        try db.scalar("SELECT id FROM source WHERE url = ?", [url.trimmingWhitespace()])
    }

    /// Adds a source.
    /// - Throws: `ParleyError.invalidInput` when it has no URL, title or outlet;
    ///   `ParleyError.conflict` when the URL is already recorded.
    @discardableResult
    public func add(_ new: NewSource) throws -> Source {
        try db.write { _ in try get(id: try insert(new)) }
    }

    /// A URL with white space in it is a mistake (two pasted together, a title in the wrong field).
    static func checkURL(_ url: String) throws {
        // Visible ASCII throughout (most URLs): no white space, without looking at characters.
        if url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return }
        if url.contains(where: { $0.isWhitespace }) {
            throw ParleyError.invalid("'\(url)' is not a URL: it contains white space", field: "url")
        }
    }

    func insert(_ new: NewSource) throws -> Int64 {
        if let id = try insertUnlessTaken(new) { return id }
        if let url = new.url.nonBlank, let existing = try findID(url: url) {
            throw ParleyError.conflict("the source \(url) is already recorded (id \(existing))")
        }
        throw ParleyError.conflict("a source with the UUID \(new.uuid ?? "") is already recorded")
    }

    /// Inserts a source unless its URL or UUID is already recorded: then nothing is written and
    /// the result is nil. The insert is the look-up, so a new source costs one search per index.
    func insertUnlessTaken(_ new: NewSource) throws -> Int64? {
        let url = new.url.nonBlank
        guard url != nil || new.title.nonBlank != nil || new.outlet.nonBlank != nil else {
            throw ParleyError.invalid("a source needs a URL, a title or an outlet", field: "source")
        }
        if let url { try Self.checkURL(url) }
        if let uuid = new.uuid, !TextKeys.isUUID(uuid) {
            throw ParleyError.invalid("'\(uuid)' is not a UUID", field: "uuid")
        }
        try db.execute("""
            INSERT INTO source (uuid, url, outlet, title, author, published_on, via, archived_url, language)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, [new.uuid?.lowercased() ?? TextKeys.newUUID(), url, new.outlet.nonBlank, new.title.nonBlank,
                  new.author.nonBlank, new.publishedOn?.description, new.via.nonBlank, new.archivedURL.nonBlank,
                  new.language.nonBlank])
        return db.changes > 0 ? db.lastInsertRowID : nil
    }

    /// The source with `new.url`, created from `new` when missing. When it exists, any field
    /// `new` gives must agree with what is stored: a different value is a conflict, never a
    /// silent overwrite.
    func findOrInsert(_ new: NewSource) throws -> Int64 {
        guard let url = new.url.nonBlank, let id = try findID(url: url) else { return try insert(new) }
        let stored = try get(id: id)
        let given: [(String, String?, String?)] = [
            ("outlet", new.outlet.nonBlank, stored.outlet), ("title", new.title.nonBlank, stored.title),
            ("author", new.author.nonBlank, stored.author), ("published", new.publishedOn?.description, stored.publishedOn?.description),
            ("via", new.via.nonBlank, stored.via),
        ]
        for (field, value, existing) in given {
            if let value, value != existing {
                throw ParleyError.conflict("the source \(url) is already recorded with \(field) '\(existing ?? "")', not '\(value)'; leave the option out to use the stored source")
            }
        }
        return id
    }

    /// A source's columns (`source(from:)` reads them).
    enum Column: Int, QueryColumns, SourceColumns {
        case id, uuid, url, outlet, title, author, publishedOn, via, archivedURL, language
        static let select = "SELECT id, uuid, url, outlet, title, author, published_on, via, archived_url, language FROM source"
        static var queries: [String] { [select] }
    }

    public func get(id: Int64) throws -> Source {
        let source = try db.first(Column.select + " WHERE id = ?", [id]) { try Self.source(from: $0, Column.self) }
        guard let source else { throw ParleyError.notFound(.source, query: String(id), candidates: []) }
        return source
    }

    /// Every source, earliest published first.
    public func list() throws -> [Source] {
        try db.map(Column.select + " ORDER BY published_on IS NULL, published_on, id") { try Self.source(from: $0, Column.self) }
    }

    /// How many statements each source reports, by source id.
    public func statementCounts() throws -> [Int64: Int] {
        try db.counts(of: "statement_source", by: "source_id")
    }

    /// A source from a row of any query whose columns include a source's (`C`).
    static func source<C: SourceColumns>(from row: Row, _: C.Type) throws -> Source {
        Source(id: try row[C.id], uuid: try row[C.uuid], url: try row[C.url], outlet: try row[C.outlet], title: try row[C.title],
               author: try row[C.author], publishedOn: try PartialDate.parseOptional(try row[C.publishedOn]),
               via: try row[C.via], archivedURL: try row[C.archivedURL], language: try row[C.language])
    }
}

/// The columns of a query that reads whole sources, besides any others it has (a statement's
/// sources come with the statement's id).
protocol SourceColumns: QueryColumns {
    static var id: Self { get }
    static var uuid: Self { get }
    static var url: Self { get }
    static var outlet: Self { get }
    static var title: Self { get }
    static var author: Self { get }
    static var publishedOn: Self { get }
    static var via: Self { get }
    static var archivedURL: Self { get }
    static var language: Self { get }
}
