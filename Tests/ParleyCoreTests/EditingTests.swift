import Foundation
import ParleyCore
import ParleySQLite
import Testing

/// The latest history entry of one record, with its values parsed.
func latestHistory(_ parley: ParleyDatabase, _ entity: EntityKind, _ id: Int64) throws -> (entry: HistoryEntry, old: [String: Any], new: [String: Any]) {
    let entry = try #require(parley.history.list(entity: entity, id: id).first)
    func parse(_ text: String?) throws -> [String: Any] {
        guard let text else { return [:] }
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
    return (entry, try parse(entry.oldValues), try parse(entry.newValues))
}

@Suite("Editing keeps a history")
struct EditingTests {
    func sample() throws -> ParleyDatabase {
        let parley = try ParleyDatabase.inMemory()
        parley.author = "ana"
        try Importer(parley).run(SampleData.document(), origin: "sample")
        return parley
    }

    @Test("an edit records who, when, and the old and new values of what changed")
    func edit() throws {
        let parley = try sample()
        let edited = try parley.statements.edit("8", StatementEdit(saidOn: .some(try PartialDate(parsing: "2025-05-19")), medium: .some("Truth Social"),
                                                                   setStances: [StanceInput(topic: "ceasefire", stance: .conditional)]))
        #expect(edited.saidOn?.description == "2025-05-19")
        let (entry, old, new) = try latestHistory(parley, .statement, 8)
        #expect(entry.action == "edit")
        #expect(entry.changedBy == "ana")
        #expect(old["medium"] as? String == "Truth Social post")
        #expect(new["medium"] as? String == "Truth Social")
        #expect(old["said_on"] is NSNull)
        #expect((old["stances"] as? [String: String])?["ceasefire"] == "supports")
        #expect((new["stances"] as? [String: String])?["ceasefire"] == "conditional")
        #expect(old["quote"] == nil, "only what changed")
    }

    @Test("an edit that changes nothing records nothing")
    func noChange() throws {
        let parley = try sample()
        try parley.statements.edit("8", StatementEdit(medium: .some("Truth Social post")))
        #expect(try parley.history.list().isEmpty)
    }

    @Test("a retraction keeps the statement, hides it from listings, and records the reason")
    func retract() throws {
        let parley = try sample()
        try parley.statements.retract("6", reason: "Misheard on the call.")
        #expect(try parley.statements.count() == 9)
        #expect(try parley.statements.count(StatementFilter(includeRetracted: true)) == 10)
        let (entry, old, new) = try latestHistory(parley, .statement, 6)
        #expect(entry.action == "retract")
        #expect(old["retracted"] is NSNull)
        #expect((new["retracted"] as? [String: Any])?["reason"] as? String == "Misheard on the call.")
        #expect(throws: ParleyError.self) { try parley.statements.retract("6", reason: "again") }
    }

    @Test("deleting needs --purge; a purge leaves the whole record in the history")
    func purge() throws {
        let parley = try sample()
        let error = #expect(throws: ParleyError.self) { try parley.statements.delete("10", purge: false) }
        #expect(error?.description.contains("--purge") == true)
        #expect(try parley.statements.count() == 10)
        try parley.statements.delete("10", purge: true)
        #expect(try parley.statements.count() == 9)
        #expect(try parley.db.scalar("SELECT count(*) FROM stance WHERE statement_id = 10") == 0)
        let (entry, old, _) = try latestHistory(parley, .statement, 10)
        #expect(entry.action == "delete")
        #expect((old["quote"] as? String)?.hasPrefix("At the beginning of our bilateral conversation") == true)
        #expect(old["speaker"] as? String == "Volodymyr Zelenskyy")
        #expect((old["stances"] as? [String: String])?["sanctions-on-russia"] == "conditional")
        #expect(try parley.check().isHealthy)
    }

    @Test("merging actors moves statements and aliases; the history keeps the merged actor")
    func mergeActors() throws {
        let parley = try sample()
        let duplicate = try parley.actors.add(NewActor(name: "V. Zelenskyy", aliases: ["Zelenskyi"]))
        try parley.statements.add(NewStatement(speaker: "V. Zelenskyy", text: "We need security guarantees.", targets: ["Russia"]))
        let merged = try parley.actors.merge("V. Zelenskyy", into: "Volodymyr Zelenskyy")
        #expect(merged.aliases.contains("V. Zelenskyy"))
        #expect(merged.aliases.contains("Zelenskyi"))
        #expect(try parley.statements.count(StatementFilter(speakers: ["zelensky"])) == 3)
        #expect(try parley.actors.resolve("V. Zelenskyy").id == merged.id)
        let (entry, old, new) = try latestHistory(parley, .actor, duplicate.id)
        #expect(entry.action == "merge")
        #expect(old["name"] as? String == "V. Zelenskyy")
        #expect((new["merged_into"] as? [String: Any])?["name"] as? String == "Volodymyr Zelenskyy")
        #expect(try parley.check().isHealthy)
        #expect(throws: ParleyError.self) { try parley.actors.merge("zelensky", into: "Volodymyr Zelenskyy") }
    }

    @Test("merging topics moves stances; a statement's stance on both keeps INTO's and records FROM's")
    func mergeTopics() throws {
        let parley = try sample()
        try parley.topics.add(NewTopic(slug: "truce"))
        try parley.statements.edit("10", StatementEdit(setStances: [StanceInput(topic: "truce", stance: .opposes)]))
        try parley.statements.edit("3", StatementEdit(setStances: [StanceInput(topic: "truce", stance: .supports)]))
        let truce = try parley.topics.resolve("truce")
        try parley.topics.merge("truce", into: "ceasefire")
        #expect(try parley.statements.get(id: 3).stances.contains { $0.topic.slug == "ceasefire" && $0.stance == .supports })
        #expect(try parley.statements.get(id: 10).stances.contains { $0.topic.slug == "ceasefire" && $0.stance == .supports })
        let (entry, old, _) = try latestHistory(parley, .topic, truce.id)
        #expect(entry.action == "merge")
        let dropped = try #require(old["stances_dropped"] as? [[String: Any]])
        #expect(dropped.first?["stance"] as? String == "opposes")
    }

    @Test("actor edits: a new name keeps the old one as an alias; aliases can be added and removed")
    func actorEdits() throws {
        let parley = try sample()
        let renamed = try parley.actors.edit("putin", ActorEdit(name: "Vladimir V. Putin", description: .some("President of Russia")))
        #expect(renamed.aliases.contains("Vladimir Putin"))
        #expect(try parley.actors.resolve("Vladimir Putin").id == renamed.id)
        #expect(try latestHistory(parley, .actor, renamed.id).old["name"] as? String == "Vladimir Putin")
        try parley.actors.addAlias("VVP", toActor: "putin")
        try parley.actors.removeAlias("VVP", fromActor: "putin")
        #expect(try parley.history.list(entity: .actor, id: renamed.id).map(\.action) == ["alias-remove", "alias-add", "edit"])
        #expect(throws: ParleyError.self) { try parley.actors.removeAlias("nothing", fromActor: "putin") }
        #expect(throws: ParleyError.self) { try parley.actors.edit("putin", ActorEdit(name: "Donald Trump")) }
    }

    @Test("topic and source edits are recorded; a topic cannot become its own ancestor")
    func topicAndSourceEdits() throws {
        let parley = try sample()
        #expect(throws: ParleyError.self) { try parley.topics.edit("russia-ukraine-war", TopicEdit(parent: .some("ceasefire"))) }
        let topic = try parley.topics.edit("ceasefire", TopicEdit(title: "Ceasefire in Ukraine"))
        #expect(try latestHistory(parley, .topic, topic.id).old["title"] as? String == "Ceasefire")
        let source = try parley.sources.edit("1", SourceEdit(url: .some("https://example.org/ht")))
        #expect(source.url == "https://example.org/ht")
        #expect(try latestHistory(parley, .source, source.id).new["url"] as? String == "https://example.org/ht")
        #expect(throws: ParleyError.self) { try parley.sources.edit("1", SourceEdit(url: .some(nil), outlet: .some(nil), title: .some(nil))) }
    }

    @Test("links are typed, recorded and shown from both sides")
    func links() throws {
        let parley = try sample()
        try parley.statements.link("9", to: "10", as: .repeats)
        #expect(try parley.statements.get(id: 9).links.first?.direction == .outgoing)
        #expect(try parley.statements.get(id: 10).links.first?.direction == .incoming)
        #expect(try latestHistory(parley, .statement, 9).entry.action == "link")
        #expect(throws: ParleyError.self) { try parley.statements.link("9", to: "10", as: .repeats) }
        #expect(throws: ParleyError.self) { try parley.statements.link("9", to: "9", as: .clarifies) }
    }
}
