import ParleySQLite

/// How an import treats names it does not know.
public struct ImportOptions: Sendable, Equatable {
    /// Reject unknown actors and topics instead of creating them.
    public var strict: Bool
    /// Validate and count, then roll everything back.
    public var dryRun: Bool

    public init(strict: Bool = false, dryRun: Bool = false) {
        self.strict = strict
        self.dryRun = dryRun
    }
}

/// What an import did (or, for a dry run, would do), per kind of record.
public struct ImportSummary: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var created = 0
        public var merged = 0
        public var unchanged = 0
    }
    public var actors = Counts()
    public var topics = Counts()
    public var sources = Counts()
    public var statements = Counts()
    /// Names of the actors and slugs of the topics that the import created.
    public var createdActorNames: [String] = []
    public var createdTopicSlugs: [String] = []
    public var dryRun = false
}

/// Imports an interchange document: all of it in one transaction, or nothing.
///
/// Identity rules, in order: a record with a UUID is that record (created with this UUID when
/// new); an actor is also found by name or alias, a topic by slug or title, a source by URL; a
/// statement without a UUID whose speaker already said the same normalized text is merged into
/// the existing statement (it gains the new sources, stances and targets). Importing the same
/// document twice therefore changes nothing the second time.
public struct Importer {
    let db: Database

    public init(_ parley: ParleyDatabase) {
        self.db = parley.db
    }

    /// Longest problem list reported; the rest are counted.
    static let problemLimit = 50

    /// - Throws: `ParleyError.invalidInput` listing every problem found (up to a limit), with
    ///   nothing written; other errors also leave the database as it was.
    @discardableResult
    public func run(_ document: InterchangeDocument, origin: String, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try validate(document, origin: origin)
        do {
            return try db.write { _ in
                var summary = try apply(document, origin: origin, options: options)
                if options.dryRun {
                    summary.dryRun = true
                    throw DryRunFinished(summary: summary)
                }
                return summary
            }
        } catch let finished as DryRunFinished {
            return finished.summary
        }
    }

    private struct DryRunFinished: Error { let summary: ImportSummary }

    // MARK: Validation: every problem, before anything is written

    private func validate(_ document: InterchangeDocument, origin: String) throws {
        var problems: [InputProblem] = []
        func check(_ location: String, _ body: () throws -> Void) {
            do {
                try body()
            } catch ParleyError.invalidInput(let found, _) {
                problems += found.map { InputProblem(location: $0.location ?? location, field: $0.field, message: $0.message) }
            } catch {
                problems.append(InputProblem(location: location, message: "\(error)"))
            }
        }
        func checkUUID(_ uuid: String?, _ location: String) {
            if let uuid, !TextKeys.isUUID(uuid) {
                problems.append(InputProblem(location: location, field: "uuid", message: "'\(uuid)' is not a UUID"))
            }
        }
        for (index, actor) in (document.actors ?? []).enumerated() {
            let location = "\(origin): actors[\(index + 1)]"
            if actor.name.nonBlank == nil { problems.append(InputProblem(location: location, field: "name", message: "an actor needs a name")) }
            if let kind = actor.kind { check(location) { _ = try ActorKind.parse(kind, field: "kind") } }
            checkUUID(actor.uuid, location)
            for affiliation in actor.affiliations ?? [] {
                check(location) {
                    _ = try PartialDate.parseOptional(affiliation.from, field: "affiliations.from")
                    _ = try PartialDate.parseOptional(affiliation.to, field: "affiliations.to")
                }
            }
        }
        for (index, topic) in (document.topics ?? []).enumerated() {
            let location = "\(origin): topics[\(index + 1)]"
            if topic.slug.nonBlank == nil && topic.title.nonBlank == nil {
                problems.append(InputProblem(location: location, field: "slug", message: "a topic needs a slug or a title"))
            }
            checkUUID(topic.uuid, location)
        }
        let allSources = (document.sources ?? []).enumerated().map { ("sources[\($0.offset + 1)]", $0.element) }
            + (document.source.map { [("source", $0)] } ?? [])
        for (name, source) in allSources {
            let location = "\(origin): \(name)"
            if source.url.nonBlank == nil && source.title.nonBlank == nil && source.outlet.nonBlank == nil {
                problems.append(InputProblem(location: location, message: "a source needs a url, a title or an outlet"))
            }
            check(location) { _ = try PartialDate.parseOptional(source.published, field: "published") }
            checkUUID(source.uuid, location)
        }
        for (index, statement) in (document.statements ?? []).enumerated() {
            let location = "\(origin): statements[\(index + 1)]"
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
            check(location) { _ = try PartialDate.parseOptional(statement.saidOn, field: "said_on") }
            for (topic, stance) in (statement.stances ?? [:]).sorted(by: { $0.key < $1.key }) {
                check(location) { _ = try Stance.parse(stance, field: "stances.\(topic)") }
            }
            checkUUID(statement.uuid, location)
        }
        if !problems.isEmpty {
            var shown = Array(problems.prefix(Self.problemLimit))
            if problems.count > Self.problemLimit {
                shown.append(InputProblem(message: "… and \(problems.count - Self.problemLimit) more problems"))
            }
            throw ParleyError.invalidInput(shown, hint: "Nothing was imported. Fix the file and run the import again.")
        }
    }

    // MARK: Applying, inside the transaction

    private func apply(_ document: InterchangeDocument, origin: String, options: ImportOptions) throws -> ImportSummary {
        var summary = ImportSummary()
        let actors = ActorStore(db: db)
        let topics = TopicStore(db: db)
        let sources = SourceStore(db: db)
        let statements = StatementStore(db: db)

        // Actors first, then affiliations (which may name actors listed later).
        for record in document.actors ?? [] {
            if let id = try existingActor(record, actors) {
                var changed = false
                for alias in record.aliases ?? [] where try actors.findID(alias) != id {
                    try actors.addAlias(alias, to: id)
                    changed = true
                }
                if changed { summary.actors.merged += 1 } else { summary.actors.unchanged += 1 }
            } else {
                _ = try actors.insert(NewActor(
                    name: record.name, kind: try record.kind.map { try ActorKind.parse($0) } ?? .person,
                    slug: record.slug, uuid: record.uuid, country: record.country, wikidataID: record.wikidata,
                    description: record.description, aliases: record.aliases ?? []))
                summary.actors.created += 1
                summary.createdActorNames.append(record.name.trimmingWhitespace())
            }
        }
        for record in document.actors ?? [] {
            guard let id = try existingActor(record, actors) else { continue }
            for affiliation in record.affiliations ?? [] {
                try actors.addAffiliation(NewAffiliation(
                    organization: affiliation.organization, role: affiliation.role,
                    startedOn: try PartialDate.parseOptional(affiliation.from),
                    endedOn: try PartialDate.parseOptional(affiliation.to)), to: id)
            }
        }

        for record in document.topics ?? [] {
            if try existingTopic(record, topics) != nil {
                summary.topics.unchanged += 1
            } else {
                let id = try topics.insert(NewTopic(slug: record.slug, title: record.title, description: record.description, uuid: record.uuid))
                summary.topics.created += 1
                summary.createdTopicSlugs.append(try topics.get(id: id).slug)
            }
        }
        for record in document.topics ?? [] {
            guard let parent = record.parent.nonBlank, let id = try existingTopic(record, topics) else { continue }
            let parentID = try topics.resolver.resolve(parent)
            try db.execute("UPDATE topic SET parent_id = ? WHERE id = ? AND parent_id IS NOT ?", [parentID, id, parentID])
        }

        var documentSourceID: Int64?
        for record in (document.sources ?? []) + (document.source.map { [$0] } ?? []) {
            let existing: Int64?
            if let uuid = record.uuid, let byUUID: Int64 = try db.scalar("SELECT id FROM source WHERE uuid = ?", [uuid.lowercased()]) {
                existing = byUUID
            } else if let url = record.url.nonBlank {
                existing = try sources.findID(url: url)
            } else {
                existing = nil
            }
            let id: Int64
            if let existing {
                id = existing
                summary.sources.unchanged += 1
            } else {
                id = try sources.insert(NewSource(
                    url: record.url, outlet: record.outlet, title: record.title, author: record.author,
                    publishedOn: try PartialDate.parseOptional(record.published), via: record.via,
                    archivedURL: record.archivedURL, language: record.language, uuid: record.uuid))
                summary.sources.created += 1
            }
            if document.source == record { documentSourceID = id }
        }

        var problems: [InputProblem] = []
        for (index, record) in (document.statements ?? []).enumerated() {
            let location = "\(origin): statements[\(index + 1)]"
            // Unknown actors and topics are created (and reported) unless the import is strict.
            func ensureActor(_ name: String, field: String) throws {
                if try actors.findID(name) != nil { return }
                if options.strict {
                    problems.append(InputProblem(location: location, field: field, message: "unknown actor '\(name)' (--strict: add it first, or import without --strict)"))
                    return
                }
                _ = try actors.insert(NewActor(name: name))
                summary.actors.created += 1
                summary.createdActorNames.append(name.trimmingWhitespace())
            }
            try ensureActor(record.speaker, field: "speaker")
            if let onBehalfOf = record.onBehalfOf.nonBlank { try ensureActor(onBehalfOf, field: "on_behalf_of") }
            for target in record.targets ?? [] { try ensureActor(target, field: "targets") }
            let stanceInputs = try (record.stances ?? [:]).sorted(by: { $0.key < $1.key }).map { topic, word in
                StanceInput(topic: topic, stance: try Stance.parse(word))
            }
            for stance in stanceInputs where try topics.findID(stance.topic) == nil {
                if options.strict {
                    problems.append(InputProblem(location: location, field: "stances", message: "unknown topic '\(stance.topic)' (--strict: add it first)"))
                    continue
                }
                let id = try topics.insert(NewTopic(slug: stance.topic))
                summary.topics.created += 1
                summary.createdTopicSlugs.append(try topics.get(id: id).slug)
            }
            if !problems.isEmpty { continue }

            // A statement's sources are URLs (or ids/UUIDs of stored sources); an unknown URL is
            // recorded as a new source with just its URL.
            var sourceIDs: [Int64] = []
            for reference in record.sources ?? [] {
                if let id = try sources.findID(url: reference) {
                    sourceIDs.append(id)
                } else if Int64(reference) != nil || TextKeys.isUUID(reference) {
                    sourceIDs.append(try sources.resolver.resolve(reference))
                } else {
                    sourceIDs.append(try sources.insert(NewSource(url: reference)))
                    summary.sources.created += 1
                }
            }
            if record.sources == nil, let documentSourceID { sourceIDs.append(documentSourceID) }
            let text = record.quote.nonBlank ?? record.paraphrase.nonBlank ?? ""
            let new = NewStatement(
                speaker: record.speaker, onBehalfOf: record.onBehalfOf, text: text,
                kind: record.quote.nonBlank != nil ? .quote : .paraphrase,
                saidOn: try PartialDate.parseOptional(record.saidOn), medium: record.medium, place: record.place,
                language: record.language, note: record.note, cameoCode: record.cameo,
                stances: stanceInputs, targets: record.targets ?? [], uuid: record.uuid)
            do {
                switch try statements.insert(new, sourceIDs: sourceIDs) {
                case .created: summary.statements.created += 1
                case .merged: summary.statements.merged += 1
                case .unchanged: summary.statements.unchanged += 1
                }
            } catch let error as ParleyError {
                problems.append(InputProblem(location: location, message: error.description))
                if problems.count > Self.problemLimit { break }
            }
        }
        if !problems.isEmpty {
            throw ParleyError.invalidInput(Array(problems.prefix(Self.problemLimit)), hint: "Nothing was imported. Fix the file and run the import again.")
        }
        return summary
    }

    private func existingActor(_ record: ActorRecord, _ actors: ActorStore) throws -> Int64? {
        if let uuid = record.uuid, let id: Int64 = try db.scalar("SELECT id FROM actor WHERE uuid = ?", [uuid.lowercased()]) {
            return id
        }
        if let id = try actors.findID(record.name) { return id }
        for alias in record.aliases ?? [] {
            if let id = try actors.findID(alias) { return id }
        }
        return nil
    }

    private func existingTopic(_ record: TopicRecord, _ topics: TopicStore) throws -> Int64? {
        if let uuid = record.uuid, let id: Int64 = try db.scalar("SELECT id FROM topic WHERE uuid = ?", [uuid.lowercased()]) {
            return id
        }
        if let slug = record.slug.nonBlank, let id = try topics.findID(TextKeys.slug(slug)) { return id }
        if let title = record.title.nonBlank { return try topics.findID(title) }
        return nil
    }
}
