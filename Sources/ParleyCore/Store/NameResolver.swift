import ParleySQLite

/// Finds one record from what a user typed: an id, a UUID, a slug, a name or an alias, case- and
/// diacritic-insensitively. A miss or an ambiguity is an error that lists the closest candidates.
///
/// The order is: integer id, UUID, exact slug, then folded name or alias. The first step that
/// matches decides; several matches in the name step are an ambiguity, never a guess.
///
/// When `forgiving` (actors, topics) and nothing matches so far, a name typed loosely finds
/// the one record it fits: without apostrophes, hyphens or dots (`saar` for Sa'ar, `al nunu`),
/// its last words (a surname: `Netanyahu`), or a prefix of three letters or more (`zelen`).
/// Several fits are an ambiguity listing them. Imports do not use this (`find`): a name in a
/// file matches exactly, or is a new record, so that nothing is attributed by a guess.
struct NameResolver {
    let db: Database
    let kind: EntityKind
    /// `SELECT id … WHERE uuid = ?`-style queries, each returning ids. Table and column names are
    /// constants of the store, never user text.
    let byID: String
    let byUUID: String
    let bySlug: String?
    /// Queries taking the folded key, returning ids (several queries are unioned).
    let byKey: [String]
    /// Every record as `CandidateColumn`s, for suggestions.
    let candidates: String
    /// Whether a loosely typed name may find its record (see above).
    var forgiving = false

    /// The columns of `candidates`: the record, how a message names it, and the keys to compare
    /// a name against (folded, separated by U+001F).
    enum CandidateColumn: Int, QueryColumns {
        case id, label, keys
        static var queries: [String] { [ActorStore.candidates, TopicStore.candidates, SourceStore.candidates] }
    }

    /// - Parameter forgiving: whether a loosely typed name may fit (what a user types), or the
    ///   name must be exact (what a file says).
    func resolve(_ query: String, forgiving: Bool = true) throws -> Int64 {
        try resolve(query, suggesting: true, loosely: forgiving)
    }

    /// - Parameter suggesting: on a miss, find the closest names for the error (which reads
    ///   every record: `find` does not need them).
    private func resolve(_ query: String, suggesting: Bool, loosely: Bool = true) throws -> Int64 {
        let trimmed = query.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw ParleyError.invalid("an empty \(kind.rawValue) name was given")
        }
        if let id = Int64(trimmed), id > 0 {
            if let found: Int64 = try db.scalar(byID, [id]) { return found }
            throw ParleyError.notFound(kind, query: query, candidates: [])
        }
        if TextKeys.isUUID(trimmed) {
            if let found: Int64 = try db.scalar(byUUID, [trimmed.lowercased()]) { return found }
            throw ParleyError.notFound(kind, query: query, candidates: [])
        }
        if let bySlug, let found: Int64 = try db.scalar(bySlug, [trimmed.lowercased()]) {
            return found
        }
        let key = TextKeys.nameKey(trimmed)
        var ids: [Int64] = []
        for sql in byKey {
            try db.forEach(sql, [key]) { row in
                let id: Int64 = try row[0]
                if !ids.contains(id) { ids.append(id) }
            }
        }
        if ids.count == 1 { return ids[0] }
        if ids.count > 1 {
            let labels = try labels(for: ids)
            throw ParleyError.ambiguous(kind, query: query, candidates: labels)
        }
        if suggesting && forgiving && loosely {
            let fits = try looseMatches(for: key)
            if fits.count == 1 { return fits[0] }
            if fits.count > 1 { throw ParleyError.ambiguous(kind, query: query, candidates: try labels(for: fits)) }
        }
        throw ParleyError.notFound(kind, query: query, candidates: suggesting ? try suggestions(for: key) : [])
    }

    /// The records a loosely typed name fits: the whole name or its last words, punctuation
    /// aside; failing those, a prefix of three letters or more.
    private func looseMatches(for key: String) throws -> [Int64] {
        let query = TextKeys.looseWords(key)
        let joined = query.joined()
        guard !query.isEmpty else { return [] }
        var exact: [Int64] = [], prefixed: [Int64] = []
        try db.forEach(candidates) { row in
            let id: Int64 = try row[CandidateColumn.id]
            let keys: String = try row[CandidateColumn.keys]
            for candidate in keys.split(separator: "\u{1F}") {
                let words = TextKeys.looseWords(String(candidate))
                guard !words.isEmpty else { continue }
                if words.joined() == joined || (query.count <= words.count && Array(words.suffix(query.count)) == query) {
                    if !exact.contains(id) { exact.append(id) }
                } else if joined.count >= 3 && (words.joined().hasPrefix(joined) || (query.count == 1 && words.contains { $0.hasPrefix(joined) })) {
                    if !prefixed.contains(id) { prefixed.append(id) }
                }
            }
        }
        // Every fit counts: a surname of one record and a prefix of another is an ambiguity,
        // never a silent choice.
        return exact + prefixed.filter { !exact.contains($0) }
    }

    /// Like `resolve`, but a miss returns nil (an ambiguity still throws).
    func find(_ query: String) throws -> Int64? {
        do {
            return try resolve(query, suggesting: false)
        } catch ParleyError.notFound {
            return nil
        }
    }

    private func labels(for ids: [Int64]) throws -> [String] {
        var labels: [String] = []
        try db.forEach(candidates) { row in
            let id: Int64 = try row[CandidateColumn.id]
            if ids.contains(id) {
                let label: String = try row[CandidateColumn.label]
                labels.append("\(label) [id \(id)]")
            }
        }
        return labels
    }

    /// Up to five records whose name, slug or alias is closest to the query: containing it, or
    /// within a few edits of it.
    private func suggestions(for key: String) throws -> [String] {
        var best: [Int64: (distance: Int, label: String)] = [:]
        try db.forEach(candidates) { row in
            let id: Int64 = try row[CandidateColumn.id]
            let label: String = try row[CandidateColumn.label]
            let keys: String = try row[CandidateColumn.keys]
            for candidate in keys.split(separator: "\u{1F}") {
                let candidateKey = String(candidate)
                var distance = TextKeys.editDistance(key, candidateKey)
                if candidateKey.contains(key) || key.contains(candidateKey) {
                    distance = min(distance, 1)
                }
                let limit = max(2, key.count / 3)
                if distance <= limit, distance < (best[id]?.distance ?? Int.max) {
                    best[id] = (distance, label)
                }
            }
        }
        return best.sorted { ($0.value.distance, $0.value.label) < ($1.value.distance, $1.value.label) }
            .prefix(5)
            .map(\.value.label)
    }
}
