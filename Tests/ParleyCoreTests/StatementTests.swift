import ParleyCore
import ParleySQLite
import Testing

@Suite("Statements")
struct StatementTests {
    @Test("two names of one topic in one new statement: the same stance is recorded once, another is a conflict")
    func oneTopicTwoNames() throws {
        let parley = try seededDatabase()
        let same = try parley.statements.add(NewStatement(speaker: "zelensky", text: "Talks, yes.", stances: [
            StanceInput(topic: "direct-talks", stance: .supports), StanceInput(topic: "Direct talks", stance: .supports)]))
        #expect(try parley.statements.get(id: same.id).stances.map(\.stance) == [.supports])
        let error = #expect(throws: ParleyError.self) {
            try parley.statements.add(NewStatement(speaker: "zelensky", text: "Talks, no.", stances: [
                StanceInput(topic: "direct-talks", stance: .supports), StanceInput(topic: "\(try parley.topics.resolve("direct-talks").id)", stance: .opposes)]))
        }
        #expect(error?.description.contains("a merge never changes a recorded stance") == true)
        #expect(try parley.statements.count() == 1, "the failed statement left nothing behind")
    }

    @Test("a statement is stored with its sources, stances and targets")
    func add() throws {
        let parley = try seededDatabase()
        let outcome = try parley.statements.add(NewStatement(
            speaker: "zelensky", text: "Ukraine is ready for a full and unconditional ceasefire.",
            saidOn: try PartialDate(parsing: "2025-05-19"), medium: "X post", cameoCode: "0356",
            sources: [NewSource(url: "https://example.org/a", outlet: "Hindustan Times", publishedOn: try PartialDate(parsing: "2025-05-20"), via: "AFP")],
            stances: [StanceInput(topic: "ceasefire", stance: .supports), StanceInput(topic: "sanctions-on-russia", stance: .conditional)],
            targets: ["putin"]))
        guard case .created(let id) = outcome else {
            Issue.record("expected a new statement")
            return
        }
        let statement = try parley.statements.get(id: id)
        #expect(statement.speaker.name == "Volodymyr Zelenskyy")
        #expect(statement.saidOn?.description == "2025-05-19")
        #expect(statement.medium == "X post")
        #expect(statement.cameo?.goldstein == 7.0)
        #expect(statement.stances.map { "\($0.topic.slug)=\($0.stance.rawValue)" } == ["ceasefire=supports", "sanctions-on-russia=conditional"])
        #expect(statement.sources.map(\.label) == ["Hindustan Times via AFP"])
        #expect(statement.targets.map(\.name) == ["Vladimir Putin"])
        #expect(statement.reportedOn?.description == "2025-05-20")
        #expect(TextKeys.isUUID(statement.uuid))
    }

    @Test("the same words from the same speaker merge into one statement with both sources")
    func merge() throws {
        let parley = try seededDatabase()
        let first = try parley.statements.add(NewStatement(
            speaker: "Mao Ning", onBehalfOf: "China's foreign ministry", text: "China supports all efforts aimed at achieving peace.",
            sources: [NewSource(url: "https://example.org/afp", outlet: "AFP")], stances: [StanceInput(topic: "direct-talks", stance: .supports)]))
        let second = try parley.statements.add(NewStatement(
            speaker: "mao ning", text: "“China supports all efforts aimed at achieving peace,”",
            sources: [NewSource(url: "https://example.org/reuters", outlet: "Reuters")], stances: [StanceInput(topic: "ceasefire", stance: .supports)]))
        #expect(second == .merged(first.id))
        let statement = try parley.statements.get(id: first.id)
        #expect(statement.sources.count == 2)
        #expect(statement.stances.count == 2)
        #expect(try parley.statements.count() == 1)
        let third = try parley.statements.add(NewStatement(speaker: "Mao Ning", text: "China supports all efforts aimed at achieving peace",
                                                          sources: [NewSource(url: "https://example.org/afp")]))
        #expect(third == .unchanged(first.id))
        let other = try parley.statements.add(NewStatement(speaker: "zelensky", text: "China supports all efforts aimed at achieving peace."))
        #expect(other != .unchanged(first.id), "another speaker's identical words are another statement")
    }

    @Test("a merge never changes a recorded stance; the failure writes nothing")
    func mergeConflict() throws {
        let parley = try seededDatabase()
        try parley.statements.add(NewStatement(speaker: "putin", text: "We are ready.", stances: [StanceInput(topic: "direct-talks", stance: .supports)]))
        let before = try counts(parley)
        let error = #expect(throws: ParleyError.self) {
            try parley.statements.add(NewStatement(speaker: "putin", text: "We are ready", sources: [NewSource(url: "https://example.org/new")],
                                                   stances: [StanceInput(topic: "direct-talks", stance: .opposes)]))
        }
        #expect(error?.description.contains("direct-talks: supports") == true)
        #expect(try counts(parley) == before, "not even the new source was kept")
    }

    @Test("unknown speakers, topics, targets and CAMEO codes are refused, writing nothing", arguments: [
        NewStatement(speaker: "Nobody", text: "x"),
        NewStatement(speaker: "putin", text: "x", stances: [StanceInput(topic: "nuclear-talks", stance: .supports)]),
        NewStatement(speaker: "putin", text: "x", targets: ["Atlantis"]),
        NewStatement(speaker: "putin", text: "x", cameoCode: "999"),
        NewStatement(speaker: "putin", text: "   "),
        NewStatement(speaker: "putin", onBehalfOf: "Vladimir Putin", text: "x"),
        NewStatement(speaker: "putin", text: "x", stances: [StanceInput(topic: "ceasefire", stance: .supports), StanceInput(topic: "Ceasefire", stance: .opposes)]),
    ])
    func refused(statement: NewStatement) throws {
        let parley = try seededDatabase()
        var withSource = statement
        withSource.sources = [NewSource(url: "https://example.org/never-stored")]
        let before = try counts(parley)
        #expect(throws: ParleyError.self) { try parley.statements.add(withSource) }
        #expect(try counts(parley) == before)
    }

    @Test("statements are found by id, UUID or a UUID prefix")
    func resolve() throws {
        let parley = try seededDatabase()
        let id = try parley.statements.add(NewStatement(speaker: "putin", text: "x", uuid: "5eed0004-0000-4000-8000-000000000001")).id
        #expect(try parley.statements.resolve(String(id)).id == id)
        #expect(try parley.statements.resolve("5EED0004-0000-4000-8000-000000000001").id == id)
        #expect(try parley.statements.resolve("5eed0004").id == id)
        #expect(throws: ParleyError.self) { try parley.statements.resolve("999") }
    }
}

@Suite("Listing and filters")
struct FilterTests {
    /// Five statements over spring 2025 with mixed precision; one undated, reported on 2025-05-25.
    func timeline() throws -> ParleyDatabase {
        let parley = try seededDatabase()
        func add(_ speaker: String, _ text: String, _ date: String?, _ stances: [StanceInput], sources: [NewSource] = []) throws {
            try parley.statements.add(NewStatement(speaker: speaker, text: text, saidOn: try PartialDate.parseOptional(date), sources: sources, stances: stances))
        }
        try add("putin", "A ceasefire is premature.", "2025-03-10", [StanceInput(topic: "ceasefire", stance: .opposes)])
        try add("putin", "We could discuss a truce.", "2025-05", [StanceInput(topic: "ceasefire", stance: .conditional)])
        try add("zelensky", "We want a full ceasefire.", "2025-05-19", [StanceInput(topic: "ceasefire", stance: .supports)])
        try add("zelensky", "Talks must be direct.", nil, [StanceInput(topic: "direct-talks", stance: .supports)],
                sources: [NewSource(url: "https://example.org/late", publishedOn: try PartialDate(parsing: "2025-05-25")),
                          NewSource(url: "https://example.org/later", publishedOn: try PartialDate(parsing: "2025-06-02"))])
        try add("Mao Ning", "Sanctions do not solve problems.", "2025", [StanceInput(topic: "sanctions-on-russia", stance: .opposes)])
        return parley
    }

    func texts(_ parley: ParleyDatabase, _ filter: StatementFilter) throws -> [String] {
        try parley.statements.list(filter).map(\.text)
    }

    @Test("timeline order: by date said or first reported; a partial date sorts at the start of its period")
    func order() throws {
        let parley = try timeline()
        let listed = try parley.statements.list()
        #expect(listed.map(\.text) == [
            "Sanctions do not solve problems.", "A ceasefire is premature.", "We could discuss a truce.",
            "We want a full ceasefire.", "Talks must be direct.",
        ])
        let undated = listed[4]
        #expect(undated.saidOn == nil)
        #expect(undated.reportedOn?.description == "2025-05-25", "the earliest source's date")
        #expect(undated.dateLabel == "reported 2025-05-25")
    }

    @Test("--speaker accepts any name form and several speakers")
    func speakers() throws {
        let parley = try timeline()
        #expect(try texts(parley, StatementFilter(speakers: ["ZELENSKIY"])) == ["We want a full ceasefire.", "Talks must be direct."])
        #expect(try parley.statements.count(StatementFilter(speakers: ["putin", "mao ning"])) == 3)
        #expect(throws: ParleyError.self) { try parley.statements.list(StatementFilter(speakers: ["nobody"])) }
    }

    @Test("--topic includes sub-topics; --stance narrows to a position")
    func topicsAndStances() throws {
        let parley = try timeline()
        #expect(try parley.statements.count(StatementFilter(topics: ["ceasefire"])) == 3)
        #expect(try parley.statements.count(StatementFilter(topics: ["russia-ukraine-war"])) == 4, "the parent includes ceasefire and direct-talks")
        #expect(try texts(parley, StatementFilter(topics: ["ceasefire"], stances: [.opposes])) == ["A ceasefire is premature."])
        #expect(try parley.statements.count(StatementFilter(stances: [.opposes])) == 2, "a stance alone matches any topic")
        #expect(try parley.statements.count(StatementFilter(stances: [.opposes, .conditional])) == 3)
    }

    @Test("--from and --to keep every statement whose period overlaps the range")
    func dateRange() throws {
        let parley = try timeline()
        func range(_ from: String?, _ to: String?) throws -> [String] {
            try texts(parley, StatementFilter(from: try PartialDate.parseOptional(from), to: try PartialDate.parseOptional(to)))
        }
        // "2025-05" (May) may be on or after 10 May; "2025" may be too.
        #expect(try range("2025-05-10", nil) == ["Sanctions do not solve problems.", "We could discuss a truce.", "We want a full ceasefire.", "Talks must be direct."])
        #expect(try range(nil, "2025-03") == ["Sanctions do not solve problems.", "A ceasefire is premature."])
        #expect(try range("2025-05-20", "2025-05-31") == ["Sanctions do not solve problems.", "We could discuss a truce.", "Talks must be direct."],
                "the undated statement counts from its first report, 25 May")
        #expect(try range("2026", nil) == [])
    }

    @Test("a stance matrix keeps each speaker's latest stance")
    func matrix() throws {
        let parley = try timeline()
        let matrix = StanceMatrix(statements: try parley.statements.list())
        let putin = try parley.actors.resolve("putin")
        let ceasefire = try parley.topics.resolve("ceasefire")
        #expect(matrix.cell(actor: putin.id, topic: ceasefire.id)?.stance == .conditional, "May's conditional follows March's opposes")
        #expect(matrix.actors.map(\.name) == ["Mao Ning", "Vladimir Putin", "Volodymyr Zelenskyy"])
        #expect(matrix.topics.map(\.slug) == ["ceasefire", "direct-talks", "sanctions-on-russia"])
    }
}
