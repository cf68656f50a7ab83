// Stored records as interchange records, and interchange records as JSON with a fixed key order.
// Export writes these; history keeps them as the old and new values of a change.

extension ActorRecord {
    public init(_ actor: DiplomaticActor) {
        self.init(
            uuid: actor.uuid, name: actor.name, slug: actor.slug, kind: actor.kind.rawValue, country: actor.country,
            wikidata: actor.wikidataID, description: actor.description,
            aliases: actor.aliases.isEmpty ? nil : actor.aliases,
            affiliations: actor.affiliations.isEmpty ? nil : actor.affiliations.map {
                AffiliationRecord(organization: $0.organization?.name, role: $0.role,
                                  from: $0.startedOn?.description, to: $0.endedOn?.description)
            })
    }

    public var json: JSONValue {
        JSONValue.members([
            ("uuid", .optional(uuid)), ("name", .string(name)), ("slug", .optional(slug)), ("kind", .optional(kind)),
            ("country", .optional(country)), ("wikidata", .optional(wikidata)), ("description", .optional(description)),
            ("aliases", aliases.map { .array($0.map(JSONValue.string)) }),
            ("affiliations", affiliations.map { .array($0.map(\.json)) }),
        ])
    }
}

extension AffiliationRecord {
    public var json: JSONValue {
        JSONValue.members([("organization", .optional(organization)), ("role", .optional(role)), ("from", .optional(from)), ("to", .optional(to))])
    }
}

extension TopicRecord {
    public init(_ topic: Topic) {
        self.init(uuid: topic.uuid, slug: topic.slug, title: topic.title, description: topic.description, parent: topic.parent?.slug)
    }

    public var json: JSONValue {
        JSONValue.members([
            ("uuid", .optional(uuid)), ("slug", .optional(slug)), ("title", .optional(title)),
            ("description", .optional(description)), ("parent", .optional(parent)),
        ])
    }
}

extension SourceRecord {
    public init(_ source: Source) {
        self.init(uuid: source.uuid, url: source.url, outlet: source.outlet, title: source.title, author: source.author,
                  published: source.publishedOn?.description, via: source.via, archivedURL: source.archivedURL,
                  language: source.language)
    }

    /// How a statement refers to this source: its URL, or its UUID when it has none.
    public var reference: String { url ?? uuid ?? "" }

    public var json: JSONValue {
        JSONValue.members([
            ("uuid", .optional(uuid)), ("url", .optional(url)), ("outlet", .optional(outlet)), ("title", .optional(title)),
            ("author", .optional(author)), ("published", .optional(published)), ("via", .optional(via)),
            ("archived_url", .optional(archivedURL)), ("language", .optional(language)),
        ])
    }
}

extension StatementRecord {
    /// The statement as a record. `embedSources` writes whole source records (JSON Lines),
    /// otherwise references to the document's `sources`.
    public init(_ statement: Statement, embedSources: Bool) {
        self.init(
            uuid: statement.uuid, speaker: statement.speaker.name, onBehalfOf: statement.onBehalfOf?.name,
            quote: statement.kind == .quote ? statement.text : nil,
            paraphrase: statement.kind == .paraphrase ? statement.text : nil,
            saidOn: statement.saidOn?.description, medium: statement.medium, place: statement.place,
            language: statement.language, note: statement.note, cameo: statement.cameo?.code,
            stances: statement.stances.isEmpty ? nil : Dictionary(statement.stances.map { ($0.topic.slug, $0.stance.rawValue) }, uniquingKeysWith: { a, _ in a }),
            sources: statement.sources.isEmpty ? nil : statement.sources.map {
                embedSources ? .record(SourceRecord($0)) : .reference(SourceRecord($0).reference)
            },
            targets: statement.targets.isEmpty ? nil : statement.targets.map(\.name),
            links: {
                let outgoing = statement.links.filter { $0.direction == .outgoing }
                return outgoing.isEmpty ? nil : outgoing.map { LinkRecord(relation: $0.relation.rawValue, to: $0.otherUUID) }
            }(),
            retracted: statement.retractedAt.map { RetractionRecord(at: $0, reason: statement.retractionReason) })
    }

    public var json: JSONValue {
        JSONValue.members([
            ("uuid", .optional(uuid)), ("speaker", .string(speaker)), ("on_behalf_of", .optional(onBehalfOf)),
            ("quote", .optional(quote)), ("paraphrase", .optional(paraphrase)), ("said_on", .optional(saidOn)),
            ("medium", .optional(medium)), ("place", .optional(place)), ("language", .optional(language)),
            ("note", .optional(note)), ("cameo", .optional(cameo)),
            ("stances", stances.map { map in .object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }),
            ("sources", sources.map { .array($0.map { reference in
                switch reference {
                case .reference(let text): return .string(text)
                case .record(let record): return record.json
                }
            }) }),
            ("targets", targets.map { .array($0.map(JSONValue.string)) }),
            ("links", links.map { .array($0.map { .object([("relation", .string($0.relation)), ("to", .string($0.to))]) }) }),
            ("retracted", retracted.map { JSONValue.members([("at", .optional($0.at)), ("reason", .optional($0.reason))]) }),
        ])
    }
}

extension InterchangeDocument {
    public var json: JSONValue {
        JSONValue.members([
            ("counts", counts.map { counts in
                JSONValue.members([("actors", counts.actors.map { .int(Int64($0)) }), ("topics", counts.topics.map { .int(Int64($0)) }),
                                   ("sources", counts.sources.map { .int(Int64($0)) }), ("statements", counts.statements.map { .int(Int64($0)) })])
            }),
            ("actors", actors.map { .array($0.map(\.json)) }),
            ("topics", topics.map { .array($0.map(\.json)) }),
            ("sources", sources.map { .array($0.map(\.json)) }),
            ("source", source.map(\.json)),
            ("statements", statements.map { .array($0.map(\.json)) }),
        ])
    }
}
