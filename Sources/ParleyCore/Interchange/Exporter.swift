import ParleySQLite

/// Writes statements, and what they refer to, in an interchange format.
///
/// Output is deterministic: actors by name, topics by slug, sources by publication date,
/// statements in timeline order, and keys in a fixed order. Export, import into an empty
/// database and export again give the same bytes. A JSON or YAML export starts with the
/// `counts` of what it holds, which an import checks, so that a copy cut short is refused.
public struct Exporter {
    let parley: ParleyDatabase

    public init(_ parley: ParleyDatabase) {
        self.parley = parley
    }

    /// The document for the statements `filter` selects. With no filter, everything in the
    /// database (also actors, topics and sources no statement refers to); with one, only what
    /// the selected statements refer to (and what that refers to: affiliations' organizations,
    /// parent topics).
    public func document(filter: StatementFilter?) throws -> InterchangeDocument {
        try parley.db.read { _ in
            let statements = try parley.statements.list(filter ?? StatementFilter(includeRetracted: true))
            var actors = try parley.actors.list()
            var topics = try parley.topics.list()
            var sources = try parley.sources.list()
            if filter != nil {
                var actorIDs = Set(statements.flatMap { [$0.speaker.id] + [$0.onBehalfOf?.id].compactMap { $0 } + $0.targets.map(\.id) })
                var pending = Array(actorIDs)
                let byID = Dictionary(actors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                while let id = pending.popLast() {
                    for organization in byID[id]?.affiliations.compactMap(\.organization?.id) ?? [] where actorIDs.insert(organization).inserted {
                        pending.append(organization)
                    }
                }
                actors = actors.filter { actorIDs.contains($0.id) }
                var topicIDs = Set(statements.flatMap { $0.stances.map(\.topic.id) })
                let topicsByID = Dictionary(topics.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                for id in Array(topicIDs) {
                    var parent = topicsByID[id]?.parent?.id
                    while let next = parent, topicIDs.insert(next).inserted { parent = topicsByID[next]?.parent?.id }
                }
                topics = topics.filter { topicIDs.contains($0.id) }
                let sourceIDs = Set(statements.flatMap { $0.sources.map(\.id) })
                sources = sources.filter { sourceIDs.contains($0.id) }
            }
            let exported = Set(statements.map(\.uuid))
            return InterchangeDocument(
                counts: DocumentCounts(actors: actors.count, topics: topics.count, sources: sources.count, statements: statements.count),
                actors: actors.map(ActorRecord.init),
                topics: topics.map(TopicRecord.init),
                sources: sources.map(SourceRecord.init),
                statements: statements.map { statement in
                    var record = StatementRecord(statement, embedSources: false)
                    // A link to a statement left out of the export could not be imported.
                    record.links = record.links?.filter { exported.contains($0.to) }.nilIfEmpty
                    return record
                })
        }
    }

    /// Writes the export to `write` in pieces: documents whole, JSON Lines and CSV statement by
    /// statement as they are read, so memory does not grow with the number of statements.
    public func write(_ format: InterchangeFormat, filter: StatementFilter?, to write: (String) throws -> Void) throws {
        switch format {
        case .json: try write(InterchangeWriter.json(document(filter: filter)))
        case .yaml: try write(InterchangeWriter.yaml(document(filter: filter)))
        case .jsonl, .csv:
            try parley.db.read { _ in
                if format == .csv { try write(StatementCSV.header()) }
                var batch: [StatementRecord] = []
                func flush() throws {
                    if format == .csv {
                        try write(StatementCSV.rows(batch))
                    } else {
                        try write(batch.map(InterchangeWriter.jsonLine).joined())
                    }
                    batch.removeAll(keepingCapacity: true)
                }
                try parley.statements.forEach(filter ?? StatementFilter(includeRetracted: true)) { statement in
                    batch.append(StatementRecord(statement, embedSources: true))
                    if batch.count == 500 { try flush() }
                }
                if !batch.isEmpty { try flush() }
            }
        }
    }
}
