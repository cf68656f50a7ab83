import ParleySQLite

/// A stance to record: a topic (slug, title, id or UUID) and the position taken on it.
public struct StanceInput: Sendable, Equatable {
    public var topic: String
    public var stance: Stance

    public init(topic: String, stance: Stance) {
        self.topic = topic
        self.stance = stance
    }

    /// Parses `TOPIC=STANCE`, such as `ceasefire=supports`.
    /// - Throws: `ParleyError.invalidInput` naming the allowed stance words.
    public init(parsing text: String, field: String = "--stance") throws {
        guard let equals = text.lastIndex(of: "=") else {
            throw ParleyError.invalid("'\(text)' is not TOPIC=STANCE (for example ceasefire=supports); stances: \(Stance.allowedWords)", field: field)
        }
        let topic = String(text[..<equals]).trimmingWhitespace()
        guard !topic.isEmpty else { throw ParleyError.invalid("'\(text)' names no topic before '='", field: field) }
        self.topic = topic
        self.stance = try Stance.parse(String(text[text.index(after: equals)...]), field: field)
    }
}

/// What is needed to log one statement.
public struct NewStatement: Sendable, Equatable {
    /// The speaker: a name, alias, slug, id or UUID of an existing actor.
    public var speaker: String
    public var onBehalfOf: String?
    public var text: String
    public var kind: StatementKind
    public var saidOn: PartialDate?
    public var medium: String?
    public var place: String?
    public var language: String?
    public var note: String?
    public var cameoCode: String?
    /// Sources by URL: an unknown URL is recorded with the other fields given.
    public var sources: [NewSource]
    public var stances: [StanceInput]
    /// Actors the statement is addressed to or about.
    public var targets: [String]
    public var uuid: String?

    public init(speaker: String, onBehalfOf: String? = nil, text: String, kind: StatementKind = .quote,
                saidOn: PartialDate? = nil, medium: String? = nil, place: String? = nil, language: String? = nil,
                note: String? = nil, cameoCode: String? = nil, sources: [NewSource] = [], stances: [StanceInput] = [],
                targets: [String] = [], uuid: String? = nil) {
        self.speaker = speaker
        self.onBehalfOf = onBehalfOf
        self.text = text
        self.kind = kind
        self.saidOn = saidOn
        self.medium = medium
        self.place = place
        self.language = language
        self.note = note
        self.cameoCode = cameoCode
        self.sources = sources
        self.stances = stances
        self.targets = targets
        self.uuid = uuid
    }
}

/// What logging a statement did.
public enum AddOutcome: Sendable, Equatable {
    /// A new statement.
    case created(Int64)
    /// The speaker had said this text before: its new sources, stances and targets were added to
    /// the existing statement.
    case merged(Int64)
    /// The statement was already recorded with everything given.
    case unchanged(Int64)

    public var id: Int64 {
        switch self {
        case .created(let id), .merged(let id), .unchanged(let id): return id
        }
    }
}

/// Which statements a listing shows. Every condition narrows; within one condition, any of its
/// values matches; empty lists mean "any".
public struct StatementFilter: Sendable, Equatable {
    /// Speakers by name, alias, slug, id or UUID.
    public var speakers: [String]
    /// The actors spoken for (`on_behalf_of`).
    public var onBehalfOf: [String]
    /// Topics by slug, title, id or UUID; a topic includes its sub-topics.
    public var topics: [String]
    /// Stance words: with topics, the stance on those topics; alone, on any topic.
    public var stances: [Stance]
    /// Dates are periods; a statement is kept when its date overlaps [from, to]
    /// (see `PartialDate.overlaps`). Undated statements use their earliest source's date.
    public var from: PartialDate?
    public var to: PartialDate?
    /// Media, case-insensitively: `press briefing`, `X post`.
    public var mediums: [String]
    /// Outlets that reported it, case-insensitively; a wire service credited with `via` counts.
    public var outlets: [String]
    /// Sources by URL, id or UUID.
    public var sources: [String]
    /// Actors it is addressed to or about.
    public var about: [String]
    public var kinds: [StatementKind]
    /// CAMEO code prefixes: `03` matches 03, 030, 036, 0311….
    public var cameoPrefixes: [String]
    /// Statements an import run created or changed (`parley import list` numbers them).
    public var importRuns: [Int64] = []
    public var includeRetracted: Bool

    public init(speakers: [String] = [], onBehalfOf: [String] = [], topics: [String] = [], stances: [Stance] = [],
                from: PartialDate? = nil, to: PartialDate? = nil, mediums: [String] = [], outlets: [String] = [],
                sources: [String] = [], about: [String] = [], kinds: [StatementKind] = [], cameoPrefixes: [String] = [],
                importRuns: [Int64] = [], includeRetracted: Bool = false) {
        self.speakers = speakers
        self.onBehalfOf = onBehalfOf
        self.topics = topics
        self.stances = stances
        self.from = from
        self.to = to
        self.mediums = mediums
        self.outlets = outlets
        self.sources = sources
        self.about = about
        self.kinds = kinds
        self.cameoPrefixes = cameoPrefixes
        self.importRuns = importRuns
        self.includeRetracted = includeRetracted
    }

    /// True when nothing narrows the selection (retracted statements aside).
    public var selectsEverything: Bool {
        var plain = self
        plain.includeRetracted = false
        return plain == StatementFilter()
    }
}

/// All SQL about statements, their sources, stances, targets and links.
public struct StatementStore {
    let db: Database
    /// Who makes changes, for the history table.
    var author: String? = nil

    var history: HistoryStore { HistoryStore(db: db, author: author) }

    var actors: ActorStore { ActorStore(db: db, author: author) }
    var topics: TopicStore { TopicStore(db: db, author: author) }
    var sources: SourceStore { SourceStore(db: db, author: author) }

    // MARK: Adding

    /// Logs one statement in one transaction: all of it, or nothing.
    ///
    /// When `new.uuid` is nil and the speaker already said the same text (same normalized text:
    /// case, punctuation and white space aside), the existing statement gains the new sources,
    /// stances and targets instead of being duplicated. A statement that carries a UUID is
    /// identified by it alone.
    /// - Throws: `ParleyError.notFound` for an unknown speaker, topic or target;
    ///   `ParleyError.invalidInput` for empty text or an unknown CAMEO code;
    ///   `ParleyError.conflict` when a merge would change a recorded stance.
    @discardableResult
    public func add(_ new: NewStatement) throws -> AddOutcome {
        try db.write { _ in try insert(new) }
    }

    /// The records a new statement refers to, already looked up (an import looks each name up
    /// once per run, not once per statement).
    struct References {
        var speakerID: Int64
        var onBehalfOfID: Int64?
        var stances: [(topicID: Int64, stance: Stance)]
        var targetIDs: [Int64]
        /// Every source to credit; `new.sources` is not read.
        var sourceIDs: [Int64]
    }

    /// What `insert` does when a new statement's UUID is stored already.
    enum StoredUUID {
        /// Merges into that statement, as into a duplicate (`add`).
        case merge
        /// Leaves that statement as it is, and says `.unchanged(id)`: an import then updates it
        /// from the file, whose values win.
        case leave
    }

    /// The one way a statement is inserted, or merged into the one it repeats, inside the
    /// caller's transaction (`add` is this in a transaction of its own).
    /// - Parameters:
    ///   - resolved: the records `new` names, when the caller has looked them up (an import,
    ///     once per name and run); nil looks up `new.speaker`, `.stances`, `.targets` and
    ///     `.sources` (recording a source whose URL is unknown).
    ///   - textHash: `TextKeys.textHash(new.text)`, when the caller has it (an import computes
    ///     it on its reading thread); nil computes it.
    ///   - storedUUID: what to do when `new.uuid` is stored already.
    func insert(_ new: NewStatement, resolved: References? = nil, textHash: Int64? = nil,
                storedUUID: StoredUUID = .merge) throws -> AddOutcome {
        try check(new)
        let resolved = try resolved ?? references(for: new)
        try checkSpeakers(resolved)
        let existing: Int64?
        if let uuid = new.uuid {
            // Insert first: a new UUID (the usual case) is looked up once, by the insert itself.
            if let id = try insertUnlessUUIDTaken(new, resolved: resolved, textHash: textHash) { return .created(id) }
            existing = try findID(uuid: uuid)
            if storedUUID == .leave, let existing { return .unchanged(existing) }
        } else {
            existing = try findDuplicate(speakerID: resolved.speakerID, text: new.text.trimmingWhitespace())
        }
        if let existing {
            let before = try get(id: existing)
            guard try attach(to: existing, sourceIDs: resolved.sourceIDs, stances: resolved.stances, targetIDs: resolved.targetIDs) else {
                return .unchanged(existing)
            }
            try touch(existing)
            try history.recordEdit(.statement, id: existing, uuid: before.uuid, before: snapshot(before), after: snapshot(try get(id: existing)), action: "merge")
            return .merged(existing)
        }
        // A new random UUID that is taken: one chance in 2^122 per statement already stored.
        guard let id = try insertUnlessUUIDTaken(new, resolved: resolved, textHash: textHash) else {
            throw ParleyError.conflict("the new statement's UUID is already taken; run the command again")
        }
        return .created(id)
    }

    /// Looks up the records `new` names; a source with an unknown URL is recorded.
    private func references(for new: NewStatement) throws -> References {
        let sourceIDs = try new.sources.map { try sources.findOrInsert($0) }
        return References(
            speakerID: try actors.resolver.resolve(new.speaker),
            onBehalfOfID: try new.onBehalfOf.nonBlank.map { try actors.resolver.resolve($0) },
            stances: try new.stances.map { (topicID: try topics.resolver.resolve($0.topic), stance: $0.stance) },
            targetIDs: try new.targets.map { try actors.resolver.resolve($0) },
            sourceIDs: sourceIDs)
    }

    /// What can be wrong with a new statement before anything is looked up.
    private func check(_ new: NewStatement) throws {
        if new.text.trimmingWhitespace().isEmpty {
            throw ParleyError.invalid("the statement text is empty", field: new.kind == .quote ? "quote" : "paraphrase")
        }
        if let uuid = new.uuid, !TextKeys.isUUID(uuid) {
            throw ParleyError.invalid("'\(uuid)' is not a UUID", field: "uuid")
        }
        if let cameo = new.cameoCode.nonBlank, try db.scalar("SELECT code FROM cameo_event WHERE code = ?", [cameo]) as String? == nil {
            throw ParleyError.invalid("unknown CAMEO code '\(cameo)'; codes are text such as 036 or 0871 (see the cameo_event table)", field: "cameo")
        }
        var seenTopics: Set<String> = []
        for stance in new.stances where !seenTopics.insert(TextKeys.nameKey(stance.topic)).inserted {
            throw ParleyError.invalid("the topic '\(stance.topic)' is given more than one stance", field: "stance")
        }
    }

    private func checkSpeakers(_ resolved: References) throws {
        if resolved.onBehalfOfID == resolved.speakerID {
            throw ParleyError.invalid("a speaker cannot speak on behalf of themselves", field: "on_behalf_of")
        }
    }

    /// Inserts `new` with its sources, stances and targets, unless a statement already has
    /// its UUID (nil, nothing written). The checks above are the caller's.
    private func insertUnlessUUIDTaken(_ new: NewStatement, resolved: References, textHash: Int64?) throws -> Int64? {
        let text = new.text.trimmingWhitespace()
        let saidOn = new.saidOn?.description
        try db.execute(Self.insertSQL(sourceCount: resolved.sourceIDs.count),
                       [new.uuid?.lowercased() ?? TextKeys.newUUID(), resolved.speakerID, resolved.onBehalfOfID, text, new.kind.rawValue,
                        saidOn, new.medium.nonBlank, new.place.nonBlank, new.language.nonBlank,
                        new.note.nonBlank, new.cameoCode.nonBlank, textHash ?? TextKeys.textHash(text)] + resolved.sourceIDs)
        guard db.changes > 0 else { return nil }
        let id = db.lastInsertRowID
        // A new statement's date is its said-on date when it has one (else its first report,
        // which the insert worked out): its stances' copies need no look-up then.
        let copies = saidOn.map { StanceCopies(speakerID: resolved.speakerID, effectiveOn: $0, retracted: false) }
        _ = try attach(to: id, sourceIDs: resolved.sourceIDs, stances: resolved.stances, targetIDs: resolved.targetIDs, new: true, copies: copies)
        return id
    }

    /// The insert of a statement credited to `sourceCount` sources, whose ids come last.
    ///
    /// The first-report date is stored with the row, from the sources about to be credited, so
    /// that crediting them (whose trigger writes the row only for an earlier date) does not
    /// write it again. One look-up per source, not `id IN (…)`: SQLite builds a list of two or
    /// more into a temporary b-tree, a page allocated, zeroed and freed for every statement,
    /// which cost an import a fifth of its time (BENCHMARKS.md). Made once for the usual counts.
    static func insertSQL(sourceCount: Int) -> String {
        sourceCount < insertSQLByCount.count ? insertSQLByCount[sourceCount] : makeInsertSQL(sourceCount: sourceCount)
    }

    private static let insertSQLByCount = (0...4).map { makeInsertSQL(sourceCount: $0) }

    private static func makeInsertSQL(sourceCount: Int) -> String {
        let firstReport = sourceCount == 0 ? "NULL" : "(SELECT min(published_on) FROM ("
            + Array(repeating: "SELECT published_on FROM source WHERE id = ?", count: sourceCount).joined(separator: " UNION ALL ")
            + "))"
        return """
            INSERT INTO statement (uuid, speaker_id, on_behalf_of_id, text, kind, said_on, medium, place, language, note, cameo_code, text_hash,
                                   reported_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(firstReport))
            ON CONFLICT (uuid) DO NOTHING
            """
    }

    /// The earliest statement by this speaker with the same normalized text.
    func findDuplicate(speakerID: Int64, text: String) throws -> Int64? {
        let normalized = TextKeys.normalizedText(text)
        let candidates: [(Int64, String)] = try db.map(DuplicateColumn.query, [speakerID, TextKeys.fnv1a64(normalized)]) {
            (try $0[DuplicateColumn.id], try $0[DuplicateColumn.text])
        }
        // The hash narrows; the comparison decides (a hash collision is never a merge).
        return candidates.first { TextKeys.normalizedText($0.1) == normalized }?.0
    }

    /// The statements by a speaker whose text has a duplicate key: candidates for `findDuplicate`.
    enum DuplicateColumn: Int, QueryColumns {
        case id, text
        static let query = "SELECT id, text FROM statement WHERE speaker_id = ? AND text_hash = ? ORDER BY id"
        static var queries: [String] { [query] }
    }

    /// Adds sources, stances and targets that are not there yet; returns whether anything was added.
    /// - Parameters:
    ///   - new: the statement was just inserted, with these sources counted in its
    ///     first-report date, so it records no stance yet.
    ///   - copies: what its stances copy of it, when the caller knows; nil reads them.
    private func attach(to id: Int64, sourceIDs: [Int64], stances: [(topicID: Int64, stance: Stance)], targetIDs: [Int64], new: Bool = false,
                        copies: StanceCopies? = nil) throws -> Bool {
        var changed = false
        for sourceID in sourceIDs {
            changed = try addSource(sourceID, to: id, dated: new) || changed
        }
        // A statement just inserted records only what this loop adds (two names of one topic
        // meet here), so it is asked of the list, not of the database.
        var added: [Int64: String] = [:]
        var copies = copies
        for (topicID, stance) in stances {
            let recorded: String? = new ? added[topicID] : try db.scalar("SELECT stance FROM stance WHERE statement_id = ? AND topic_id = ?", [id, topicID])
            if let recorded {
                if recorded != stance.rawValue {
                    let topic = try topics.get(id: topicID)
                    throw ParleyError.conflict("statement \(id) already records \(topic.slug): \(recorded), not \(stance.rawValue); a merge never changes a recorded stance")
                }
                continue
            }
            let known = try copies ?? stanceCopies(of: id)
            copies = known
            try db.execute(Self.insertStance, [id, topicID, stance.rawValue] + known.arguments)
            added[topicID] = stance.rawValue
            changed = true
        }
        for targetID in targetIDs {
            try db.execute("INSERT OR IGNORE INTO statement_target (statement_id, actor_id) VALUES (?, ?)", [id, targetID])
            changed = changed || db.changes > 0
        }
        return changed
    }

    // MARK: Reading

    /// Finds one statement by id or UUID (or a unique UUID prefix of at least 8 characters).
    public func resolve(_ query: String) throws -> Statement {
        let trimmed = query.trimmingWhitespace().lowercased()
        if let id = Int64(trimmed), let found: Int64 = try db.scalar("SELECT id FROM statement WHERE id = ?", [id]) {
            return try get(id: found)
        }
        if trimmed.count >= 8, trimmed.utf8.allSatisfy({ TextKeys.isHexDigit($0) || $0 == UInt8(ascii: "-") }) {
            let matches: [Int64] = try db.map(
                "SELECT id FROM statement WHERE uuid >= ? AND uuid < ? ORDER BY id LIMIT 2",
                [trimmed, trimmed + "~"]) { try $0[0] }
            if matches.count == 1 { return try get(id: matches[0]) }
            if matches.count > 1 {
                throw ParleyError.ambiguous(.statement, query: query, candidates: matches.map { "statement \($0)" })
            }
        }
        throw ParleyError.notFound(.statement, query: query, candidates: [])
    }

    /// One statement with its sources, stances, targets and links.
    public func get(id: Int64) throws -> Statement {
        let statement = try db.first(Self.selectStatement + " WHERE s.id = ?", [id]) { try load($0) }
        guard let statement else { throw ParleyError.notFound(.statement, query: String(id), candidates: []) }
        return statement
    }

    /// Streams the statements a filter selects, in timeline order: by date (said, or else first
    /// reported), then by id; statements with no date at all come last.
    /// - Parameter relations: what to load besides each statement's own columns; a relation left
    ///   out leaves that list empty (the stance table needs only stances).
    public func forEach(_ filter: StatementFilter = StatementFilter(), relations: StatementRelations = .all,
                        _ body: (Statement) throws -> Void) throws {
        let (whereClause, arguments) = try conditions(for: filter)
        let sql = """
            \(Self.selectStatement)
            \(whereClause)
            \(Self.timelineOrder)
            """
        // Not cached: the SQL varies with the filter's shape.
        try streamBatched(try db.prepare(sql), arguments, relations: relations, extra: { _ in () }) { statement, _ in try body(statement) }
    }

    /// How many sources report the statements a filter selects.
    public func citedSourceCount(_ filter: StatementFilter) throws -> Int {
        let (whereClause, arguments) = try conditions(for: filter)
        return try db.prepare("""
            SELECT count(DISTINCT ss.source_id) FROM statement_source ss WHERE ss.statement_id IN (SELECT s.id FROM statement s \(whereClause))
            """).first(arguments) { try $0[0] } ?? 0
    }

    /// The statements a filter selects, in timeline order.
    public func list(_ filter: StatementFilter = StatementFilter()) throws -> [Statement] {
        var result: [Statement] = []
        try forEach(filter) { result.append($0) }
        return result
    }

    /// The count of statements a filter selects.
    public func count(_ filter: StatementFilter = StatementFilter()) throws -> Int {
        let (whereClause, arguments) = try conditions(for: filter)
        return try db.prepare("SELECT count(*) FROM statement s \(whereClause)").first(arguments) { try $0[0] } ?? 0
    }

    /// Builds the WHERE clause from fixed fragments; user values only ever become `?` arguments.
    func conditions(for filter: StatementFilter) throws -> (String, [any SQLiteBindable]) {
        var clauses: [String] = []
        var arguments: [any SQLiteBindable] = []
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        func any(_ fragment: String, _ values: [any SQLiteBindable]) {
            clauses.append(fragment.replacingOccurrences(of: "(?)", with: "(\(placeholders(values.count)))"))
            arguments += values
        }

        if !filter.includeRetracted {
            clauses.append("s.retracted_at IS NULL")
        }
        if !filter.speakers.isEmpty {
            any("s.speaker_id IN (?)", try filter.speakers.map { try actors.resolver.resolve($0) })
        }
        if !filter.onBehalfOf.isEmpty {
            any("s.on_behalf_of_id IN (?)", try filter.onBehalfOf.map { try actors.resolver.resolve($0) })
        }
        // Filters on related rows are `s.id IN (…)`, not `EXISTS (…)`: SQLite can then start
        // from the related table's index and read only the statements it names (a topic's
        // timeline of a million statements: 0.2–0.5 s instead of 5 s), or check each row when
        // that is cheaper.
        if !filter.topics.isEmpty || !filter.stances.isEmpty {
            var stanceClause = "s.id IN (SELECT st.statement_id FROM stance st WHERE 1"
            if !filter.topics.isEmpty {
                var topicIDs: [Int64] = []
                for topic in filter.topics {
                    for id in try topics.descendantIDs(of: try topics.resolver.resolve(topic)) where !topicIDs.contains(id) {
                        topicIDs.append(id)
                    }
                }
                stanceClause += " AND st.topic_id IN (\(placeholders(topicIDs.count)))"
                arguments += topicIDs
            }
            if !filter.stances.isEmpty {
                stanceClause += " AND st.stance IN (\(placeholders(filter.stances.count)))"
                arguments += filter.stances.map(\.rawValue)
            }
            clauses.append(stanceClause + ")")
        }
        if let from = filter.from {
            clauses.append("s.effective_on || '~' >= ?")
            arguments.append(from.rangeStartKey)
        }
        if let to = filter.to {
            clauses.append("s.effective_on <= ?")
            arguments.append(to.rangeEndKey)
        }
        if !filter.mediums.isEmpty {
            any("lower(s.medium) IN (?)", filter.mediums.map { $0.trimmingWhitespace().lowercased() })
        }
        if !filter.outlets.isEmpty {
            let names = filter.outlets.map { $0.trimmingWhitespace().lowercased() }
            clauses.append("""
                s.id IN (SELECT ss.statement_id FROM statement_source ss JOIN source src ON src.id = ss.source_id
                         WHERE lower(src.outlet) IN (\(placeholders(names.count))) OR lower(src.via) IN (\(placeholders(names.count))))
                """)
            arguments += names + names
        }
        if !filter.sources.isEmpty {
            any("s.id IN (SELECT ss.statement_id FROM statement_source ss WHERE ss.source_id IN (?))",
                try filter.sources.map { try sources.resolve($0).id })
        }
        if !filter.about.isEmpty {
            any("s.id IN (SELECT t.statement_id FROM statement_target t WHERE t.actor_id IN (?))",
                try filter.about.map { try actors.resolver.resolve($0) })
        }
        if !filter.kinds.isEmpty {
            any("s.kind IN (?)", filter.kinds.map(\.rawValue))
        }
        if !filter.importRuns.isEmpty {
            // Created by the run, or changed by it (a history entry it wrote).
            let runs = placeholders(filter.importRuns.count)
            clauses.append("""
                s.uuid IN (SELECT c.uuid FROM import_created c WHERE c.entity = 'statement' AND c.run_id IN (\(runs))
                           UNION SELECT h.entity_uuid FROM history h JOIN import_run r ON h.id > r.first_history_id AND h.id <= r.last_history_id
                           WHERE h.entity = 'statement' AND r.id IN (\(runs)))
                """)
            arguments += filter.importRuns + filter.importRuns
        }
        if !filter.cameoPrefixes.isEmpty {
            var alternatives: [String] = []
            for prefix in filter.cameoPrefixes {
                let digits = prefix.trimmingWhitespace()
                guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw ParleyError.invalid("'\(prefix)' is not a CAMEO code or prefix (digits, such as 03 or 036)", field: "--cameo")
                }
                alternatives.append("substr(s.cameo_code, 1, ?) = ?")
                arguments += [digits.count, digits]
            }
            clauses.append("(" + alternatives.joined(separator: " OR ") + ")")
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        return (whereClause, arguments)
    }

    /// Timeline order: dated statements first, by date, then by id. The `statement_timeline`
    /// index (migration 6) holds exactly this order, so listings read it instead of sorting.
    static let timelineOrder = "ORDER BY s.effective_on IS NULL, s.effective_on, s.id"

    /// Writes one stance (arguments: statement id, topic id, stance, then the statement's
    /// `StanceCopies`) with the copies of its statement's speaker, date and retraction that the
    /// stance matrix reads (migration 7), so the trigger that keeps them finds nothing to do.
    ///
    /// `VALUES`, not `INSERT … SELECT` from the statement: SQLite gives an `INSERT … SELECT` a
    /// statement journal (the statement could write many rows and then fail), so every stance
    /// copied the pages it touched to a temporary file first: 390,000 writes in a
    /// 100,000-statement import (BENCHMARKS.md).
    static let insertStance = """
        INSERT INTO stance (statement_id, topic_id, stance, speaker_id, effective_on, retracted) VALUES (?, ?, ?, ?, ?, ?)
        """

    /// What a stance row copies of its statement (migration 7), read once for all its stances.
    struct StanceCopies {
        let speakerID: Int64
        let effectiveOn: String?
        let retracted: Bool

        /// The last three arguments of `insertStance`.
        var arguments: [any SQLiteBindable] { [speakerID, effectiveOn, retracted] }
    }

    /// The columns of `StanceCopies`, as `stanceCopies(of:)` reads them.
    enum StanceCopyColumn: Int, QueryColumns {
        case speakerID, effectiveOn, retracted
        static let query = "SELECT speaker_id, effective_on, retracted_at IS NOT NULL AS retracted FROM statement WHERE id = ?"
        static var queries: [String] { [query] }
    }

    /// The copies the stances of statement `id` keep of it.
    func stanceCopies(of id: Int64) throws -> StanceCopies {
        let copies = try db.first(StanceCopyColumn.query, [id]) {
            StanceCopies(speakerID: try $0[StanceCopyColumn.speakerID], effectiveOn: try $0[StanceCopyColumn.effectiveOn],
                         retracted: try $0[StanceCopyColumn.retracted])
        }
        guard let copies else { throw ParleyError.notFound(.statement, query: String(id), candidates: []) }
        return copies
    }

    /// The columns of `selectStatement`, in order, each named as the query names it in snake
    /// case (a test holds the two equal); `reportedOn` (the earliest report) and `effectiveOn`
    /// (said_on, else reportedOn) are stored in the row and kept by triggers (migration 6).
    enum Column: Int, QueryColumns {
        case id, uuid, speakerID, speakerSlug, speakerName, onBehalfOfID, onBehalfOfSlug, onBehalfOfName
        case text, kind, saidOn, reportedOn, medium, place, language, note
        case cameoCode, cameoDescription, goldstein, quadClass
        case retractedAt, retractionReason, createdAt, updatedAt
        case effectiveOn
        static var queries: [String] { [selectStatement] }
    }

    /// A statement row: the columns `Column` names.
    static let selectStatement = """
        SELECT s.id, s.uuid, s.speaker_id, sp.slug AS speaker_slug, sp.name AS speaker_name,
               s.on_behalf_of_id, ob.slug AS on_behalf_of_slug, ob.name AS on_behalf_of_name,
               s.text, s.kind, s.said_on, s.reported_on, s.medium, s.place, s.language, s.note,
               s.cameo_code, c.description AS cameo_description, c.goldstein, c.quadclass AS quad_class,
               s.retracted_at, s.retraction_reason, s.created_at, s.updated_at,
               s.effective_on
        FROM statement s
        JOIN actor sp ON sp.id = s.speaker_id
        LEFT JOIN actor ob ON ob.id = s.on_behalf_of_id
        LEFT JOIN cameo_event c ON c.code = s.cameo_code
        """

    /// One statement with its relations (for single lookups).
    func load(_ row: Row) throws -> Statement {
        var statements = [try loadCore(row)]
        try attachRelations(&statements)
        return statements[0]
    }

    /// The statement's own columns; stances, sources, targets and links come from
    /// `attachRelations`, for many statements at once.
    func loadCore(_ row: Row) throws -> Statement {
        typealias C = Column
        let onBehalfOfID: Int64? = try row[C.onBehalfOfID]
        let cameoCode: String? = try row[C.cameoCode]
        return Statement(
            id: try row[C.id], uuid: try row[C.uuid],
            speaker: ActorRef(id: try row[C.speakerID], slug: try row[C.speakerSlug], name: try row[C.speakerName]),
            onBehalfOf: try onBehalfOfID.map { ActorRef(id: $0, slug: try row[C.onBehalfOfSlug], name: try row[C.onBehalfOfName]) },
            text: try row[C.text], kind: try StatementKind.parse(try row[C.kind]),
            saidOn: try PartialDate.parseOptional(try row[C.saidOn]), reportedOn: try PartialDate.parseOptional(try row[C.reportedOn]),
            medium: try row[C.medium], place: try row[C.place], language: try row[C.language], note: try row[C.note],
            cameo: try cameoCode.map {
                CameoEvent(code: $0, description: try row[C.cameoDescription], goldstein: try row[C.goldstein], quadClass: try row[C.quadClass])
            },
            stances: [], sources: [], targets: [], links: [],
            retractedAt: try row[C.retractedAt], retractionReason: try row[C.retractionReason],
            createdAt: try row[C.createdAt], updatedAt: try row[C.updatedAt])
    }

    /// Fills in stances, sources, targets and links with four queries for the whole batch
    /// (not four per statement).
    func attachRelations(_ statements: inout [Statement], _ relations: StatementRelations = .all) throws {
        guard !statements.isEmpty else { return }
        var position: [Int64: Int] = [:]
        for (index, statement) in statements.enumerated() { position[statement.id] = index }
        let ids: [any SQLiteBindable] = statements.map(\.id)
        let list = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        // Full batches reuse their compiled statements; the last, shorter one compiles its own.
        func run(_ sql: String, _ arguments: [any SQLiteBindable], _ body: (Row) throws -> Void) throws {
            let statement = ids.count == Self.batchSize ? try db.cachedStatement(sql) : try db.prepare(sql)
            try statement.forEach(arguments, body)
        }
        if relations.contains(.stances) { try run("""
            \(StanceColumn.select)
            WHERE st.statement_id IN (\(list)) ORDER BY st.statement_id, t.slug
            """, ids) { row in
            typealias C = StanceColumn
            guard let index = position[try row[C.statementID]] else { return }
            statements[index].stances.append(TopicStance(topic: TopicRef(id: try row[C.topicID], slug: try row[C.topicSlug], title: try row[C.topicTitle]),
                                                          stance: try Stance.parse(try row[C.stance])))
        } }
        if relations.contains(.sources) { try run("""
            \(SourceColumn.select)
            WHERE ss.statement_id IN (\(list)) ORDER BY ss.statement_id, src.published_on IS NULL, src.published_on, src.uuid
            """, ids) { row in
            guard let index = position[try row[SourceColumn.statementID]] else { return }
            statements[index].sources.append(try SourceStore.source(from: row, SourceColumn.self))
        } }
        if relations.contains(.targets) { try run("""
            \(TargetColumn.select)
            WHERE t.statement_id IN (\(list)) ORDER BY t.statement_id, a.name_key
            """, ids) { row in
            typealias C = TargetColumn
            guard let index = position[try row[C.statementID]] else { return }
            statements[index].targets.append(ActorRef(id: try row[C.actorID], slug: try row[C.actorSlug], name: try row[C.actorName]))
        } }
        if relations.contains(.links) { try run("""
            \(LinkColumn.select)
            WHERE l.from_id IN (\(list))
            UNION ALL
            SELECT l.to_id, l.relation, 'incoming', l.from_id, o.uuid FROM statement_link l JOIN statement o ON o.id = l.from_id
            WHERE l.to_id IN (\(list))
            ORDER BY 1, 4, 2
            """, ids + ids) { row in
            typealias C = LinkColumn
            guard let index = position[try row[C.statementID]] else { return }
            statements[index].links.append(StatementLink(
                relation: try LinkRelation.parse(try row[C.relation]), direction: (try row[C.direction] as String) == "outgoing" ? .outgoing : .incoming,
                otherID: try row[C.otherID], otherUUID: try row[C.otherUUID]))
        } }
    }

    /// A statement's stances on topics, by statement.
    enum StanceColumn: Int, QueryColumns {
        case statementID, topicID, topicSlug, topicTitle, stance
        static let select = """
            SELECT st.statement_id, t.id AS topic_id, t.slug AS topic_slug, t.title AS topic_title, st.stance
            FROM stance st JOIN topic t ON t.id = st.topic_id
            """
        static var queries: [String] { [select] }
    }

    /// The sources that report a statement: a source's columns, then the statement's id.
    enum SourceColumn: Int, QueryColumns, SourceColumns {
        case id, uuid, url, outlet, title, author, publishedOn, via, archivedURL, language, statementID
        static let select = """
            SELECT src.id, src.uuid, src.url, src.outlet, src.title, src.author, src.published_on, src.via,
                   src.archived_url, src.language, ss.statement_id
            FROM statement_source ss JOIN source src ON src.id = ss.source_id
            """
        static var queries: [String] { [select] }
    }

    /// The actors a statement is addressed to or about, by statement.
    enum TargetColumn: Int, QueryColumns {
        case statementID, actorID, actorSlug, actorName
        static let select = """
            SELECT t.statement_id, a.id AS actor_id, a.slug AS actor_slug, a.name AS actor_name
            FROM statement_target t JOIN actor a ON a.id = t.actor_id
            """
        static var queries: [String] { [select] }
    }

    /// A statement's links, both ways: the outgoing part names the columns, and the incoming
    /// part (`UNION ALL`, in `attachRelations`) gives the same ones in the same order.
    enum LinkColumn: Int, QueryColumns {
        case statementID, relation, direction, otherID, otherUUID
        static let select = """
            SELECT l.from_id AS statement_id, l.relation, 'outgoing' AS direction, l.to_id AS other_id, o.uuid AS other_uuid
            FROM statement_link l JOIN statement o ON o.id = l.to_id
            """
        static var queries: [String] { [select] }
    }

    /// How many statements a stream loads at once.
    static let batchSize = 256

    /// Streams a query's statements in batches: `extra` reads what else each row holds.
    func streamBatched<T>(_ statement: PreparedStatement, _ arguments: [any SQLiteBindable], relations: StatementRelations = .all,
                          extra: (Row) throws -> T, _ body: (Statement, T) throws -> Void) throws {
        var batch: [Statement] = []
        var extras: [T] = []
        batch.reserveCapacity(Self.batchSize)
        func flush() throws {
            try attachRelations(&batch, relations)
            for (statement, value) in zip(batch, extras) { try body(statement, value) }
            batch.removeAll(keepingCapacity: true)
            extras.removeAll(keepingCapacity: true)
        }
        try statement.forEach(arguments) { row in
            batch.append(try loadCore(row))
            extras.append(try extra(row))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
    }
}

/// What a listing loads of each statement besides its own columns.
public struct StatementRelations: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let stances = StatementRelations(rawValue: 1)
    public static let sources = StatementRelations(rawValue: 2)
    public static let targets = StatementRelations(rawValue: 4)
    public static let links = StatementRelations(rawValue: 8)
    public static let all: StatementRelations = [.stances, .sources, .targets, .links]
    /// What a timeline shows besides the statement's own columns (no targets, no links).
    public static let timeline: StatementRelations = [.stances, .sources]
}
