import ParleySQLite

/// Finds one record from what a user typed: an id, a UUID, a slug, a name or an alias, case- and
/// diacritic-insensitively. A miss or an ambiguity is an error that lists the closest candidates.
///
/// The order is: integer id, UUID, exact slug, then folded name or alias. The first step that
/// matches decides; several matches in the name step are an ambiguity, never a guess.
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
    /// Every record as (id, label, keys to compare against), for suggestions.
    let candidates: String

    func resolve(_ query: String) throws -> Int64 {
        try resolve(query, suggesting: true)
    }

    /// - Parameter suggesting: on a miss, find the closest names for the error (which reads
    ///   every record: `find` does not need them).
    private func resolve(_ query: String, suggesting: Bool) throws -> Int64 {
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
        throw ParleyError.notFound(kind, query: query, candidates: suggesting ? try suggestions(for: key) : [])
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
            let id: Int64 = try row[0]
            if ids.contains(id) {
                let label: String = try row[1]
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
            let id: Int64 = try row[0]
            let label: String = try row[1]
            let keys: String = try row[2]
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
