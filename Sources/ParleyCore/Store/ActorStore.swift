import ParleySQLite

/// What is needed to add an actor.
public struct NewActor: Sendable, Equatable {
    public var name: String
    public var kind: ActorKind
    public var slug: String?
    public var uuid: String?
    public var country: String?
    public var wikidataID: String?
    public var description: String?
    public var aliases: [String]
    public var affiliations: [NewAffiliation]

    public init(name: String, kind: ActorKind = .person, slug: String? = nil, uuid: String? = nil,
                country: String? = nil, wikidataID: String? = nil, description: String? = nil,
                aliases: [String] = [], affiliations: [NewAffiliation] = []) {
        self.name = name
        self.kind = kind
        self.slug = slug
        self.uuid = uuid
        self.country = country
        self.wikidataID = wikidataID
        self.description = description
        self.aliases = aliases
        self.affiliations = affiliations
    }
}

/// A role to record for an actor; `organization` is a name, alias, slug, id or UUID of an actor.
public struct NewAffiliation: Sendable, Equatable {
    public var organization: String?
    public var role: String?
    public var startedOn: PartialDate?
    public var endedOn: PartialDate?

    public init(organization: String? = nil, role: String? = nil, startedOn: PartialDate? = nil, endedOn: PartialDate? = nil) {
        self.organization = organization
        self.role = role
        self.startedOn = startedOn
        self.endedOn = endedOn
    }
}

/// All SQL about actors, their aliases and affiliations.
public struct ActorStore {
    let db: Database
    /// Who makes changes, for the history table.
    var author: String? = nil

    var history: HistoryStore { HistoryStore(db: db, author: author) }

    var resolver: NameResolver {
        NameResolver(
            db: db, kind: .actor,
            byID: "SELECT id FROM actor WHERE id = ?",
            byUUID: "SELECT id FROM actor WHERE uuid = ?",
            bySlug: "SELECT id FROM actor WHERE slug = ?",
            byKey: ["SELECT id FROM actor WHERE name_key = ?",
                    "SELECT actor_id FROM actor_alias WHERE alias_key = ?"],
            candidates: Self.candidates, forgiving: true)
    }

    /// Every actor for `NameResolver`: its label, and its name, slug and aliases as keys.
    static let candidates = """
        SELECT a.id, a.name || ' (' || a.slug || ')' AS label,
               a.name_key || char(31) || a.slug || coalesce(char(31) || group_concat(al.alias_key, char(31)), '') AS keys
        FROM actor a LEFT JOIN actor_alias al ON al.actor_id = a.id
        GROUP BY a.id ORDER BY a.name_key
        """

    /// Finds one actor by id, UUID, slug, name or alias.
    /// - Throws: `ParleyError.notFound` with the closest names, or `ParleyError.ambiguous`.
    public func resolve(_ query: String) throws -> DiplomaticActor {
        try get(id: resolver.resolve(query))
    }

    /// The id of the actor `query` names, or nil when none does.
    public func findID(_ query: String) throws -> Int64? {
        try resolver.find(query)
    }

    /// Adds an actor with its aliases and affiliations, in one transaction.
    /// - Throws: `ParleyError.invalidInput` for bad fields, `ParleyError.conflict` when the
    ///   name or an alias already names another actor, or the slug or UUID is taken.
    @discardableResult
    public func add(_ new: NewActor) throws -> DiplomaticActor {
        try db.write { _ in
            let id = try insert(new)
            return try get(id: id)
        }
    }

    /// Inserts inside the caller's transaction; returns the new id.
    func insert(_ new: NewActor) throws -> Int64 {
        let name = new.name.trimmingWhitespace()
        var problems: [InputProblem] = []
        if name.isEmpty { problems.append(InputProblem(field: "name", message: "an actor needs a name")) }
        var country: String?, wikidata: String?
        do { country = try Self.validCountry(new.country) } catch ParleyError.invalidInput(let found, _) { problems += found }
        do { wikidata = try Self.validWikidata(new.wikidataID) } catch ParleyError.invalidInput(let found, _) { problems += found }
        if let uuid = new.uuid, !TextKeys.isUUID(uuid) {
            problems.append(InputProblem(field: "uuid", message: "'\(uuid)' is not a UUID"))
        }
        let slug = new.slug.nonBlank.map(TextKeys.slug) ?? TextKeys.slug(name)
        if new.slug != nil && slug.isEmpty {
            problems.append(InputProblem(field: "slug", message: "'\(new.slug ?? "")' has no letters or digits"))
        }
        if !problems.isEmpty { throw ParleyError.invalidInput(problems, hint: nil) }

        let nameKey = TextKeys.nameKey(name)
        if let existing = try resolver.find(name) {
            let other = try get(id: existing)
            throw ParleyError.conflict("'\(name)' already names \(other.name) (\(other.slug), id \(other.id)); an actor's name and aliases must be unique")
        }
        if let uuid = new.uuid, let other = try findID(uuid: uuid) {
            throw ParleyError.conflict("the UUID \(uuid) already belongs to actor \(other)")
        }
        let finalSlug: String
        if new.slug.nonBlank != nil {
            if try db.scalar("SELECT id FROM actor WHERE slug = ?", [slug]) as Int64? != nil {
                throw ParleyError.conflict("the slug '\(slug)' is taken; choose another with --slug")
            }
            finalSlug = slug
        } else {
            finalSlug = try uniqueSlug(slug.isEmpty ? "actor" : slug)
        }
        try db.execute("""
            INSERT INTO actor (uuid, slug, name, name_key, kind, country, wikidata_id, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [new.uuid?.lowercased() ?? TextKeys.newUUID(), finalSlug, name, nameKey, new.kind.rawValue,
             country, wikidata, new.description.nonBlank])
        let id = db.lastInsertRowID
        for alias in new.aliases {
            try addAlias(alias, to: id)
        }
        for affiliation in new.affiliations {
            try addAffiliation(affiliation, to: id)
        }
        return id
    }

    /// Adds an alias; an alias equal to the actor's own name or an existing alias is ignored.
    /// - Throws: `ParleyError.conflict` when the alias already names another actor.
    func addAlias(_ alias: String, to actorID: Int64) throws {
        let text = alias.trimmingWhitespace()
        guard !text.isEmpty else { throw ParleyError.invalid("an alias cannot be empty", field: "alias") }
        let key = TextKeys.nameKey(text)
        let owners: [Int64] = try db.map("""
            SELECT id FROM actor WHERE name_key = ?1
            UNION SELECT actor_id FROM actor_alias WHERE alias_key = ?1
            """, [key]) { try $0[0] }
        if let other = owners.first(where: { $0 != actorID }) {
            let otherActor = try get(id: other)
            throw ParleyError.conflict("the alias '\(text)' already names \(otherActor.name) (\(otherActor.slug)); an alias must name one actor")
        }
        if owners.contains(actorID) { return }
        try db.execute("INSERT INTO actor_alias (actor_id, alias, alias_key) VALUES (?, ?, ?)", [actorID, text, key])
    }

    func addAffiliation(_ affiliation: NewAffiliation, to actorID: Int64) throws {
        let role = affiliation.role.nonBlank
        var organizationID: Int64?
        if let organization = affiliation.organization.nonBlank {
            organizationID = try resolver.resolve(organization)
            if organizationID == actorID {
                throw ParleyError.invalid("an actor cannot be affiliated with itself", field: "affiliation")
            }
        }
        guard role != nil || organizationID != nil else {
            throw ParleyError.invalid("an affiliation needs a role or an organization", field: "affiliation")
        }
        if let start = affiliation.startedOn, let end = affiliation.endedOn, end.rangeEndKey < start.rangeStartKey {
            throw ParleyError.invalid("the affiliation ends (\(end)) before it starts (\(start))", field: "affiliation")
        }
        let exists: Int64? = try db.scalar("""
            SELECT id FROM affiliation
            WHERE actor_id = ? AND organization_id IS ? AND role IS ? AND started_on IS ? AND ended_on IS ?
            """, [actorID, organizationID, role, affiliation.startedOn?.description, affiliation.endedOn?.description])
        if exists != nil { return }
        try db.execute("""
            INSERT INTO affiliation (actor_id, organization_id, role, started_on, ended_on) VALUES (?, ?, ?, ?, ?)
            """, [actorID, organizationID, role, affiliation.startedOn?.description, affiliation.endedOn?.description])
    }

    private func uniqueSlug(_ base: String) throws -> String {
        var candidate = base
        var suffix = 1
        while try db.scalar("SELECT id FROM actor WHERE slug = ?", [candidate]) as Int64? != nil {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return candidate
    }

    /// An actor's own columns (`actor(from:)` reads them).
    enum Column: Int, QueryColumns {
        case id, uuid, slug, name, kind, country, wikidataID, description, createdAt, updatedAt
        static let select = "SELECT id, uuid, slug, name, kind, country, wikidata_id, description, created_at, updated_at FROM actor"
        static var queries: [String] { [select] }
    }

    /// An actor's affiliations: the organization (if any), the role and the period.
    enum AffiliationColumn: Int, QueryColumns {
        case organizationID, organizationSlug, organizationName, role, startedOn, endedOn
        static let select = """
            SELECT o.id AS organization_id, o.slug AS organization_slug, o.name AS organization_name, f.role, f.started_on, f.ended_on
            FROM affiliation f LEFT JOIN actor o ON o.id = f.organization_id
            """
        static var queries: [String] { [select] }
    }

    /// One actor with aliases and affiliations.
    /// - Throws: `ParleyError.notFound` when there is no such id.
    public func get(id: Int64) throws -> DiplomaticActor {
        let actor = try db.first(Column.select + " WHERE id = ?", [id]) { row in try Self.actor(from: row) }
        guard var actor else { throw ParleyError.notFound(.actor, query: String(id), candidates: []) }
        actor.aliases = try db.map("SELECT alias FROM actor_alias WHERE actor_id = ? ORDER BY alias_key", [id]) { try $0[0] }
        actor.affiliations = try db.map("""
            \(AffiliationColumn.select)
            WHERE f.actor_id = ? ORDER BY f.started_on IS NULL, f.started_on, f.id
            """, [id]) { row in
            typealias C = AffiliationColumn
            let organizationID: Int64? = try row[C.organizationID]
            let organization = try organizationID.map { ActorRef(id: $0, slug: try row[C.organizationSlug], name: try row[C.organizationName]) }
            return Affiliation(organization: organization, role: try row[C.role],
                               startedOn: try PartialDate.parseOptional(try row[C.startedOn]),
                               endedOn: try PartialDate.parseOptional(try row[C.endedOn]))
        }
        return actor
    }

    /// Every actor, by name, with aliases and affiliations.
    public func list() throws -> [DiplomaticActor] {
        let ids: [Int64] = try db.map("SELECT id FROM actor ORDER BY name_key, id") { try $0[0] }
        return try ids.map { try get(id: $0) }
    }

    /// How many statements each actor made (as speaker), by actor id.
    public func statementCounts() throws -> [Int64: Int] {
        try db.counts(of: "statement", by: "speaker_id")
    }

    /// An actor from a row of `Column`s, without aliases and affiliations.
    static func actor(from row: Row) throws -> DiplomaticActor {
        typealias C = Column
        return DiplomaticActor(
            id: try row[C.id], uuid: try row[C.uuid], slug: try row[C.slug], name: try row[C.name],
            kind: try ActorKind.parse(try row[C.kind]), country: try row[C.country], wikidataID: try row[C.wikidataID],
            description: try row[C.description], aliases: [], affiliations: [],
            createdAt: try row[C.createdAt], updatedAt: try row[C.updatedAt])
    }
}
