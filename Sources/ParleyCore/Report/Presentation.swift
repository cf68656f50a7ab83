import Foundation

/// How domain records look in listings, detail views and JSON. The CLI picks a format; this
/// decides what each format shows, so every command shows a record the same way.
public enum Presentation {
    // MARK: JSON

    public static func json(_ ref: ActorRef) -> JSONValue {
        .object([("id", .int(ref.id)), ("slug", .string(ref.slug)), ("name", .string(ref.name))])
    }

    public static func json(_ ref: TopicRef) -> JSONValue {
        .object([("id", .int(ref.id)), ("slug", .string(ref.slug)), ("title", .string(ref.title))])
    }

    public static func json(_ actor: DiplomaticActor, statementCount: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(actor.id)), ("uuid", .string(actor.uuid)), ("slug", .string(actor.slug)),
            ("name", .string(actor.name)), ("kind", .string(actor.kind.rawValue)),
            ("country", .optional(actor.country)), ("wikidata", .optional(actor.wikidataID)),
            ("description", .optional(actor.description)),
            ("aliases", .array(actor.aliases.map(JSONValue.string))),
            ("affiliations", .array(actor.affiliations.map { affiliation in
                .object([
                    ("organization", affiliation.organization.map(json) ?? .null),
                    ("role", .optional(affiliation.role)),
                    ("from", .optional(affiliation.startedOn?.description)),
                    ("to", .optional(affiliation.endedOn?.description)),
                ])
            })),
        ]
        if let statementCount { members.append(("statements", .int(Int64(statementCount)))) }
        return .object(members)
    }

    public static func json(_ topic: Topic, stanceCount: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(topic.id)), ("uuid", .string(topic.uuid)), ("slug", .string(topic.slug)),
            ("title", .string(topic.title)), ("description", .optional(topic.description)),
            ("parent", topic.parent.map(json) ?? .null),
        ]
        if let stanceCount { members.append(("stances", .int(Int64(stanceCount)))) }
        return .object(members)
    }

    public static func json(_ source: Source, statementCount: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(source.id)), ("uuid", .string(source.uuid)), ("url", .optional(source.url)),
            ("outlet", .optional(source.outlet)), ("title", .optional(source.title)),
            ("author", .optional(source.author)), ("published", .optional(source.publishedOn?.description)),
            ("via", .optional(source.via)), ("archived_url", .optional(source.archivedURL)),
            ("language", .optional(source.language)),
        ]
        if let statementCount { members.append(("statements", .int(Int64(statementCount)))) }
        return .object(members)
    }

    /// A statement's stances as listings and timelines write them: `{"ceasefire": "supports"}`,
    /// by topic slug.
    public static func json(_ stances: [TopicStance]) -> JSONValue {
        .object(stances.map { ($0.topic.slug, .string($0.stance.rawValue)) })
    }

    /// A statement in a listing's JSON (`statement list`, `show`, `add`, `search`; the web's
    /// JSON API): everything stored, names with their ids. The timeline writes its own, flatter
    /// entry (`TimelineWriter.json`), export and the history the interchange record
    /// (`StatementRecord.json`); docs/ARCHITECTURE.md says which is for what.
    public static func json(_ statement: Statement) -> JSONValue {
        .object([
            ("id", .int(statement.id)),
            ("uuid", .string(statement.uuid)),
            ("speaker", json(statement.speaker)),
            ("on_behalf_of", statement.onBehalfOf.map(json) ?? .null),
            ("kind", .string(statement.kind.rawValue)),
            ("text", .string(statement.text)),
            ("said_on", .optional(statement.saidOn?.description)),
            ("said_on_precision", .optional(statement.saidOn?.precision.name)),
            ("reported_on", .optional(statement.reportedOn?.description)),
            ("medium", .optional(statement.medium)),
            ("place", .optional(statement.place)),
            ("language", .optional(statement.language)),
            ("note", .optional(statement.note)),
            ("cameo", statement.cameo.map { cameo in
                .object([("code", .string(cameo.code)), ("description", .string(cameo.description)),
                         ("goldstein", .double(cameo.goldstein))])
            } ?? .null),
            ("stances", json(statement.stances)),
            ("sources", .array(statement.sources.map { source in
                .object([("id", .int(source.id)), ("url", .optional(source.url)), ("outlet", .optional(source.outlet)),
                         ("title", .optional(source.title)), ("published", .optional(source.publishedOn?.description)),
                         ("via", .optional(source.via))])
            })),
            ("targets", .array(statement.targets.map(json))),
            ("links", .array(statement.links.map { link in
                .object([("relation", .string(link.relation.rawValue)), ("direction", .string(link.direction.rawValue)),
                         ("statement", .int(link.otherID)), ("uuid", .string(link.otherUUID))])
            })),
            ("retracted", statement.retractedAt.map { at in
                .object([("at", .string(at)), ("reason", .optional(statement.retractionReason))])
            } ?? .null),
            ("created_at", .string(statement.createdAt)),
            ("updated_at", .string(statement.updatedAt)),
        ])
    }

    // MARK: Listings

    public static func actorListing(_ actors: [DiplomaticActor], statementCounts: [Int64: Int]) -> Listing {
        var listing = Listing(columns: [
            .init("id"), .init("slug"), .init("name"), .init("kind"), .init("country"),
            .init("aliases", flexible: true), .init("statements"),
        ])
        for actor in actors {
            let count = statementCounts[actor.id] ?? 0
            listing.append(
                cells: [String(actor.id), actor.slug, actor.name, actor.kind.rawValue, actor.country ?? "",
                        actor.aliases.joined(separator: "; "), String(count)],
                object: json(actor, statementCount: count))
        }
        return listing
    }

    public static func topicListing(_ topics: [Topic], stanceCounts: [Int64: Int]) -> Listing {
        var listing = Listing(columns: [.init("id"), .init("slug"), .init("title", flexible: true), .init("parent"), .init("stances")])
        for topic in topics {
            let count = stanceCounts[topic.id] ?? 0
            listing.append(cells: [String(topic.id), topic.slug, topic.title, topic.parent?.slug ?? "", String(count)],
                           object: json(topic, stanceCount: count))
        }
        return listing
    }

    public static func sourceListing(_ sources: [Source], statementCounts: [Int64: Int]) -> Listing {
        var listing = Listing(columns: [
            .init("id"), .init("published"), .init("outlet"), .init("title", flexible: true), .init("url", flexible: true), .init("statements"),
        ])
        for source in sources {
            let count = statementCounts[source.id] ?? 0
            let outlet = [source.outlet, source.via.map { "via \($0)" }].compactMap { $0 }.joined(separator: " ")
            listing.append(
                cells: [String(source.id), source.publishedOn?.description ?? "", outlet, source.title ?? "", source.url ?? "", String(count)],
                object: json(source, statementCount: count))
        }
        return listing
    }

    public static func statementListing(_ statements: [Statement]) -> Listing {
        var listing = Listing(columns: statementColumns)
        for statement in statements {
            listing.append(cells: statementCells(statement), object: json(statement))
        }
        return listing
    }

    public static let statementColumns: [Listing.Column] = [
        .init("id"), .init("date"), .init("speaker"), .init("kind"), .init("text", flexible: true), .init("stances"),
    ]

    public static func statementCells(_ statement: Statement) -> [String] {
        [String(statement.id), statement.dateLabel, speakerLabel(statement), statement.kind.rawValue,
         statement.text, stanceSummary(statement.stances)]
    }

    /// The same cells, from what a timeline line holds.
    public static func statementCells(_ line: TimelineLine) -> [String] {
        [String(line.id), PartialDate.label(saidOn: line.saidOn, reportedOn: line.reportedOn),
         speakerLabel(speaker: line.speaker, onBehalfOf: line.onBehalfOf), line.kind.rawValue, line.text,
         line.stances.joined(separator: "; ")]
    }

    /// `Mao Ning (for China's foreign ministry)`.
    public static func speakerLabel(_ statement: Statement) -> String {
        speakerLabel(speaker: statement.speaker.name, onBehalfOf: statement.onBehalfOf?.name)
    }

    /// The same, from the two names.
    public static func speakerLabel(speaker: String, onBehalfOf: String?) -> String {
        guard let onBehalfOf else { return speaker }
        return "\(speaker) (for \(onBehalfOf))"
    }

    /// `ceasefire=supports; direct-talks=supports`.
    public static func stanceSummary(_ stances: [TopicStance]) -> String {
        stances.map { "\($0.topic.slug)=\($0.stance.rawValue)" }.joined(separator: "; ")
    }

    // MARK: Detail views

    /// A labelled block: one `label: value` line per field that has a value.
    static func block(_ fields: [(String, String?)]) -> String {
        let present = fields.compactMap { field in field.1.flatMap { $0.isEmpty ? nil : (field.0, $0) } }
        let labelWidth = present.map { $0.0.count }.max() ?? 0
        return present.map { label, value in
            let pad = String(repeating: " ", count: labelWidth - label.count)
            let lines = TerminalText.sanitize(value, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
            let indent = "\n" + String(repeating: " ", count: labelWidth + 2)
            return "\(label):\(pad) " + lines.joined(separator: indent)
        }.joined(separator: "\n") + "\n"
    }

    public static func detail(_ actor: DiplomaticActor, statementCount: Int) -> String {
        block([
            ("actor", "\(actor.name) [id \(actor.id)]"), ("slug", actor.slug), ("uuid", actor.uuid),
            ("kind", actor.kind.rawValue), ("country", actor.country), ("wikidata", actor.wikidataID),
            ("description", actor.description),
            ("aliases", actor.aliases.joined(separator: ", ")),
            ("affiliations", actor.affiliations.map(\.summary).joined(separator: "\n")),
            ("statements", String(statementCount)),
        ])
    }

    public static func detail(_ topic: Topic, stanceCount: Int, children: [Topic]) -> String {
        block([
            ("topic", "\(topic.title) [id \(topic.id)]"), ("slug", topic.slug), ("uuid", topic.uuid),
            ("description", topic.description), ("parent", topic.parent.map { "\($0.slug) (\($0.title))" }),
            ("sub-topics", children.map(\.slug).joined(separator: ", ")),
            ("stances", String(stanceCount)),
        ])
    }

    public static func detail(_ source: Source, statementCount: Int) -> String {
        block([
            ("source", "\(source.label) [id \(source.id)]"), ("uuid", source.uuid), ("url", source.url),
            ("title", source.title), ("author", source.author), ("published", source.publishedOn?.description),
            ("via", source.via), ("archived", source.archivedURL), ("language", source.language),
            ("statements", String(statementCount)),
        ])
    }

    public static func detail(_ statement: Statement) -> String {
        let quoteMarks = statement.kind == .quote ? ("“", "”") : ("", "")
        return block([
            ("statement", "\(statement.id)\(statement.isRetracted ? " (retracted)" : "")"),
            ("uuid", statement.uuid),
            ("speaker", statement.speaker.name),
            ("for", statement.onBehalfOf?.name),
            ("date", statement.saidOn.map { "\($0) (\($0.precision.name))" }
                ?? statement.reportedOn.map { "unknown; first reported \($0)" } ?? "unknown"),
            ("medium", statement.medium), ("place", statement.place), ("language", statement.language),
            ("kind", statement.kind.rawValue),
            ("text", quoteMarks.0 + statement.text + quoteMarks.1),
            ("stances", statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: "\n")),
            ("about", statement.targets.map(\.name).joined(separator: ", ")),
            ("cameo", statement.cameo.map { "\($0.code) \($0.description) (Goldstein \($0.goldstein))" }),
            ("sources", statement.sources.map { source in
                let label = source.outlet != nil || source.title != nil ? source.label : nil
                return [source.publishedOn?.description, label, source.url].compactMap { $0 }.joined(separator: " · ")
            }.joined(separator: "\n")),
            ("links", statement.links.map { link in
                link.direction == .outgoing ? "\(link.relation.rawValue) statement \(link.otherID)"
                                            : "statement \(link.otherID) \(link.relation.rawValue) this"
            }.joined(separator: "\n")),
            ("note", statement.note),
            ("retracted", statement.retractedAt.map { at in [at, statement.retractionReason].compactMap { $0 }.joined(separator: ": ") }),
            ("recorded", statement.createdAt),
        ])
    }
}

extension Presentation {
    public static func historyListing(_ entries: [HistoryEntry]) -> Listing {
        var listing = Listing(columns: [
            .init("id"), .init("when", "WHEN (UTC)"), .init("who"), .init("action"), .init("record"), .init("change", flexible: true),
        ])
        for entry in entries {
            let old = entry.oldValues.flatMap(JSONValue.parse)
            let new = entry.newValues.flatMap(JSONValue.parse)
            let record = "\(entry.entity.rawValue) \(entry.entityID.map(String.init) ?? "?")"
            listing.append(
                cells: [String(entry.id), String(entry.changedAt.prefix(19)).replacingOccurrences(of: "T", with: " "),
                        entry.changedBy ?? "", entry.action, record, changeSummary(entry, old: old, new: new)],
                object: .object([
                    ("id", .int(entry.id)), ("changed_at", .string(entry.changedAt)), ("changed_by", .optional(entry.changedBy)),
                    ("action", .string(entry.action)), ("entity", .string(entry.entity.rawValue)),
                    ("entity_id", .optional(entry.entityID)), ("entity_uuid", .optional(entry.entityUUID)),
                    ("old", old ?? .null), ("new", new ?? .null), ("note", .optional(entry.note)),
                ]))
        }
        return listing
    }

    /// `medium: "X post" → "phone call"; said_on: – → "2025-05-19"`.
    static func changeSummary(_ entry: HistoryEntry, old: JSONValue?, new: JSONValue?) -> String {
        var parts: [String] = []
        if entry.action == "delete" {
            parts.append("deleted; the record is kept here (--format json)")
        } else if let new, let line = changes(from: old ?? .object([]), to: new) {
            parts.append(line)
        }
        if let note = entry.note { parts.append(note) }
        return parts.joined(separator: "; ")
    }

    /// The fields that differ between two records, `medium: "X post" → "phone call"; …`; nil
    /// when none does. (A merge's history keeps whole records: only what changed is shown.)
    public static func changes(from old: JSONValue, to new: JSONValue) -> String? {
        guard case .object(let after) = new else { return nil }
        let before: [(String, JSONValue)]
        if case .object(let members) = old { before = members } else { before = [] }
        let parts = after.compactMap { key, value -> String? in
            let previous = before.first { $0.0 == key }?.1 ?? .null
            return previous == value ? nil : "\(key): \(compact(previous)) → \(compact(value))"
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// `statement 2: speaker: "Hamas-run Gaza" → "Taher al-Nunu"`, or that nothing changed.
    public static func changeLine(_ change: StatementChange) -> String {
        let line = changes(from: StatementRecord(change.before, embedSources: false).json, to: StatementRecord(change.after, embedSources: false).json)
        return "statement \(change.after.id): " + (line ?? "already says that; nothing to change")
    }

    private static func compact(_ value: JSONValue) -> String {
        value == .null ? "–" : value.serialized(indent: nil)
    }
}

extension DatabaseStatus {
    /// `db status --format json`: the path, schema versions, size, journal and row counts.
    public var json: JSONValue {
        .object([
            ("path", .string(path)), ("schema_version", .int(Int64(schemaVersion))),
            ("latest_schema_version", .int(Int64(latestSchemaVersion))),
            ("size_bytes", .optional(sizeInBytes)), ("journal_mode", .string(journalMode)),
            ("sqlite_version", .string(sqliteVersion)),
            ("counts", .object(counts.map { ($0.name.replacingOccurrences(of: " ", with: "_"), .int(Int64($0.count))) })),
        ])
    }
}

extension Presentation {
    /// `import list`: one row per run, newest first.
    public static func importRunListing(_ runs: [ImportRunRecord]) -> Listing {
        var listing = Listing(columns: [
            .init("run"), .init("when", "WHEN (UTC)"), .init("who"), .init("read", flexible: true), .init("statements"), .init("undone"),
        ])
        for run in runs {
            let statements = run.summary.member("statements")?.members.map { "\($0.1.integer ?? 0) \($0.0)" }.joined(separator: ", ") ?? ""
            let rejected = run.summary.member("rejected")?.integer ?? 0
            let read = statements + (rejected > 0 ? ", \(rejected) rejected" : "")
            listing.append(
                cells: [String(run.id), String(run.startedAt.prefix(19)).replacingOccurrences(of: "T", with: " "), run.runBy ?? "",
                        run.inputs.joined(separator: ", "), read, run.undoneAt.map { String($0.prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? ""],
                object: .object([
                    ("run", .int(run.id)), ("started_at", .string(run.startedAt)), ("run_by", .optional(run.runBy)),
                    ("inputs", .array(run.inputs.map(JSONValue.string))), ("summary", run.summary), ("undone_at", .optional(run.undoneAt)),
                ]))
        }
        return listing
    }

    /// What `import undo` did, in a sentence or two.
    public static func undoSummary(_ outcome: UndoOutcome) -> String {
        let deleted = [(EntityKind.statement, "statement(s)"), (.source, "source(s)"), (.topic, "topic(s)"), (.actor, "actor(s)")]
            .map { "\(outcome.deleted[$0.0] ?? 0) \($0.1)" }.joined(separator: ", ")
        var text = "undid import run \(outcome.run): deleted \(deleted) it created; put back \(outcome.restored) statement(s) it had changed"
        if !outcome.kept.isEmpty { text += "\nkept, because something else refers to them: " + outcome.kept.joined(separator: ", ") }
        if outcome.notReverted > 0 {
            text += "\nnot reverted: \(outcome.notReverted) existing actor(s), topic(s) or source(s) the run changed (`parley history` has their old values)"
        }
        return text
    }
}
