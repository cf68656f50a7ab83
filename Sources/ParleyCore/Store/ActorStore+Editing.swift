import Foundation
import ParleySQLite

/// Changes to an actor. nil leaves a field as it is; for optional fields, `.some(nil)` clears it.
public struct ActorEdit: Sendable, Equatable {
    public var name: String?
    public var kind: ActorKind?
    public var slug: String?
    public var country: String??
    public var wikidataID: String??
    public var description: String??

    public init(name: String? = nil, kind: ActorKind? = nil, slug: String? = nil, country: String?? = nil,
                wikidataID: String?? = nil, description: String?? = nil) {
        self.name = name
        self.kind = kind
        self.slug = slug
        self.country = country
        self.wikidataID = wikidataID
        self.description = description
    }
}

extension ActorStore {
    static func validCountry(_ text: String?) throws -> String? {
        guard let country = text.nonBlank?.uppercased() else { return nil }
        guard country.count == 3, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ParleyError.invalid("'\(country)' is not an ISO 3166-1 alpha-3 code such as UKR, RUS, CHN", field: "country")
        }
        return country
    }

    static func validWikidata(_ text: String?) throws -> String? {
        guard let wikidata = text.nonBlank?.uppercased() else { return nil }
        guard wikidata.range(of: "^Q[1-9][0-9]*$", options: .regularExpression) != nil else {
            throw ParleyError.invalid("'\(wikidata)' is not a Wikidata item id such as Q3874799", field: "wikidata")
        }
        return wikidata
    }

    /// Changes an actor's fields, recording the old and new values in the history.
    /// A new name keeps the old one as an alias, so that lookups by it still work.
    /// - Throws: `ParleyError.conflict` when the new name, alias or slug belongs to another actor.
    @discardableResult
    public func edit(_ query: String, _ edit: ActorEdit) throws -> DiplomaticActor {
        try db.write { _ in
            let before = try resolve(query)
            var assignments: [String] = []
            var arguments: [any SQLiteBindable] = []
            if let name = edit.name?.trimmingWhitespace(), name != before.name {
                guard !name.isEmpty else { throw ParleyError.invalid("an actor needs a name", field: "name") }
                if let other = try findID(name), other != before.id {
                    throw ParleyError.conflict("'\(name)' already names another actor (id \(other))")
                }
                assignments += ["name = ?", "name_key = ?"]
                arguments += [name, TextKeys.nameKey(name)]
            }
            if let kind = edit.kind, kind != before.kind {
                assignments.append("kind = ?")
                arguments.append(kind.rawValue)
            }
            if let slug = edit.slug.map(TextKeys.slug), slug != before.slug {
                guard !slug.isEmpty else { throw ParleyError.invalid("a slug needs letters or digits", field: "slug") }
                if try db.scalar("SELECT id FROM actor WHERE slug = ? AND id <> ?", [slug, before.id]) as Int64? != nil {
                    throw ParleyError.conflict("the slug '\(slug)' is taken")
                }
                assignments.append("slug = ?")
                arguments.append(slug)
            }
            if let country = edit.country {
                assignments.append("country = ?")
                arguments.append(try Self.validCountry(country))
            }
            if let wikidata = edit.wikidataID {
                assignments.append("wikidata_id = ?")
                arguments.append(try Self.validWikidata(wikidata))
            }
            if let description = edit.description {
                assignments.append("description = ?")
                arguments.append(description.nonBlank)
            }
            guard !assignments.isEmpty else { return before }
            // Column names come from the fixed list above; values are bound.
            try db.execute("UPDATE actor SET \(assignments.joined(separator: ", ")), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                           arguments + [before.id])
            if let name = edit.name?.trimmingWhitespace(), name != before.name, TextKeys.nameKey(name) != TextKeys.nameKey(before.name) {
                try db.execute("INSERT INTO actor_alias (actor_id, alias, alias_key) VALUES (?, ?, ?)",
                               [before.id, before.name, TextKeys.nameKey(before.name)])
            }
            // A name that was an alias is an alias no more.
            try db.execute("DELETE FROM actor_alias WHERE actor_id = ? AND alias_key = (SELECT name_key FROM actor WHERE id = ?)", [before.id, before.id])
            let after = try get(id: before.id)
            try history.recordEdit(.actor, id: before.id, uuid: before.uuid, before: ActorRecord(before).json, after: ActorRecord(after).json)
            return after
        }
    }

    /// Adds another name for an actor.
    @discardableResult
    public func addAlias(_ alias: String, toActor query: String) throws -> DiplomaticActor {
        try db.write { _ in
            let before = try resolve(query)
            try addAlias(alias, to: before.id)
            let after = try get(id: before.id)
            try history.recordEdit(.actor, id: before.id, uuid: before.uuid, before: ActorRecord(before).json,
                                   after: ActorRecord(after).json, action: "alias-add")
            return after
        }
    }

    /// Removes one of an actor's aliases.
    /// - Throws: `ParleyError.notFound` when the actor has no such alias.
    @discardableResult
    public func removeAlias(_ alias: String, fromActor query: String) throws -> DiplomaticActor {
        try db.write { _ in
            let before = try resolve(query)
            try db.execute("DELETE FROM actor_alias WHERE actor_id = ? AND alias_key = ?", [before.id, TextKeys.nameKey(alias)])
            guard db.changes > 0 else {
                let known = before.aliases.isEmpty ? "it has none" : "its aliases are: " + before.aliases.joined(separator: ", ")
                throw ParleyError.conflict("\(before.name) has no alias '\(alias)'; \(known)")
            }
            let after = try get(id: before.id)
            try history.recordEdit(.actor, id: before.id, uuid: before.uuid, before: ActorRecord(before).json,
                                   after: ActorRecord(after).json, action: "alias-remove")
            return after
        }
    }

    /// Merges one actor into another: FROM's statements (as speaker, as the one spoken for, and
    /// as target), affiliations and aliases move to INTO, FROM's name becomes an alias of INTO,
    /// and FROM is removed. The history keeps FROM's whole record.
    ///
    /// A statement that would then be made by INTO on behalf of INTO loses its "on behalf of".
    /// Statements by FROM and INTO with the same words stay two statements: they have their
    /// own UUIDs.
    @discardableResult
    public func merge(_ fromQuery: String, into intoQuery: String) throws -> DiplomaticActor {
        try db.write { _ in
            let from = try resolve(fromQuery)
            let into = try resolve(intoQuery)
            guard from.id != into.id else {
                throw ParleyError.invalid("'\(fromQuery)' and '\(intoQuery)' are the same actor (\(into.name)); nothing to merge")
            }
            let moved: Int = try db.scalar("SELECT count(*) FROM statement WHERE speaker_id = ? OR on_behalf_of_id = ?", [from.id, from.id]) ?? 0
            try db.execute("""
                UPDATE statement SET on_behalf_of_id = NULL
                WHERE (speaker_id = ?1 AND on_behalf_of_id = ?2) OR (speaker_id = ?2 AND on_behalf_of_id = ?1)
                """, [from.id, into.id])
            try db.execute("UPDATE statement SET speaker_id = ? WHERE speaker_id = ?", [into.id, from.id])
            try db.execute("UPDATE statement SET on_behalf_of_id = ? WHERE on_behalf_of_id = ?", [into.id, from.id])
            try db.execute("INSERT OR IGNORE INTO statement_target (statement_id, actor_id) SELECT statement_id, ? FROM statement_target WHERE actor_id = ?", [into.id, from.id])
            try db.execute("DELETE FROM statement_target WHERE actor_id = ?", [from.id])
            try db.execute("UPDATE affiliation SET actor_id = ? WHERE actor_id = ?", [into.id, from.id])
            try db.execute("UPDATE affiliation SET organization_id = ? WHERE organization_id = ?", [into.id, from.id])
            try db.execute("DELETE FROM affiliation WHERE organization_id = actor_id")
            try db.execute("DELETE FROM actor_alias WHERE actor_id = ?", [from.id])
            try db.execute("DELETE FROM actor WHERE id = ?", [from.id])
            for name in [from.name] + from.aliases where TextKeys.nameKey(name) != TextKeys.nameKey(into.name) {
                try addAlias(name, to: into.id)
            }
            let after = try get(id: into.id)
            let reference = JSONValue.object([("id", .int(into.id)), ("uuid", .string(into.uuid)), ("name", .string(into.name))])
            try history.record("merge", .actor, id: from.id, uuid: from.uuid, old: ActorRecord(from).json,
                               new: .object([("merged_into", reference)]), note: "\(moved) statement(s) moved")
            try history.record("merge", .actor, id: into.id, uuid: into.uuid, old: ActorRecord(into).json,
                               new: ActorRecord(after).json, note: "merged \(from.name) (id \(from.id)) into this actor")
            return after
        }
    }
}
