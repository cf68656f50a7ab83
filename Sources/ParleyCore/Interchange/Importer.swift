/// How an import treats names it does not know.
public struct ImportOptions: Sendable, Equatable {
    /// Reject unknown actors and topics instead of creating them.
    public var strict: Bool
    /// Validate and count, then roll everything back.
    public var dryRun: Bool
    /// Import statements a user rejected after an earlier import (deleted, or gave another
    /// speaker or other words) instead of skipping them.
    public var includeRejected: Bool

    public init(strict: Bool = false, dryRun: Bool = false, includeRejected: Bool = false) {
        self.strict = strict
        self.dryRun = dryRun
        self.includeRejected = includeRejected
    }
}

/// What an import did (or, for a dry run, would do), per kind of record.
public struct ImportSummary: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        /// New records.
        public var created = 0
        /// Existing records that gained or changed something.
        public var merged = 0
        /// Existing records the file had nothing new for.
        public var unchanged = 0

        public var total: Int { created + merged + unchanged }
    }
    public var actors = Counts()
    public var topics = Counts()
    public var sources = Counts()
    public var statements = Counts()
    /// Names of the actors and slugs of the topics that the import created.
    public var createdActorNames: [String] = []
    public var createdTopicSlugs: [String] = []
    /// What was read but could not be used, such as a link to a statement that is not there.
    public var warnings: [String] = []
    /// Statements skipped because a user rejected them after an earlier import, by location.
    public var rejected: [String] = []
    public var dryRun = false
    /// The import run recorded for `parley import undo` (nil for a dry run).
    public var run: Int64?

    /// The counts, as the import run keeps them.
    public var json: JSONValue {
        func counts(_ counts: Counts) -> JSONValue {
            .object([("created", .int(Int64(counts.created))), ("merged", .int(Int64(counts.merged))), ("unchanged", .int(Int64(counts.unchanged)))])
        }
        return .object([("statements", counts(statements)), ("actors", counts(actors)), ("topics", counts(topics)),
                        ("sources", counts(sources)), ("rejected", .int(Int64(rejected.count)))])
    }
}

/// Imports an interchange document: all of it in one transaction, or nothing.
///
/// Identity rules, in order: a record with a known UUID is that record, and the file's values
/// update it (each change recorded in the history); otherwise an actor is found by name or alias,
/// a topic by slug or title, a source by URL; a statement without a UUID whose speaker already
/// said the same normalized text is merged into the existing statement (it gains the new
/// sources, stances and targets; a different stance on the same topic is a problem). Anything
/// else is created, keeping the file's UUID when it has one. Importing the same document twice
/// therefore changes nothing the second time. An import never deletes anything.
public struct Importer {
    let parley: ParleyDatabase

    /// Statements indexed for search at a time (see `DeferredTextIndex`); small in tests.
    var textIndexBatchSize = DeferredTextIndex.batchSize

    public init(_ parley: ParleyDatabase) {
        self.parley = parley
    }

    /// The page cache while importing. A bound, not an allocation: pages are taken as the
    /// import touches them. 64 MB imported 100,000 statements in 11.7 s where the usual 8 MB
    /// took 15.2 s; at 1,000,000 statements 256 MB took 80 s where 64 MB took 107 s (the
    /// indexes of a million statements no longer fit in 64 MB), and the peak RSS rose from
    /// 169 MB to 372 MB.
    static let importCacheKiB = 262_144

    /// The longest statement text or note accepted, in characters (a long speech fits).
    public static let textLimit = 100_000
    /// The longest name, medium or other short field accepted.
    public static let nameLimit = 500
    static let hint = "Nothing was imported. Fix the file and run the import again."

    /// Imports a document that has no line information (built in code, or the sample).
    @discardableResult
    public func run(_ document: InterchangeDocument, origin: String, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try run([(ParsedDocument(document: document), origin)], options: options)
    }

    /// Imports several documents in one transaction: all of them, or nothing.
    /// - Parameter progress: called every 1,000 statements with (done, total) of the file at hand.
    /// - Throws: `ParleyError.invalidInput` listing every problem found (up to a limit), with
    ///   nothing written; other errors also leave the database as it was.
    @discardableResult
    public func run(_ documents: [(document: ParsedDocument, origin: String)], options: ImportOptions = ImportOptions(),
                    progress: ((ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        try run(inputs: documents.map { .document($0.document, origin: $0.origin) }, options: options, progress: progress)
    }

    /// Imports whole documents and streamed JSON Lines files in one transaction: all of them,
    /// or nothing. A document is checked whole before anything is written; a stream is checked
    /// record by record as it is written, and any problem rolls everything back at the end, so
    /// the outcome is the same: every problem listed (up to a limit), nothing written.
    /// - Parameter progress: called every 1,000 statements with the count done in the input at
    ///   hand and its total (nil for a stream, whose length is not known until its end).
    @discardableResult
    public func run(inputs: [ImportInput], options: ImportOptions = ImportOptions(),
                    progress: ((ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        var problems: [InputProblem] = []
        for case .document(let parsed, let origin) in inputs {
            do {
                try validate(parsed, origin: origin)
            } catch ParleyError.invalidInput(let found, _) {
                problems += found
            }
        }
        if !problems.isEmpty { throw ParleyError.invalidInput(Self.limited(problems), hint: Self.hint) }
        return try write(inputs, options: options, progress: progress, problems: problems)
    }

    private func write(_ inputs: [ImportInput], options: ImportOptions, progress: ((ImportProgress) -> Void)?,
                       problems: [InputProblem]) throws -> ImportSummary {
        var problems = problems
        do {
            // A larger page cache while importing: new rows go into the uuid, url and duplicate-key
            // indexes at random places, which a large database spreads over many pages.
            return try parley.bulkWrite(cacheKiB: Self.importCacheKiB, textIndexBatchSize: textIndexBatchSize) { bulk in
                var summary = ImportSummary()
                let skipRejected = try !options.includeRejected && parley.importRuns.hasRejections()
                for input in inputs {
                    var run = ImportRun(parley: parley, input: input, options: options, index: bulk.index, progress: progress)
                    run.skipRejected = skipRejected
                    run.summary = summary
                    try run.apply()
                    problems += run.problems
                    summary = run.summary
                    if problems.count > InputProblem.listLimit { break }
                }
                if !problems.isEmpty {
                    throw ParleyError.invalidInput(Self.limited(problems), hint: Self.hint)
                }
                if options.dryRun {
                    summary.dryRun = true
                    throw DryRunFinished(summary: summary)
                }
                summary.run = try bulk.recordRun(inputs: inputs.map(\.origin), summary: summary.json)
                return summary
            }
        } catch let finished as DryRunFinished {
            return finished.summary
        }
    }

    private struct DryRunFinished: Error { let summary: ImportSummary }

    static func limited(_ problems: [InputProblem]) -> [InputProblem] {
        guard problems.count > InputProblem.listLimit else { return problems }
        return Array(problems.prefix(InputProblem.listLimit)) + [InputProblem(message: "… and \(problems.count - InputProblem.listLimit) more problems")]
    }

    // MARK: Validation: every problem, before anything is written

    private func validate(_ parsed: ParsedDocument, origin: String) throws {
        let document = parsed.document
        var problems: [InputProblem] = []
        func check(_ location: String, _ body: () throws -> Void) {
            Self.collect(&problems, at: location, body)
        }
        func checkUUID(_ uuid: String?, _ location: String) {
            if let uuid, !TextKeys.isUUID(uuid) {
                problems.append(InputProblem(location: location, field: "uuid", message: "'\(uuid)' is not a UUID"))
            }
        }
        func checkSource(_ source: SourceRecord, _ location: String) {
            problems += Self.sourceProblems(source, location: location)
        }
        for (index, actor) in (document.actors ?? []).enumerated() {
            let location = parsed.location(origin: origin, section: "actors", index: index)
            if actor.name.nonBlank == nil { problems.append(InputProblem(location: location, field: "name", message: "an actor needs a name")) }
            problems += Self.fieldProblems([("name", actor.name, Self.nameLimit), ("slug", actor.slug, Self.nameLimit),
                                            ("description", actor.description, Self.textLimit)]
                                           + (actor.aliases ?? []).map { ("aliases", $0, Self.nameLimit) }
                                           + (actor.affiliations ?? []).flatMap { [("affiliations.organization", $0.organization, Self.nameLimit),
                                                                                   ("affiliations.role", $0.role, Self.nameLimit)] },
                                           location: location)
            if let kind = actor.kind { check(location) { _ = try ActorKind.parse(kind, field: "kind") } }
            check(location) { _ = try ActorStore.validCountry(actor.country) }
            check(location) { _ = try ActorStore.validWikidata(actor.wikidata) }
            checkUUID(actor.uuid, location)
            for affiliation in actor.affiliations ?? [] {
                check(location) {
                    _ = try PartialDate.parseOptional(affiliation.from, field: "affiliations.from")
                    _ = try PartialDate.parseOptional(affiliation.to, field: "affiliations.to")
                }
            }
        }
        for (index, topic) in (document.topics ?? []).enumerated() {
            let location = parsed.location(origin: origin, section: "topics", index: index)
            if topic.slug.nonBlank == nil && topic.title.nonBlank == nil {
                problems.append(InputProblem(location: location, field: "slug", message: "a topic needs a slug or a title"))
            }
            problems += Self.fieldProblems([("slug", topic.slug, Self.nameLimit), ("title", topic.title, Self.nameLimit * 4),
                                            ("description", topic.description, Self.textLimit), ("parent", topic.parent, Self.nameLimit)],
                                           location: location)
            checkUUID(topic.uuid, location)
        }
        for (index, source) in (document.sources ?? []).enumerated() {
            checkSource(source, parsed.location(origin: origin, section: "sources", index: index))
        }
        if let source = document.source { checkSource(source, "\(origin): source") }
        for (index, statement) in (document.statements ?? []).enumerated() {
            problems += Self.problems(in: statement, location: parsed.location(origin: origin, section: "statements", index: index))
        }
        if !problems.isEmpty {
            throw ParleyError.invalidInput(problems, hint: Self.hint)
        }
    }

    /// Runs a check; the problems it throws are added to `problems`, placed at `location`.
    static func collect(_ problems: inout [InputProblem], at location: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch ParleyError.invalidInput(let found, _) {
            problems += found.map { InputProblem(location: location, field: $0.field, message: $0.message) }
        } catch {
            problems.append(InputProblem(location: location, message: "\(error)"))
        }
    }

    /// What is wrong with one statement record, before anything is looked up.
    static func problems(in statement: StatementRecord, location: String) -> [InputProblem] {
        var problems: [InputProblem] = []
        func check(_ body: () throws -> Void) {
            collect(&problems, at: location, body)
        }
        problems += fieldProblems([("quote", statement.quote, textLimit), ("paraphrase", statement.paraphrase, textLimit),
                                   ("note", statement.note, textLimit), ("speaker", statement.speaker, nameLimit),
                                   ("on_behalf_of", statement.onBehalfOf, nameLimit), ("medium", statement.medium, nameLimit),
                                   ("place", statement.place, nameLimit), ("language", statement.language, nameLimit)]
                                  + (statement.targets ?? []).map { ("targets", $0, nameLimit) }
                                  + (statement.stances ?? [:]).keys.sorted().map { ("stances", $0, nameLimit) },
                                  location: location)
        if statement.speaker.nonBlank == nil {
            problems.append(InputProblem(location: location, field: "speaker", message: "a statement needs a speaker"))
        }
        switch (statement.quote.nonBlank, statement.paraphrase.nonBlank) {
        case (nil, nil):
            problems.append(InputProblem(location: location, field: "quote", message: "give the statement's text as quote or paraphrase"))
        case (.some, .some):
            problems.append(InputProblem(location: location, field: "quote", message: "give either quote or paraphrase, not both"))
        default: break
        }
        check { _ = try PartialDate.parseOptional(statement.saidOn, field: "said_on") }
        for (topic, stance) in (statement.stances ?? [:]).sorted(by: { $0.key < $1.key }) {
            check { _ = try Stance.parse(stance, field: "stances.\(topic)") }
        }
        for link in statement.links ?? [] {
            check { _ = try LinkRelation.parse(link.relation, field: "links.relation") }
            if !TextKeys.isUUID(link.to) {
                problems.append(InputProblem(location: location, field: "links.to", message: "'\(link.to)' is not the UUID of a statement"))
            }
        }
        for case .record(let source) in statement.sources ?? [] {
            problems += sourceProblems(source, location: location, field: "sources")
        }
        if let uuid = statement.uuid, !TextKeys.isUUID(uuid) {
            problems.append(InputProblem(location: location, field: "uuid", message: "'\(uuid)' is not a UUID"))
        }
        return problems
    }

    /// The longest URL accepted (browsers and servers refuse far shorter ones).
    public static let urlLimit = 8_192

    /// Text fields over their limit, or holding a NUL character (which a JSON `\u0000` or a YAML
    /// `\0` escape can write, and which no text needs).
    static func fieldProblems(_ fields: [(name: String, value: String?, limit: Int)], location: String) -> [InputProblem] {
        var problems: [InputProblem] = []
        for (field, value, limit) in fields {
            guard let value else { continue }
            if value.utf8.count > limit, value.count > limit {
                problems.append(InputProblem(location: location, field: field, message: "\(value.count) characters; the limit is \(limit)"))
            } else if value.utf8.contains(0) {
                problems.append(InputProblem(location: location, field: field, message: "a NUL character; text cannot hold one"))
            }
        }
        return problems
    }

    /// What is wrong with one source record.
    static func sourceProblems(_ source: SourceRecord, location: String, field: String? = nil) -> [InputProblem] {
        let prefix = field.map { $0 + "." } ?? ""
        var problems = fieldProblems([
            (prefix + "url", source.url, urlLimit), (prefix + "archived_url", source.archivedURL, urlLimit),
            (prefix + "outlet", source.outlet, nameLimit), (prefix + "title", source.title, nameLimit * 4),
            (prefix + "author", source.author, nameLimit), (prefix + "via", source.via, nameLimit),
            (prefix + "language", source.language, nameLimit),
        ], location: location)
        if source.url.nonBlank == nil && source.title.nonBlank == nil && source.outlet.nonBlank == nil {
            problems.append(InputProblem(location: location, field: field, message: "a source needs a url, a title or an outlet"))
        }
        collect(&problems, at: location) {
            _ = try PartialDate.parseOptional(source.published, field: (field.map { $0 + "." } ?? "") + "published")
        }
        if let uuid = source.uuid, !TextKeys.isUUID(uuid) {
            problems.append(InputProblem(location: location, field: "uuid", message: "'\(uuid)' is not a UUID"))
        }
        return problems
    }
}

/// What an import reads.
public enum ImportInput: Sendable {
    /// A whole document, checked before anything is written.
    case document(ParsedDocument, origin: String)
    /// Statements read from a JSON Lines file as they are imported (never all in memory).
    case jsonLines(JSONLinesReader)

    public var origin: String {
        switch self {
        case .document(_, let origin): return origin
        case .jsonLines(let reader): return reader.origin
        }
    }
}

/// How far an import has got in the input at hand, for a progress line.
public struct ImportProgress: Sendable, Equatable {
    public var origin: String
    public var statements: Int
    /// The statements of the input, when known (a document read whole; at the end of any input).
    public var totalStatements: Int?
    /// The bytes read and the file's size, for a JSON Lines file read as it is imported.
    public var bytesRead: Int?
    public var totalBytes: Int?

    public init(origin: String, statements: Int, totalStatements: Int?, bytesRead: Int?, totalBytes: Int?) {
        self.origin = origin
        self.statements = statements
        self.totalStatements = totalStatements
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
    }

    /// The part done, from 0 to 1, when it can be told.
    public var fraction: Double? {
        if let totalStatements, totalStatements > 0 { return min(1, Double(statements) / Double(totalStatements)) }
        if let bytesRead, let totalBytes, totalBytes > 0 { return min(1, Double(bytesRead) / Double(totalBytes)) }
        return nil
    }

    /// `importing feed.jsonl: 42% (172,000 statements, 15,300/s, about 1 min 10 s left)` after
    /// `elapsed` seconds.
    public func line(elapsed: Double) -> String {
        var parts = ["\(NumberText.grouped(statements)) statements"]
        if elapsed > 0.5 { parts.append("\(NumberText.grouped(Int(Double(statements) / elapsed)))/s") }
        var text = "importing \(origin): "
        if let fraction {
            text += "\(Int(fraction * 100))% "
            if fraction > 0.01 && fraction < 1 && elapsed > 1 {
                parts.append("about \(Self.duration(elapsed * (1 - fraction) / fraction)) left")
            }
        }
        return text + "(" + parts.joined(separator: ", ") + ")"
    }


    /// `1 min 10 s`, `12 s`, `0.4 s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

/// One import in progress, inside the transaction.
private struct ImportRun {
    let parley: ParleyDatabase
    let input: ImportInput
    let options: ImportOptions
    let index: DeferredTextIndex
    let progress: ((ImportProgress) -> Void)?
    /// Whether to skip statements a user rejected (`ImportRunStore.isRejected`).
    var skipRejected = false
    var summary = ImportSummary()
    var problems: [InputProblem] = []
    /// Sources already counted in the summary (a source embedded in many statements counts once).
    var countedSources: Set<Int64> = []
    /// What this run has already looked up: actors and topics by the exact text a record
    /// gives, and sources by the reference a record gives (UUID or URL). Only ever added to,
    /// so never stale: an import creates, it does not remove, and names of existing actors and
    /// topics change only before the statements are read.
    var actorIDByName: [String: Int64] = [:]
    var topicIDByName: [String: Int64] = [:]
    var sourceIDByReference: [String: Int64] = [:]

    init(parley: ParleyDatabase, input: ImportInput, options: ImportOptions, index: DeferredTextIndex, progress: ((ImportProgress) -> Void)?) {
        self.parley = parley
        self.input = input
        self.index = index
        self.options = options
        self.progress = progress
    }

    var origin: String { input.origin }

    mutating func apply() throws {
        switch input {
        case .document(let parsed, _):
            try importActors(parsed)
            try importTopics(parsed)
            let documentSourceID = try importSources(parsed)
            let records = parsed.document.statements ?? []
            var index = 0
            // The document was checked whole before the transaction (`Importer.validate`).
            try importStatements(total: records.count, position: nil, documentSourceID: documentSourceID) {
                guard index < records.count else { return nil }
                defer { index += 1 }
                return .record(records[index], line: parsed.lines["statements"]?[safe: index], checked: Checked(problems: [], textHash: nil))
            }
        case .jsonLines(let reader):
            // Each record is checked and its duplicate key computed on the reading thread.
            let lines = ReadAhead(reader) { line -> StatementItem in
                switch line {
                case .record(let record, let number):
                    let problems = Importer.problems(in: record, location: "")
                    let text = problems.isEmpty ? record.quote.nonBlank ?? record.paraphrase.nonBlank : nil
                    return .record(record, line: number, checked: Checked(problems: problems, textHash: text.map(TextKeys.textHash)))
                case .problem(let problem):
                    return .problem(problem)
                }
            }
            defer { lines.cancel() }
            try importStatements(total: nil, position: reader.position, documentSourceID: nil, next: lines.next)
        }
    }

    /// Runs `body`; a `ParleyError` becomes a problem at `location` instead of ending the import,
    /// so that every problem in the file is reported at once.
    mutating func collecting(_ location: String, _ body: (inout ImportRun) throws -> Void) throws {
        do {
            try body(&self)
        } catch let error as ParleyError {
            if case .invalidInput(let found, _) = error {
                problems += found.map { InputProblem(location: location, field: $0.field, message: $0.message) }
            } else {
                problems.append(InputProblem(location: location, message: error.description))
            }
        }
    }

    // MARK: Actors, topics, sources

    mutating func importActors(_ parsed: ParsedDocument) throws {
        let document = parsed.document
        let actors = parley.actors
        // Existing actors as they were, to count them as merged or unchanged at the end.
        var existing: [(id: Int64, uuid: String, before: JSONValue)] = []
        for (index, record) in (document.actors ?? []).enumerated() {
            try collecting(parsed.location(origin: origin, section: "actors", index: index)) { run in
                if let id = try run.existingActor(record) {
                    let before = try actors.get(id: id)
                    existing.append((id, before.uuid, ActorRecord(before).json))
                    let edit = ActorEdit(
                        name: record.uuid == before.uuid && record.name.trimmingWhitespace() != before.name ? record.name : nil,
                        kind: try record.kind.map { try ActorKind.parse($0) }.flatMap { $0 == before.kind ? nil : $0 },
                        country: changed(record.country?.uppercased(), before.country),
                        wikidataID: changed(record.wikidata?.uppercased(), before.wikidataID),
                        description: changed(record.description, before.description))
                    if edit != ActorEdit() { try actors.edit(String(id), edit) }
                    for alias in record.aliases ?? [] where try actors.findID(alias) != id {
                        try actors.addAlias(alias, toActor: String(id))
                    }
                } else {
                    _ = try actors.insert(NewActor(
                        name: record.name, kind: try record.kind.map { try ActorKind.parse($0) } ?? .person,
                        slug: record.slug, uuid: record.uuid, country: record.country, wikidataID: record.wikidata,
                        description: record.description, aliases: record.aliases ?? []))
                    run.summary.actors.created += 1
                    run.summary.createdActorNames.append(record.name.trimmingWhitespace())
                }
            }
        }
        // Affiliations once every actor exists (they may name actors listed later). Edits and
        // aliases above recorded their own history; new affiliations are recorded below.
        var beforeAffiliations: [Int64: JSONValue] = [:]
        for (id, _, _) in existing { beforeAffiliations[id] = ActorRecord(try actors.get(id: id)).json }
        for (index, record) in (document.actors ?? []).enumerated() where !(record.affiliations ?? []).isEmpty {
            try collecting(parsed.location(origin: origin, section: "actors", index: index)) { run in
                guard let id = try run.existingActor(record) else { return }
                for affiliation in record.affiliations ?? [] {
                    try actors.addAffiliation(NewAffiliation(
                        organization: affiliation.organization, role: affiliation.role,
                        startedOn: try PartialDate.parseOptional(affiliation.from),
                        endedOn: try PartialDate.parseOptional(affiliation.to)), to: id)
                }
            }
        }
        for (id, uuid, before) in existing {
            let after = ActorRecord(try actors.get(id: id)).json
            if let middle = beforeAffiliations[id] {
                try actors.history.recordEdit(.actor, id: id, uuid: uuid, before: middle, after: after, action: "import")
            }
            count(\.actors, changed: after != before)
        }
    }

    mutating func importTopics(_ parsed: ParsedDocument) throws {
        let document = parsed.document
        let topics = parley.topics
        var created: Set<Int64> = []
        for (index, record) in (document.topics ?? []).enumerated() {
            try collecting(parsed.location(origin: origin, section: "topics", index: index)) { run in
                if let id = try run.existingTopic(record) {
                    let before = try topics.get(id: id)
                    let edit = TopicEdit(title: record.title.nonBlank.flatMap { $0 == before.title ? nil : $0 },
                                         description: changed(record.description, before.description))
                    if edit != TopicEdit() { try topics.edit(String(id), edit) }
                    run.count(\.topics, changed: edit != TopicEdit())
                } else {
                    let id = try topics.insert(NewTopic(slug: record.slug, title: record.title, description: record.description, uuid: record.uuid))
                    created.insert(id)
                    run.summary.topics.created += 1
                    run.summary.createdTopicSlugs.append(try topics.get(id: id).slug)
                }
            }
        }
        for (index, record) in (document.topics ?? []).enumerated() {
            guard let parent = record.parent.nonBlank else { continue }
            try collecting(parsed.location(origin: origin, section: "topics", index: index)) { run in
                guard let id = try run.existingTopic(record) else { return }
                let topic = try topics.get(id: id)
                // A file names its parent exactly, as every name in an import (no loose fit).
                let parentID = try topics.resolver.resolve(parent, forgiving: false)
                guard topic.parent?.id != parentID else { return }
                if created.contains(id) {
                    // Part of creating it, so not a change to record.
                    if try topics.descendantIDs(of: id).contains(parentID) {
                        throw ParleyError.invalid("'\(parent)' is \(topic.slug) itself or one of its sub-topics; a topic cannot be its own parent", field: "parent")
                    }
                    try topics.setParent(parentID, of: id)
                } else {
                    try topics.edit(String(id), TopicEdit(parent: .some(parent)))
                }
            }
        }
    }

    /// Imports the document's sources; returns the short form's source, if any.
    mutating func importSources(_ parsed: ParsedDocument) throws -> Int64? {
        let document = parsed.document
        var documentSourceID: Int64?
        for (index, record) in (document.sources ?? []).enumerated() {
            try collecting(parsed.location(origin: origin, section: "sources", index: index)) { run in
                _ = try run.importSource(record)
            }
        }
        if let record = document.source {
            try collecting("\(origin): source") { run in documentSourceID = try run.importSource(record) }
        }
        return documentSourceID
    }

    /// Finds (by UUID, then URL) and updates, or creates, one source.
    mutating func importSource(_ record: SourceRecord) throws -> Int64 {
        let sources = parley.sources
        let published = try PartialDate.parseOptional(record.published)
        // Inserted unless its UUID or URL is known: a new source is looked up by its insert.
        if let id = try sources.insertUnlessTaken(NewSource(
            url: record.url, outlet: record.outlet, title: record.title, author: record.author,
            publishedOn: published, via: record.via, archivedURL: record.archivedURL, language: record.language, uuid: record.uuid)) {
            summary.sources.created += 1
            countedSources.insert(id)
            return id
        }
        var existing: Int64?
        if let uuid = record.uuid {
            existing = try sources.findID(uuid: uuid)
        }
        if existing == nil, let url = record.url.nonBlank {
            existing = try sources.findID(url: url)
        }
        guard let id = existing else {
            throw ParleyError.conflict("the source \(record.url ?? record.uuid ?? "") was neither inserted nor found; run the import again")
        }
        let before = try sources.get(id: id)
        let edit = SourceEdit(
            url: changed(record.url, before.url), outlet: changed(record.outlet, before.outlet),
            title: changed(record.title, before.title), author: changed(record.author, before.author),
            publishedOn: published.flatMap { $0 == before.publishedOn ? nil : .some($0) },
            via: changed(record.via, before.via), archivedURL: changed(record.archivedURL, before.archivedURL),
            language: changed(record.language, before.language))
        if edit != SourceEdit() { try sources.edit(String(id), edit) }
        if countedSources.insert(id).inserted { count(\.sources, changed: edit != SourceEdit()) }
        return id
    }

    // MARK: Statements

    /// What was found out about a record before it reaches the database.
    struct Checked: Sendable {
        /// `Importer.problems(in:)`, without their location.
        var problems: [InputProblem]
        /// The duplicate key of its text, when already computed.
        var textHash: Int64?
    }

    /// A statement record to import, with the line it starts on when known and what its check
    /// found, or a problem the reader found instead of a record.
    enum StatementItem: Sendable {
        case record(StatementRecord, line: Int?, checked: Checked)
        case problem(InputProblem)
    }

    /// Imports statements as `next` hands them out.
    mutating func importStatements(total: Int?, position: ReadPosition?, documentSourceID: Int64?, next: () throws -> StatementItem?) throws {
        func report(_ done: Int, total: Int?) {
            progress?(ImportProgress(origin: origin, statements: done, totalStatements: total,
                                     bytesRead: position?.bytesRead, totalBytes: position?.totalBytes))
        }
        var done = 0
        // Links once every statement exists (a link may point to a later one).
        var linking: [(location: String, id: Int64, links: [LinkRecord], existed: Bool)] = []
        while let item = try next() {
            switch item {
            case .problem(let problem):
                problems.append(problem)
            case .record(let record, let line, let checked):
                let location = ParsedDocument.location(origin: origin, section: "statements", index: done, line: line)
                done += 1
                guard checked.problems.isEmpty else {
                    problems += checked.problems.map { InputProblem(location: location, field: $0.field, message: $0.message) }
                    break
                }
                try collecting(location) { run in
                    guard let (id, existed) = try run.importStatement(record, textHash: checked.textHash, documentSourceID: documentSourceID) else {
                        run.summary.rejected.append(location)
                        return
                    }
                    if let links = record.links, !links.isEmpty { linking.append((location, id, links, existed)) }
                }
                if done % 1000 == 0 { report(done, total: total) }
                if done % index.batchSize == 0 { try index.catchUp() }
            }
            if problems.count > InputProblem.listLimit { return }
        }
        let store = parley.statements
        for (location, fromID, links, existed) in linking {
            try collecting(location) { run in
                // Only a statement that was there before can change (new ones were just made).
                let before = existed ? try store.get(id: fromID) : nil
                for link in links {
                    guard let toID = try store.findID(uuid: link.to) else {
                        run.summary.warnings.append("\(location): the link '\(link.relation)' points to statement \(link.to), which is neither in the file nor in the database; it was left out")
                        continue
                    }
                    try store.insertLink(from: fromID, to: toID, relation: try LinkRelation.parse(link.relation))
                }
                if let before {
                    let after = try store.get(id: fromID)
                    if try store.history.recordEdit(.statement, id: fromID, uuid: before.uuid, before: store.snapshot(before), after: store.snapshot(after), action: "link") {
                        run.summary.statements.unchanged -= 1
                        run.summary.statements.merged += 1
                    }
                }
            }
        }
        if done > 0 { report(done, total: done) }
    }

    /// Imports one statement; returns its id and whether it existed before.
    /// - Parameter textHash: the duplicate key of the record's text, when already computed.
    /// - Returns: nil when the statement is skipped as previously rejected.
    mutating func importStatement(_ record: StatementRecord, textHash: Int64?, documentSourceID: Int64?) throws -> (Int64, Bool)? {
        let store = parley.statements
        // Before any name is resolved, so that a skipped statement creates no actor either.
        if skipRejected, try record.uuid.map({ try store.findID(uuid: $0) }) ?? nil == nil {
            var keys = [TextKeys.nameKey(record.speaker)]
            let known = try parley.actors.findID(record.speaker)
            if let known { keys.append(TextKeys.nameKey(try parley.actors.get(id: known).name)) }
            let words = record.quote.nonBlank ?? record.paraphrase.nonBlank ?? ""
            let hash = textHash ?? TextKeys.textHash(words)
            // The same words by the same speaker stored now are a duplicate to merge into, not a rejection.
            if try parley.importRuns.isRejected(speakerKeys: keys, textHash: hash),
               try known.map({ try store.findDuplicate(speakerID: $0, text: words) }) ?? nil == nil {
                return nil
            }
        }
        let speakerID = try actorID(record.speaker, field: "speaker")
        let onBehalfOfID = try record.onBehalfOf.nonBlank.map { try actorID($0, field: "on_behalf_of") }
        let targetIDs = try (record.targets ?? []).map { try actorID($0, field: "targets") }
        let stances = try (record.stances ?? [:]).sorted(by: { $0.key < $1.key }).map { StanceInput(topic: $0.key, stance: try Stance.parse($0.value)) }
        let stanceIDs = try stances.map { (topicID: try topicID($0.topic), stance: $0.stance) }

        var sourceIDs: [Int64] = []
        for reference in record.sources ?? [] {
            switch reference {
            case .record(let source):
                // The same source embedded in many lines is looked at once per run.
                let reference = source.uuid?.lowercased() ?? source.url?.trimmingWhitespace()
                if let reference, let id = sourceIDByReference[reference] {
                    sourceIDs.append(id)
                } else {
                    let id = try importSource(source)
                    if let reference { sourceIDByReference[reference] = id }
                    sourceIDs.append(id)
                }
            case .reference(let text):
                if let id = try parley.sources.findID(url: text) {
                    sourceIDs.append(id)
                } else if Int64(text) != nil || TextKeys.isUUID(text) {
                    sourceIDs.append(try parley.sources.resolver.resolve(text))
                } else {
                    let id = try parley.sources.insert(NewSource(url: text))
                    countedSources.insert(id)
                    sourceIDs.append(id)
                    summary.sources.created += 1
                }
            }
        }
        if record.sources == nil, let documentSourceID { sourceIDs.append(documentSourceID) }

        let text = record.quote.nonBlank ?? record.paraphrase.nonBlank ?? ""
        let kind: StatementKind = record.quote.nonBlank != nil ? .quote : .paraphrase
        let saidOn = try PartialDate.parseOptional(record.saidOn)

        let new = NewStatement(
            speaker: record.speaker, onBehalfOf: record.onBehalfOf, text: text, kind: kind, saidOn: saidOn,
            medium: record.medium, place: record.place, language: record.language, note: record.note,
            cameoCode: record.cameo, stances: stances, targets: record.targets ?? [], uuid: record.uuid)
        let references = StatementStore.References(
            speakerID: speakerID, onBehalfOfID: onBehalfOfID, stances: stanceIDs, targetIDs: targetIDs, sourceIDs: sourceIDs)
        // A statement with a stored UUID is left for `update` (the file's values win), not merged.
        let outcome = try store.insert(new, resolved: references, textHash: textHash, storedUUID: .leave)
        if record.uuid != nil, case .unchanged(let id) = outcome {
            try update(id, from: record, text: text, kind: kind, saidOn: saidOn, stances: stances, sourceIDs: sourceIDs)
            return (id, true)
        }
        switch outcome {
        case .created(let id):
            summary.statements.created += 1
            if let retracted = record.retracted { try retract(id, retracted) }
            return (id, false)
        case .merged(let id):
            summary.statements.merged += 1
            return (id, true)
        case .unchanged(let id):
            summary.statements.unchanged += 1
            return (id, true)
        }
    }

    /// Updates the statement with a record's UUID from the record. edit() records its own
    /// changes; the sources and a retraction added here are recorded after it.
    mutating func update(_ id: Int64, from record: StatementRecord, text: String, kind: StatementKind, saidOn: PartialDate?,
                         stances: [StanceInput], sourceIDs: [Int64]) throws {
        let store = parley.statements
        try index.catchUp()  // the edit may change the text, which the index must have first
        let before = try store.get(id: id)
        let edited = try store.edit(String(id), StatementEdit(
            speaker: record.speaker.trimmingWhitespace() == before.speaker.name ? nil : record.speaker,
            onBehalfOf: record.onBehalfOf.nonBlank == before.onBehalfOf?.name ? nil : .some(record.onBehalfOf),
            text: text == before.text ? nil : text, kind: kind == before.kind ? nil : kind,
            saidOn: saidOn == before.saidOn ? nil : .some(saidOn),
            medium: changed(record.medium, before.medium, clearing: true), place: changed(record.place, before.place, clearing: true),
            language: changed(record.language, before.language, clearing: true), note: changed(record.note, before.note, clearing: true),
            cameoCode: changed(record.cameo, before.cameo?.code, clearing: true),
            setStances: stances.filter { stance in !before.stances.contains { $0.topic.slug == TextKeys.slug(stance.topic) && $0.stance == stance.stance } },
            addTargets: (record.targets ?? []).filter { target in !before.targets.contains { TextKeys.nameKey($0.name) == TextKeys.nameKey(target) } }),
            rejecting: false)
        for sourceID in sourceIDs { try store.addSource(sourceID, to: id) }
        if let retracted = record.retracted, before.retractedAt == nil {
            try retract(id, retracted)
        }
        let after = try store.get(id: id)
        try store.history.recordEdit(.statement, id: id, uuid: before.uuid, before: store.snapshot(edited), after: store.snapshot(after), action: "import")
        count(\.statements, changed: store.snapshot(after) != store.snapshot(before))
    }

    /// The id of the actor a record names, creating an unknown one unless the import is strict.
    mutating func actorID(_ name: String, field: String) throws -> Int64 {
        let actors = parley.actors
        return try namedID(name, kind: "actor", field: field, cache: \.actorIDByName, find: { try actors.findID($0) }) { run in
            let id = try run.parley.actors.insert(NewActor(name: name))
            run.summary.actors.created += 1
            run.summary.createdActorNames.append(name.trimmingWhitespace())
            return id
        }
    }

    /// The id of the topic a record names, creating an unknown one unless the import is strict.
    mutating func topicID(_ name: String) throws -> Int64 {
        let topics = parley.topics
        return try namedID(name, kind: "topic", field: "stances", cache: \.topicIDByName, find: { try topics.findID($0) }) { run in
            let id = try run.parley.topics.insert(NewTopic(slug: name))
            run.summary.topics.created += 1
            run.summary.createdTopicSlugs.append(try run.parley.topics.get(id: id).slug)
            return id
        }
    }

    /// The id `cache` holds for a name, else the one `find` finds, else a new one from `create`
    /// (refused when the import is strict); remembered for the rest of the run.
    private mutating func namedID(_ name: String, kind: String, field: String, cache: WritableKeyPath<ImportRun, [String: Int64]>,
                                  find: (String) throws -> Int64?, create: (inout ImportRun) throws -> Int64) throws -> Int64 {
        if let id = self[keyPath: cache][name] { return id }
        let id: Int64
        if let found = try find(name) {
            id = found
        } else if options.strict {
            throw ParleyError.invalid("unknown \(kind) '\(name)' (--strict: add it first, or import without --strict)", field: field)
        } else {
            id = try create(&self)
        }
        self[keyPath: cache][name] = id
        return id
    }

    /// Marks a statement retracted as the file says (keeping the file's date when it has one).
    func retract(_ id: Int64, _ retraction: RetractionRecord) throws {
        try parley.statements.markRetracted(id, at: retraction.at.nonBlank, reason: retraction.reason.nonBlank)
    }

    // MARK: Helpers

    mutating func count(_ kind: WritableKeyPath<ImportSummary, ImportSummary.Counts>, changed: Bool) {
        if changed { summary[keyPath: kind].merged += 1 } else { summary[keyPath: kind].unchanged += 1 }
    }

    func existingActor(_ record: ActorRecord) throws -> Int64? {
        if let uuid = record.uuid, let id = try parley.actors.findID(uuid: uuid) {
            return id
        }
        if let id = try parley.actors.findID(record.name) { return id }
        for alias in record.aliases ?? [] {
            if let id = try parley.actors.findID(alias) { return id }
        }
        return nil
    }

    func existingTopic(_ record: TopicRecord) throws -> Int64? {
        if let uuid = record.uuid, let id = try parley.topics.findID(uuid: uuid) {
            return id
        }
        if let slug = record.slug.nonBlank, let id = try parley.topics.findID(TextKeys.slug(slug)) { return id }
        if let title = record.title.nonBlank { return try parley.topics.findID(title) }
        return nil
    }
}

/// The change to make to a stored optional field for a value read from a file: nil when the
/// file says nothing new. A value the file leaves out is kept, unless `clearing` (a statement
/// with a known UUID is the file's version of it).
private func changed(_ value: String?, _ stored: String?, clearing: Bool = false) -> String?? {
    let given = value.nonBlank
    if given == stored { return nil }
    if given == nil && !clearing { return nil }
    return .some(given)
}
