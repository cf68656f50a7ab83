/// A deterministic, realistic-looking corpus for tests and benchmarks: the same seed gives the
/// same document, everywhere.
///
/// Shape: actors (people, ministries, states) with aliases and affiliations, topics with
/// parents, sources (some without a URL), and statements with quotes and paraphrases of 20 to
/// 600 characters, dates over ten years at year, month, day or minute precision (some unknown),
/// one to three stances and sources each, targets, links, CAMEO codes and a few retractions. Texts
/// include what breaks naive code: quotes, commas, semicolons, backslashes, line breaks,
/// leading `=` and `-`, and non-Latin scripts.
public struct CorpusGenerator {
    public var seed: UInt64
    public var statements: Int
    public var actors: Int
    public var topics: Int
    public var sources: Int

    public init(seed: UInt64 = 42, statements: Int, actors: Int = 500, topics: Int = 60, sources: Int? = nil) {
        self.seed = seed
        self.statements = statements
        self.actors = max(actors, 4)
        self.topics = max(topics, 2)
        self.sources = sources ?? max(10, statements / 3)
    }

    /// SplitMix64: small, fast, and the same on every platform.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
        mutating func uuid() -> String {
            let hex = Array("0123456789abcdef")
            var text = ""
            for index in 0..<32 {
                if [8, 12, 16, 20].contains(index) { text.append("-") }
                let value = index == 12 ? 4 : index == 16 ? 8 + int(0..<4) : int(0..<16)
                text.append(hex[value])
            }
            return text
        }
    }

    static let givenNames = ["Anna", "Oleksandr", "Wang", "Maria", "Sergei", "Fatima", "John", "Recep", "Emmanuel", "Olaf",
                             "Kaja", "Antony", "Dmytro", "Mao", "Lin", "Ursula", "Narendra", "Luiz", "Cyril", "Giorgia"]
    static let familyNames = ["Kovalenko", "Li", "Schmidt", "Erdoğan", "Macron", "Scholz", "Kallas", "Blinken", "Kuleba",
                              "Ning", "Jian", "von der Leyen", "Modi", "da Silva", "Ramaphosa", "Meloni", "Petrov", "Haddad", "Okafor", "Müller"]
    static let countries = [("Ukraine", "UKR"), ("Russia", "RUS"), ("China", "CHN"), ("United States", "USA"), ("Germany", "DEU"),
                            ("France", "FRA"), ("Türkiye", "TUR"), ("India", "IND"), ("Brazil", "BRA"), ("South Africa", "ZAF")]
    static let topicWords = ["ceasefire", "direct-talks", "sanctions", "grain-deal", "prisoner-exchange", "energy-truce",
                             "nuclear-safety", "peacekeeping", "security-guarantees", "reconstruction", "arms-supplies", "mediation"]
    static let media = ["press briefing", "interview", "X post", "Truth Social post", "speech", "phone call", "statement", "op-ed"]
    static let outlets = ["Reuters", "AFP", "Associated Press", "Hindustan Times", "Kyiv Independent", "TASS", "Xinhua", "BBC", "Le Monde", "Al Jazeera"]
    static let vocabulary = ("peace talks ceasefire negotiations security guarantees sanctions pressure dialogue sovereignty "
        + "territorial integrity aggression humanitarian corridor prisoners exchange grain exports energy infrastructure "
        + "mediation summit delegation memorandum framework withdrawal troops frontline escalation de-escalation "
        + "diplomacy partners allies commitment immediately unconditional durable just lasting agreement proposal "
        + "responsibility international law Charter interests concerns constructive step forward").split(separator: " ").map(String.init)
    static let tricky = ["\"we will not\"", "yes, but", "a;b", "back\\slash", "line one\nline two", "=SUM(A1)", "-2+3",
                         "мир", "和平", "سلام", "'quoted'", "50%", "tab\there", "@mention"]

    /// The whole corpus as one interchange document.
    public func document() -> InterchangeDocument {
        var statements: [StatementRecord] = []
        var document = InterchangeDocument()
        generate(header: { document = $0 }, statement: { statements.append($0) })
        document.statements = statements
        return document
    }

    /// Generates the corpus piece by piece, so that a large one can be written out without being
    /// held in memory: first `header` gets the actors, topics and sources, then `statement`
    /// each statement as it is made.
    public func generate(header: (InterchangeDocument) throws -> Void, statement body: (StatementRecord) throws -> Void) rethrows {
        var random = Random(state: seed)
        var actorRecords: [ActorRecord] = []
        var names: Set<String> = []
        for (country, code) in Self.countries {
            actorRecords.append(ActorRecord(uuid: random.uuid(), name: country, kind: "state", country: code))
            names.insert(TextKeys.nameKey(country))
            let ministry = "\(country) foreign ministry"
            actorRecords.append(ActorRecord(uuid: random.uuid(), name: ministry, kind: "organization", country: code,
                                            aliases: ["Ministry of Foreign Affairs of \(country)"]))
            names.insert(TextKeys.nameKey(ministry))
            names.insert(TextKeys.nameKey("Ministry of Foreign Affairs of \(country)"))
        }
        var attempt = 0
        while actorRecords.count < actors {
            attempt += 1
            let given = random.pick(Self.givenNames), family = random.pick(Self.familyNames)
            let name = attempt > 300 ? "\(given) \(family) \(attempt)" : "\(given) \(family)"
            guard names.insert(TextKeys.nameKey(name)).inserted else { continue }
            let (country, code) = random.pick(Self.countries)
            var aliases: [String] = []
            let short = "\(given.prefix(1)). \(family)" + (attempt > 300 ? " \(attempt)" : "")
            if random.chance(60), names.insert(TextKeys.nameKey(short)).inserted { aliases.append(short) }
            let role = random.pick(["spokesperson", "foreign minister", "president", "envoy", "ambassador", "prime minister"])
            actorRecords.append(ActorRecord(
                uuid: random.uuid(), name: name, kind: "person", country: code,
                wikidata: random.chance(30) ? "Q\(random.int(1..<9_999_999))" : nil,
                aliases: aliases.isEmpty ? nil : aliases,
                affiliations: [AffiliationRecord(organization: random.chance(50) ? "\(country) foreign ministry" : country,
                                                 role: role, from: random.chance(50) ? "20\(random.int(10..<25))" : nil)]))
        }
        var topicRecords: [TopicRecord] = []
        for index in 0..<topics {
            let word = Self.topicWords[index % Self.topicWords.count]
            let slug = index < Self.topicWords.count ? word : "\(word)-\(index / Self.topicWords.count + 1)"
            let parent = index >= 3 && random.chance(40) ? topicRecords[random.int(0..<3)].slug : nil
            topicRecords.append(TopicRecord(uuid: random.uuid(), slug: slug, title: slug.replacingOccurrences(of: "-", with: " ").capitalized, parent: parent))
        }
        var sourceRecords: [SourceRecord] = []
        for index in 0..<sources {
            let outlet = random.pick(Self.outlets)
            sourceRecords.append(SourceRecord(
                uuid: random.uuid(),
                url: random.chance(90) ? "https://news.example/\(outlet.lowercased().replacingOccurrences(of: " ", with: "-"))/\(index)" : nil,
                outlet: outlet, title: sentence(&random, words: random.int(4..<12)),
                author: random.chance(40) ? random.pick(Self.givenNames) + " " + random.pick(Self.familyNames) : nil,
                published: date(&random, allowNil: false), via: random.chance(30) ? random.pick(["AFP", "Reuters", "AP"]) : nil,
                language: random.chance(50) ? random.pick(["en", "uk", "ru", "zh", "fr"]) : nil))
        }
        try header(InterchangeDocument(actors: actorRecords, topics: topicRecords, sources: sourceRecords))
        let people = actorRecords.filter { $0.kind == "person" }.map(\.name)
        let organizations = actorRecords.filter { $0.kind != "person" }.map(\.name)
        var statementUUIDs: [String] = []
        statementUUIDs.reserveCapacity(statements)
        for _ in 0..<statements {
            let speaker = random.pick(people)
            let length = random.int(20..<600)
            var text = ""
            while text.count < length {
                text += (text.isEmpty ? "" : " ") + (random.chance(3) ? random.pick(Self.tricky) : random.pick(Self.vocabulary))
            }
            if random.chance(2) { text = random.pick(["=", "-", "+", "@", "'"]) + text }
            var stances: [String: String] = [:]
            for _ in 0..<random.int(1..<4) {
                stances[random.pick(topicRecords).slug ?? "ceasefire"] = random.pick(Stance.allCases).rawValue
            }
            let statementSources = (0..<random.int(1..<4)).map { _ in random.pick(sourceRecords).reference }
            let isQuote = random.chance(75)
            let link: [LinkRecord]? = statementUUIDs.count > 10 && random.chance(5)
                ? [LinkRecord(relation: random.pick(LinkRelation.allCases).rawValue, to: random.pick(statementUUIDs))] : nil
            let uuid = random.uuid()
            statementUUIDs.append(uuid)
            try body(StatementRecord(
                uuid: uuid, speaker: speaker,
                onBehalfOf: random.chance(20) ? random.pick(organizations) : nil,
                quote: isQuote ? text : nil, paraphrase: isQuote ? nil : text,
                saidOn: date(&random, allowNil: true), medium: random.chance(70) ? random.pick(Self.media) : nil,
                place: random.chance(10) ? random.pick(["Kyiv", "Moscow", "Beijing", "Geneva", "Istanbul"]) : nil,
                language: random.chance(30) ? random.pick(["en", "uk", "ru", "zh"]) : nil,
                note: random.chance(10) ? sentence(&random, words: 6) : nil,
                cameo: random.chance(40) ? random.pick(["010", "013", "026", "036", "046", "0871", "107", "112", "125", "130"]) : nil,
                stances: stances, sources: Array(Set(statementSources)).sorted().map(SourceReference.reference),
                targets: random.chance(30) ? [random.pick(organizations)] : nil,
                links: link,
                retracted: random.chance(1) ? RetractionRecord(at: "2025-06-0\(random.int(1..<10))T10:00:00.000Z", reason: "misattributed") : nil))
        }
    }

    private func sentence(_ random: inout Random, words: Int) -> String {
        (0..<words).map { _ in random.pick(Self.vocabulary) }.joined(separator: " ")
    }

    private func date(_ random: inout Random, allowNil: Bool) -> String? {
        if allowNil && random.chance(10) { return nil }
        let year = 2015 + random.int(0..<10)
        let month = random.int(1..<13), day = random.int(1..<29)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch random.int(0..<20) {
        case 0: return "\(year)"
        case 1...3: return "\(year)-\(two(month))"
        case 4: return "\(year)-\(two(month))-\(two(day))T\(two(random.int(0..<24))):\(two(random.int(0..<60)))"
        default: return "\(year)-\(two(month))-\(two(day))"
        }
    }
}
