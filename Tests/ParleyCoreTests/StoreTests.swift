import Foundation
@testable import ParleyCore
import ParleySQLite
import Testing

/// A fresh in-memory database with a few actors and topics.
func seededDatabase() throws -> ParleyDatabase {
    let parley = try ParleyDatabase.inMemory()
    try parley.actors.add(NewActor(name: "Volodymyr Zelenskyy", country: "UKR", wikidataID: "Q3874799",
                                   aliases: ["Zelensky", "Zelenskiy", "Zelenskyy"]))
    try parley.actors.add(NewActor(name: "Vladimir Putin", country: "RUS", aliases: ["Putin"]))
    try parley.actors.add(NewActor(name: "China's foreign ministry", kind: .organization, country: "CHN"))
    try parley.actors.add(NewActor(name: "Mao Ning", affiliations: [NewAffiliation(organization: "China's foreign ministry", role: "spokeswoman")]))
    try parley.actors.add(NewActor(name: "Recep Tayyip Erdoğan", aliases: ["Erdoğan"]))
    try parley.topics.add(NewTopic(slug: "russia-ukraine-war"))
    try parley.topics.add(NewTopic(slug: "ceasefire", parent: "russia-ukraine-war"))
    try parley.topics.add(NewTopic(slug: "direct-talks", title: "Direct talks", parent: "russia-ukraine-war"))
    try parley.topics.add(NewTopic(slug: "sanctions-on-russia"))
    return parley
}

/// Row counts of every table, to prove that a failed command wrote nothing.
func counts(_ parley: ParleyDatabase) throws -> [Int] {
    try parley.status().counts.map(\.count)
}

@Suite("Schema")
struct SchemaTests {
    @Test("the embedded migrations build the whole schema, with the CAMEO codebook")
    func schema() throws {
        let parley = try ParleyDatabase.inMemory()
        let db = parley.db
        let tables: [String] = try db.map("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") { try $0[0] }
        for table in ["actor", "actor_alias", "affiliation", "cameo_event", "history", "source", "stance",
                      "statement", "statement_fts", "statement_link", "statement_source", "statement_target", "topic"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try db.scalar("SELECT count(*) FROM cameo_event") == 311)
        #expect(try db.scalar("SELECT goldstein FROM cameo_event WHERE code = '0871'") == 9.0)
        #expect(try db.scalar("SELECT description FROM cameo_event WHERE code = '106'") == "Demand withdrawal")
        #expect(try db.userVersion() == ParleyDatabase.migrator().latestVersion)
        #expect(try db.scalar("PRAGMA application_id") == ParleyDatabase.applicationID)
    }

    @Test("the schema itself rejects impossible dates and unknown stance words")
    func checks() throws {
        let parley = try seededDatabase()
        let db = parley.db
        let uuid = TextKeys.newUUID()
        for date in ["2025-02-30", "2025-13", "May 2025", "2025-05-19T25:00"] {
            #expect(throws: SQLiteError.self, "said_on \(date)") {
                try db.execute("INSERT INTO statement (uuid, speaker_id, text, text_hash, said_on) VALUES (?, 1, 'x', 0, ?)", [uuid, date])
            }
        }
        try db.execute("INSERT INTO statement (uuid, speaker_id, text, text_hash, said_on) VALUES (?, 1, 'x', 0, '2024-02-29')", [uuid])
        #expect(try db.scalar("SELECT said_on_precision FROM statement") == 11)
        #expect(throws: SQLiteError.self) {
            try db.execute("INSERT INTO stance (statement_id, topic_id, stance) VALUES (1, 1, 'maybe')")
        }
        for stance in Stance.allCases {
            try db.execute("INSERT INTO stance (statement_id, topic_id, stance) VALUES (1, 1, ?)", [stance.rawValue])
            try db.execute("DELETE FROM stance")
        }
        try db.execute("INSERT INTO statement (uuid, speaker_id, text, text_hash) VALUES (?, 1, 'y', 0)", [TextKeys.newUUID()])
        #expect(throws: SQLiteError.self) {
            try db.execute("INSERT INTO statement_link (from_id, to_id, relation) VALUES (1, 2, 'agrees')")
        }
        for relation in LinkRelation.allCases {
            try db.execute("INSERT INTO statement_link (from_id, to_id, relation) VALUES (1, 2, ?)", [relation.rawValue])
        }
    }

    @Test("recording a stance or a link builds no temporary index (an IN list in a CHECK would, per row)")
    func checksWithoutTemporaryIndex() throws {
        let db = try ParleyDatabase.inMemory().db
        for sql in ["INSERT INTO stance (statement_id, topic_id, stance) VALUES (1, 1, 'supports')",
                    "INSERT INTO statement_link (from_id, to_id, relation) VALUES (1, 2, 'repeats')",
                    "INSERT INTO statement_source (statement_id, source_id) VALUES (1, 1)",
                    "INSERT INTO statement (uuid, speaker_id, text, text_hash, kind) VALUES ('u', 1, 'x', 0, 'quote')"] {
            let listed: [String] = try db.map("EXPLAIN " + sql) { try $0[1] }
            // The statement's own program, where CHECKs run; the triggers' programs follow it,
            // each from its own Init (one that updates all of a statement's stances at once,
            // rarely run, may collect their keys first).
            let opcodes = listed.dropFirst().prefix { $0 != "Init" }
            #expect(!opcodes.isEmpty && opcodes.contains("Halt"))
            #expect(!opcodes.contains("OpenEphemeral"), "\(sql)")
        }
    }

    @Test("the full-text index follows inserts, edits and deletes, and folds accents")
    func fullText() throws {
        let parley = try seededDatabase()
        try parley.statements.add(NewStatement(speaker: "Erdoğan", text: "Türkiye is ready to host talks in İstanbul."))
        let db = parley.db
        #expect(try db.scalar("SELECT count(*) FROM statement_fts WHERE statement_fts MATCH 'turkiye'") == 1)
        try db.execute("UPDATE statement SET text = 'Ankara is ready.'")
        #expect(try db.scalar("SELECT count(*) FROM statement_fts WHERE statement_fts MATCH 'turkiye'") == 0)
        #expect(try db.scalar("SELECT count(*) FROM statement_fts WHERE statement_fts MATCH 'ankara'") == 1)
        try db.execute("DELETE FROM statement")
        #expect(try db.scalar("SELECT count(*) FROM statement_fts WHERE statement_fts MATCH 'ankara'") == 0)
        #expect(try parley.check().isHealthy)
    }
}

@Suite("Actors, topics and sources")
struct EntityStoreTests {
    @Test("an actor is found by id, UUID, slug, name or alias, whatever the case or accents", arguments: [
        "zelensky", "Zelenskyy", "ZELENSKIY", "volodymyr zelenskyy", "volodymyr-zelenskyy", "1", "  Zelensky ",
    ])
    func resolveActor(query: String) throws {
        let parley = try seededDatabase()
        #expect(try parley.actors.resolve(query).name == "Volodymyr Zelenskyy")
    }

    @Test("diacritics are optional in lookups")
    func diacritics() throws {
        let parley = try seededDatabase()
        #expect(try parley.actors.resolve("erdogan").name == "Recep Tayyip Erdoğan")
        #expect(try parley.actors.resolve("ERDOĞAN").name == "Recep Tayyip Erdoğan")
        let actor = try parley.actors.resolve("putin")
        #expect(try parley.actors.resolve(actor.uuid.uppercased()).id == actor.id)
    }

    @Test("a miss lists the closest names")
    func miss() throws {
        let parley = try seededDatabase()
        let error = #expect(throws: ParleyError.self) { try parley.actors.resolve("zelensko") }
        guard case .notFound(.actor, "zelensko", let candidates)? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(candidates == ["Volodymyr Zelenskyy (volodymyr-zelenskyy)"])
        #expect(error?.description.contains("parley actor add") == true)
        #expect(error?.exitCode == 1)
    }

    @Test("an alias names one actor only; a duplicate name is refused, writing nothing")
    func uniqueNames() throws {
        let parley = try seededDatabase()
        let before = try counts(parley)
        #expect(throws: ParleyError.self) { try parley.actors.add(NewActor(name: "Zelensky")) }
        #expect(throws: ParleyError.self) { try parley.actors.add(NewActor(name: "Zelensky's office", aliases: ["Putin"])) }
        #expect(try counts(parley) == before)
    }

    @Test("two actors sharing a folded name are an ambiguity, not a guess")
    func ambiguity() throws {
        let parley = try ParleyDatabase.inMemory()
        let db = parley.db
        // Only another tool could store this (Parley refuses it); resolution must still not guess.
        for (uuid, slug) in [(TextKeys.newUUID(), "john-smith"), (TextKeys.newUUID(), "john-smith-2")] {
            try db.execute("INSERT INTO actor (uuid, slug, name, name_key) VALUES (?, ?, 'John Smith', 'john smith')", [uuid, slug])
        }
        let error = #expect(throws: ParleyError.self) { try parley.actors.resolve("john smith") }
        guard case .ambiguous(.actor, _, let candidates)? = error else {
            Issue.record("expected ambiguous")
            return
        }
        #expect(candidates.count == 2)
        #expect(try parley.actors.resolve("john-smith-2").slug == "john-smith-2")
    }

    @Test("actors keep aliases, affiliations, country and Wikidata id")
    func actorDetails() throws {
        let parley = try seededDatabase()
        let mao = try parley.actors.resolve("mao ning")
        #expect(mao.affiliations.count == 1)
        #expect(mao.affiliations[0].organization?.name == "China's foreign ministry")
        #expect(mao.affiliations[0].role == "spokeswoman")
        let zelenskyy = try parley.actors.resolve("zelensky")
        #expect(zelenskyy.aliases == ["Zelenskiy", "Zelensky", "Zelenskyy"])
        #expect(zelenskyy.country == "UKR")
        #expect(zelenskyy.wikidataID == "Q3874799")
        #expect(throws: ParleyError.self) { try parley.actors.add(NewActor(name: "Nowhere", country: "XX")) }
        #expect(throws: ParleyError.self) { try parley.actors.add(NewActor(name: "Nobody", wikidataID: "X12")) }
    }

    @Test("slugs stay unique")
    func slugs() throws {
        let parley = try ParleyDatabase.inMemory()
        let first = try parley.actors.add(NewActor(name: "John Smith"))
        let second = try parley.actors.add(NewActor(name: "John Smith!", aliases: []))
        #expect(first.slug == "john-smith")
        #expect(second.slug == "john-smith-2")
    }

    @Test("topics nest; a topic's descendants include every level")
    func topics() throws {
        let parley = try seededDatabase()
        try parley.topics.add(NewTopic(slug: "energy-truce", parent: "ceasefire"))
        let war = try parley.topics.resolve("Russia ukraine war")
        let descendants = try Set(parley.topics.descendantIDs(of: war.id).map { try parley.topics.get(id: $0).slug })
        #expect(descendants == ["russia-ukraine-war", "ceasefire", "direct-talks", "energy-truce"])
        #expect(try parley.topics.resolve("direct talks").slug == "direct-talks")
        #expect(throws: ParleyError.self) { try parley.topics.add(NewTopic(slug: "Ceasefire")) }
    }

    @Test("sources are found by URL; a URL is recorded once")
    func sources() throws {
        let parley = try ParleyDatabase.inMemory()
        let source = try parley.sources.add(NewSource(url: "https://example.org/a", outlet: "Reuters", publishedOn: try PartialDate(parsing: "2025-05-20")))
        #expect(try parley.sources.resolve("https://example.org/a").id == source.id)
        #expect(try parley.sources.resolve(String(source.id)).outlet == "Reuters")
        let takenURL = #expect(throws: ParleyError.self) { try parley.sources.add(NewSource(url: "https://example.org/a")) }
        #expect(takenURL?.description.contains("the source https://example.org/a is already recorded (id \(source.id))") == true)
        let takenUUID = #expect(throws: ParleyError.self) {
            try parley.sources.add(NewSource(url: "https://example.org/b", uuid: source.uuid.uppercased()))
        }
        #expect(takenUUID?.description.contains("a source with the UUID \(source.uuid.uppercased()) is already recorded") == true)
        #expect(try parley.sources.list().count == 1)
        #expect(throws: ParleyError.self) { try parley.sources.add(NewSource()) }
        #expect(throws: ParleyError.self) { try parley.sources.add(NewSource(url: "not a url")) }
        // White space anywhere, ASCII or not, is refused; other non-ASCII characters are not.
        for url in ["https://example.org/a\tb", "https://example.org/a\u{A0}b", "https://example.org/a\u{2003}"] {
            #expect(throws: ParleyError.self, "\(url.debugDescription)") { try parley.sources.add(NewSource(url: url)) }
        }
        #expect(try parley.sources.add(NewSource(url: "https://example.org/Zürich")).url == "https://example.org/Zürich")
    }
}

@Suite("Named columns")
struct NamedColumnTests {
    @Test("every query read by named columns has exactly those columns, in order")
    func queriesHaveTheirColumns() throws {
        let parley = try ParleyDatabase.inMemory()
        #expect(QueryColumnsCatalog.all.count >= 20, "the catalog lists the stores' column enums")
        for columns in QueryColumnsCatalog.all {
            #expect(!columns.queries.isEmpty, "\(columns) names no query")
            for sql in columns.queries {
                let names = try parley.db.prepare(sql).columnNames
                #expect(names == columns.names, "\(String(reflecting: columns)) against\n\(sql)")
            }
        }
    }

    @Test("the catalog lists every column enum the sources declare")
    func catalogIsComplete() throws {
        let declared = try ArchitectureTests.swiftFiles("ParleyCore").flatMap { file in
            try ArchitectureTests.read(file).matches(of: /enum\s+(\w+)\s*:\s*Int\s*,[^{]*\bQueryColumns\b/).map { String($0.output.1) }
        }
        let listed = QueryColumnsCatalog.all.map { String(describing: $0) }
        #expect(declared.sorted() == listed.sorted())
        #expect(Set(QueryColumnsCatalog.all.map { ObjectIdentifier($0) }).count == listed.count, "each listed once")
    }

    @Test("a case name is its column's name in snake case")
    func snakeCase() {
        #expect(StatementStore.Column.names.prefix(4) == ["id", "uuid", "speaker_id", "speaker_slug"])
        #expect(SourceStore.Column.names.suffix(2) == ["archived_url", "language"])
        #expect(StatementStore.LinkColumn.names.last == "other_uuid")
    }

    @Test("the check fails when a query and its columns drift apart")
    func driftIsCaught() throws {
        enum Swapped: Int, QueryColumns {
            case slug, id
            static var queries: [String] { ["SELECT id, slug FROM actor"] }
        }
        let parley = try ParleyDatabase.inMemory()
        #expect(try parley.db.prepare(Swapped.queries[0]).columnNames != Swapped.names)
    }
}

@Suite("Schema check")
struct SchemaCheckTests {
    @Test("the triggers and views checked at every write are those the migrations create")
    func expectedRunningSQL() throws {
        let created = try ParleyDatabase.schemaObjects(ParleyDatabase.inMemory().db).filter(\.runsSQL)
        let listed = ParleyDatabase.expectedRunningSQL
        let found = created.sorted { $0.name < $1.name }.map { "\($0.type) \($0.name):\n\($0.sql ?? "")" }
        #expect(listed == created, "copy these into SchemaCheck+Expected.swift:\n\(found.joined(separator: "\n\n"))")
        #expect(listed.count == 12, "three full-text triggers, the two views of migration 5 (redefined by 6), the four first-report triggers of migration 6 and the three stance-copy triggers of migration 7")
    }
}

@Suite("Stored sort keys")
struct SortKeyTests {
    /// What the stored first-report date must equal: the earliest published date of the
    /// statement's sources, computed from scratch.
    static let recomputed = """
        SELECT count(*) FROM statement s
        WHERE s.reported_on IS NOT (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
                                    WHERE ss.statement_id = s.id)
           OR s.effective_on IS NOT coalesce(s.said_on, s.reported_on)
        """

    @Test("a statement's first-report date follows its sources: added, removed, re-dated, and through plain SQL")
    func reportedOnFollowsSources() throws {
        let parley = try seededDatabase()
        let added = try parley.statements.add(NewStatement(
            speaker: "putin", text: "We are ready.",
            sources: [NewSource(url: "https://example.org/late", publishedOn: try PartialDate(parsing: "2025-05-20")),
                      NewSource(url: "https://example.org/early", publishedOn: try PartialDate(parsing: "2025-05-18"))]))
        let db = parley.db
        func stored() throws -> String? { try db.scalar("SELECT coalesce(effective_on, 'none') FROM statement WHERE id = ?", [added.id]) }
        #expect(try stored() == "2025-05-18")
        _ = try parley.statements.edit(String(added.id), StatementEdit(removeSources: ["https://example.org/early"]))
        #expect(try stored() == "2025-05-20")
        _ = try parley.sources.edit("https://example.org/late", SourceEdit(publishedOn: .some(try PartialDate(parsing: "2025-05"))))
        #expect(try stored() == "2025-05")
        _ = try parley.statements.edit(String(added.id), StatementEdit(saidOn: .some(try PartialDate(parsing: "2025-05-17"))))
        #expect(try stored() == "2025-05-17")
        _ = try parley.statements.edit(String(added.id), StatementEdit(saidOn: .some(nil)))
        #expect(try stored() == "2025-05")
        // A writer that is not Parley (sqlite-utils, Datasette's write API) keeps it too.
        try db.execute("UPDATE source SET published_on = '2025-04-30'")
        #expect(try stored() == "2025-04-30")
        try db.execute("DELETE FROM statement_source")
        #expect(try stored() == "none")
        // Sources credited by plain SQL: only an earlier one moves the date.
        try db.execute("INSERT INTO source (uuid, url, published_on) VALUES (?, 'https://example.org/june', '2025-06-01'), (?, 'https://example.org/march', '2025-03-01')",
                       [TextKeys.newUUID(), TextKeys.newUUID()])
        for (url, expected) in [("https://example.org/late", "2025-04-30"), ("https://example.org/june", "2025-04-30"), ("https://example.org/march", "2025-03-01")] {
            try db.execute("INSERT INTO statement_source (statement_id, source_id) SELECT ?, id FROM source WHERE url = ?", [added.id, url])
            #expect(try stored() == expected, "after crediting \(url)")
        }
        try db.execute("DELETE FROM statement_source WHERE source_id = (SELECT id FROM source WHERE url = 'https://example.org/march')")
        #expect(try stored() == "2025-04-30")
        #expect(try db.scalar(Self.recomputed) == 0)
        #expect(try parley.statements.get(id: added.id).reportedOn?.description == "2025-04-30")
    }

    @Test("after the sample and a bulk import every stored date equals the one computed from the sources")
    func storedDatesAfterImport() throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let total: Int64 = try parley.db.scalar("SELECT count(*) FROM statement WHERE reported_on IS NOT NULL") ?? 0
        #expect(total > 0)
        #expect(try parley.db.scalar(Self.recomputed) == 0)
    }

    /// Stance rows whose copies of their statement's speaker, date or retraction (migration 7)
    /// differ from the statement.
    static let staleStanceCopies = """
        SELECT count(*) FROM stance st JOIN statement s ON s.id = st.statement_id
        WHERE st.speaker_id IS NOT s.speaker_id OR st.effective_on IS NOT s.effective_on
           OR st.retracted IS NOT (s.retracted_at IS NOT NULL)
        """

    @Test("each stance's copies of its statement's speaker, date and retraction follow every change, through Parley and plain SQL")
    func stanceCopiesFollowStatements() throws {
        let parley = try seededDatabase()
        let db = parley.db
        let added = try parley.statements.add(NewStatement(
            speaker: "putin", text: "We are ready to talk.",
            sources: [NewSource(url: "https://example.org/copies", publishedOn: try PartialDate(parsing: "2025-05-20"))],
            stances: [StanceInput(topic: "russia-ukraine-war", stance: .conditional)]))
        func copies() throws -> String? {
            try db.first("SELECT speaker_id || ' ' || coalesce(effective_on, 'none') || ' ' || retracted FROM stance WHERE statement_id = ?",
                         [added.id]) { try $0[0] }
        }
        let putin = try parley.actors.resolve("putin").id
        let zelenskyy = try parley.actors.resolve("zelenskyy").id
        #expect(try copies() == "\(putin) 2025-05-20 0")
        var steps: [(name: String, change: () throws -> Void, expected: String)] = []
        func step(_ name: String, _ expected: String, _ change: @escaping () throws -> Void) {
            steps.append((name, change, expected))
        }
        let id = String(added.id)
        step("said-on set", "\(putin) 2025-05-18 0") { _ = try parley.statements.edit(id, StatementEdit(saidOn: .some(try PartialDate(parsing: "2025-05-18")))) }
        step("said-on cleared", "\(putin) 2025-05-20 0") { _ = try parley.statements.edit(id, StatementEdit(saidOn: .some(nil))) }
        step("an earlier source", "\(putin) 2025-05-02 0") {
            let early = NewSource(url: "https://example.org/copies-early", publishedOn: try PartialDate(parsing: "2025-05-02"))
            _ = try parley.statements.edit(id, StatementEdit(addSources: [early]))
        }
        step("a source re-dated", "\(putin) 2025-04 0") {
            _ = try parley.sources.edit("https://example.org/copies-early", SourceEdit(publishedOn: .some(try PartialDate(parsing: "2025-04"))))
        }
        step("speaker changed", "\(zelenskyy) 2025-04 0") { _ = try parley.statements.edit(id, StatementEdit(speaker: "zelenskyy")) }
        step("retracted", "\(zelenskyy) 2025-04 1") { _ = try parley.statements.retract(id, reason: "misquoted") }
        step("un-retracted by SQL", "\(zelenskyy) 2025-04 0") {
            try db.execute("UPDATE statement SET retracted_at = NULL, retraction_reason = NULL WHERE id = ?", [added.id])
        }
        step("merged into another actor", "\(putin) 2025-04 0") { _ = try parley.actors.merge("zelenskyy", into: "putin") }
        step("sources removed by SQL", "\(putin) none 0") { try db.execute("DELETE FROM statement_source WHERE statement_id = ?", [added.id]) }
        step("copies overwritten by SQL", "\(putin) none 0") { try db.execute("UPDATE stance SET speaker_id = 0, effective_on = '1999', retracted = 1") }
        // A stance written by plain SQL, without copies, gets them.
        step("a stance inserted by SQL", "\(putin) none 0") {
            try db.execute("DELETE FROM stance WHERE statement_id = ?", [added.id])
            try db.execute("INSERT INTO stance (statement_id, topic_id, stance) SELECT ?, id, 'supports' FROM topic WHERE slug = 'russia-ukraine-war'", [added.id])
        }
        for (name, change, expected) in steps {
            try change()
            #expect(try copies() == expected, "after: \(name)")
            #expect(try db.scalar(Self.staleStanceCopies) == 0, "after: \(name)")
        }
        #expect(try parley.check().storedCopyProblems.isEmpty)
        // A writer that disables triggers leaves them stale: db check says so and how to mend it.
        try db.execute("PRAGMA recursive_triggers = OFF")
        try db.execute("DROP TRIGGER stance_copies_after_stance_update")
        try db.execute("UPDATE stance SET effective_on = '1999'")
        let problems = try parley.check().storedCopyProblems
        #expect(problems.count == 1 && problems[0].hasPrefix("1 stance(s) hold copies"), "\(problems)")
    }

    @Test("the stance matrix read from the stance copies equals the one read through the statements", arguments: [
        StatementFilter(), StatementFilter(includeRetracted: true), StatementFilter(topics: ["ceasefire"]),
        StatementFilter(from: try? PartialDate(parsing: "2024-06"), to: try? PartialDate(parsing: "2025-02-10")),
    ])
    func stanceMatrixFromCopies(filter: StatementFilter) throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(CorpusGenerator(seed: 11, statements: 1500, actors: 30, topics: 8).document(), origin: "corpus")
        // Some retracted, some re-attributed, so that the copies have something to follow.
        try parley.db.execute("UPDATE statement SET retracted_at = '2025-01-01T00:00:00Z' WHERE id % 7 = 0")
        try parley.db.execute("UPDATE statement SET speaker_id = (SELECT min(id) FROM actor) WHERE id % 11 = 0 AND on_behalf_of_id IS NOT (SELECT min(id) FROM actor)")
        #expect(StatementStore.isAnsweredByStanceCopies(filter))
        // Every kind of statement selects everything, but only the join can answer it.
        var joined = filter
        joined.kinds = StatementKind.allCases
        #expect(!StatementStore.isAnsweredByStanceCopies(joined))
        let fromCopies = try StanceMatrix(parley: parley, filter: filter)
        let throughJoin = try StanceMatrix(parley: parley, filter: joined)
        #expect(fromCopies.actors.count > 5 && fromCopies.topics.count >= 1)
        #expect(fromCopies.listing().objects == throughJoin.listing().objects)
    }

    /// A filter on a related table (a topic: a few percent of the statements) reads that table's
    /// index and sorts what it selects, which SQLite judges cheaper than walking the whole
    /// timeline; the unfiltered and per-speaker listings are the ones that would sort everything.
    @Test("listings read the timeline index: no sort of whole rows, for everything or one speaker", arguments: [
        StatementFilter(), StatementFilter(speakers: ["putin"]),
    ])
    func timelineOrderFromIndex(filter: StatementFilter) throws {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(SampleData.document(), origin: "sample")
        let (whereClause, arguments) = try parley.statements.conditions(for: filter)
        for select in [StatementStore.selectStatement, "SELECT s.id FROM statement s"] {
            var plan: [String] = []
            try parley.db.prepare("EXPLAIN QUERY PLAN \(select) \(whereClause) \(StatementStore.timelineOrder)").forEach(arguments) { row in
                plan.append(try row[3])
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            #expect(plan.contains { $0.contains("statement_timeline") || $0.contains("statement_speaker_timeline") }, "\(plan)")
        }
    }
}
