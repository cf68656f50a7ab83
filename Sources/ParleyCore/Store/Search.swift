import ParleySQLite

/// One search result: the statement, its bm25 score (lower is better) and a snippet of the text
/// around the match.
public struct SearchHit: Sendable, Equatable {
    public var statement: Statement
    public var score: Double
    /// The snippet, without markers.
    public var snippet: String
    /// The matched ranges of `snippet`, as offsets in Unicode scalars: [start, end).
    public var highlights: [Range<Int>]
}

/// What a search ranked: every match, or (given a window) only the newest of them.
public enum SearchRanking: Sendable, Equatable {
    /// Every match was ranked.
    case all
    /// More statements matched than the window holds: the given number of the most recently
    /// added were ranked, older matches were left out.
    case newest(Int)
}

/// Turns what a user typed into an FTS5 query that can never be a syntax error.
///
/// - `"unconditional ceasefire"` (in double quotes) is a phrase;
/// - `sanction*` is a prefix;
/// - every other word is searched literally: `AND`, `OR`, `NOT`, `NEAR(`, `'`, `-` and `:` are
///   just text. Words with no letter or digit are dropped.
///
/// Words are combined with AND. `--raw` bypasses this and hands FTS5 the text as it is.
public enum SearchQuery {
    /// The most words (or phrases) a search takes, and the longest `--raw` query: FTS5's work
    /// grows with each term, and a query of thousands of terms took seconds.
    public static let maximumTerms = 64
    public static let maximumRawLength = 2_000

    public static func fts(_ text: String) throws -> String {
        var terms: [String] = []
        var rest = Substring(text)
        while let first = rest.first(where: { !$0.isWhitespace }) {
            rest = rest.drop(while: { $0.isWhitespace })
            if first == "\"" {
                rest = rest.dropFirst()
                let phrase = rest.prefix(while: { $0 != "\"" })
                rest = rest.dropFirst(phrase.count).dropFirst()
                if hasWordCharacter(phrase) { terms.append(quoted(String(phrase))) }
            } else {
                let word = rest.prefix(while: { !$0.isWhitespace && $0 != "\"" })
                rest = rest.dropFirst(word.count)
                let isPrefix = word.hasSuffix("*")
                let stem = isPrefix ? String(word.drop(while: { $0 == "*" }).reversed().drop(while: { $0 == "*" }).reversed()) : String(word)
                guard hasWordCharacter(Substring(stem)) else { continue }
                terms.append(quoted(stem) + (isPrefix ? "*" : ""))
            }
            if terms.count > maximumTerms {
                throw ParleyError.invalid("the query has more than \(maximumTerms) words; search for the few that matter", field: "query")
            }
        }
        guard !terms.isEmpty else {
            throw ParleyError.invalid("the query has no words to search for", field: "query")
        }
        return terms.joined(separator: " ")
    }

    /// An FTS5 string: the text in double quotes, with quotes doubled.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func hasWordCharacter(_ text: Substring) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}

extension StatementStore {
    /// Marks around matches in snippets: private-use characters that stored text does not use.
    static let highlightStart: Character = "\u{E000}"
    static let highlightEnd: Character = "\u{E001}"

    /// Full-text search over statement text and notes, best matches first (bm25), narrowed by
    /// `filter`. Statements are read a batch at a time; before that, only the ids and scores
    /// of the matches (of the first `limit`, when given) are held.
    /// - Parameter raw: pass `query` to FTS5 as it is (its own syntax); a syntax error is then
    ///   invalid input.
    /// - Parameter relations: what to load of each statement found besides its own columns; a
    ///   relation left out leaves that list empty (a CSV of results shows only stances).
    /// - Parameter window: rank only the `window` most recently added statements that match (and
    ///   pass the filter) instead of every match. FTS5 scores every match it ranks (about a
    ///   microsecond each), so a word in 440,000 of a million statements costs 0.5 s to rank in
    ///   full, and a window bounds that: the scores are the same bm25 (the whole index's
    ///   statistics), only older matches are left out. `nil` (the default) ranks every match.
    /// - Returns: whether every match was ranked, or only the window's.
    @discardableResult
    public func search(_ query: String, filter: StatementFilter = StatementFilter(), raw: Bool = false,
                       limit: Int? = nil, window: Int? = nil, relations: StatementRelations = .all,
                       _ body: (SearchHit) throws -> Void) throws -> SearchRanking {
        if raw && query.count > SearchQuery.maximumRawLength {
            throw ParleyError.invalid("the FTS5 query is \(query.count) characters long; a --raw query takes at most \(SearchQuery.maximumRawLength)", field: "query")
        }
        let match = raw ? query : try SearchQuery.fts(query)
        let (whereClause, arguments) = try conditions(for: filter)
        do {
            let filterClause = whereClause.isEmpty ? "" : " AND " + whereClause.dropFirst("WHERE ".count)
            let ranked: [(id: Int64, score: Double)]
            var ranking = SearchRanking.all
            if let window {
                // The newest matches, in the index's own (rowid) order, which FTS5 reads without
                // scoring anything it does not hand out; then ordered by score here.
                var newest: [(id: Int64, score: Double)] = []
                try db.prepare("""
                    \(RankColumn.newest)
                    WHERE f.statement_fts MATCH ?\(filterClause)
                    ORDER BY f.rowid DESC LIMIT ?
                    """).forEach([match] + arguments + [Int64(max(0, window)) + 1]) { row in
                    newest.append((try row[RankColumn.id], try row[RankColumn.rank]))
                }
                if newest.count > window {
                    newest.removeLast()
                    ranking = .newest(window)
                }
                var top = TopRanked(limit: limit)
                for hit in newest.sorted(by: { ($0.score, $0.id) < ($1.score, $1.id) }) where !top.offer(id: hit.id, score: hit.score) { break }
                ranked = top.result
            } else {
                // The ranking, in FTS5's own rank order (rank is bm25): FTS5 sorts the matches
                // inside the index, so SQLite reads a statement only for the matches it hands out,
                // and reading stops at the limit, once the rank changes. Ties at the cut are all
                // read and ordered by id, so the result is exactly ORDER BY score, id LIMIT n.
                var top = TopRanked(limit: limit)
                try db.prepare("""
                    \(RankColumn.select)
                    WHERE f.statement_fts MATCH ?\(filterClause)
                    ORDER BY f.rank
                    """).forEachRow([match] + arguments, while: { row in try top.offer(id: row[RankColumn.id], score: row[RankColumn.rank]) })
                ranked = top.result
            }

            // Then the statements returned, whole, with snippets, a batch at a time.
            for start in stride(from: 0, to: ranked.count, by: Self.batchSize) {
                let batch = ranked[start..<min(start + Self.batchSize, ranked.count)]
                let ids = batch.map { $0.id as any SQLiteBindable }
                let list = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                var snippets: [Int64: String] = [:]
                try db.prepare("""
                    \(SnippetColumn.select)
                    WHERE statement_fts MATCH ? AND rowid IN (\(list))
                    """).forEach([match] + ids) { row in
                    snippets[try row[SnippetColumn.id]] = try row[SnippetColumn.snippet]
                }
                var statements: [Int64: Statement] = [:]
                try db.prepare(Self.selectStatement + " WHERE s.id IN (\(list))").forEach(ids) { row in
                    let statement = try loadCore(row)
                    statements[statement.id] = statement
                }
                let found = batch.compactMap { hit in statements[hit.id].map { ($0, hit.score) } }
                var ordered = found.map(\.0)
                try attachRelations(&ordered, relations)
                for (statement, (_, score)) in zip(ordered, found) {
                    let (snippet, highlights) = Self.unmark(snippets[statement.id] ?? statement.text)
                    try body(SearchHit(statement: statement, score: score, snippet: snippet, highlights: highlights))
                }
            }
            return ranking
        } catch let error as SQLiteError where raw && error.code?.primary == .error {
            // Whatever FTS5 says of a raw query (syntax, an unknown column, a bad NEAR) is about the query.
            throw ParleyError.invalid("the FTS5 query '\(query)' is not valid: \(error.message). Leave out --raw to search for the words as they are",
                                      field: "query")
        }
    }

    /// A match and its bm25 score, among the statements a filter selects.
    enum RankColumn: Int, QueryColumns {
        case id, rank
        static let select = "SELECT s.id, f.rank FROM statement_fts f JOIN (\(selectStatement)) AS s ON s.id = f.rowid"
        /// The same for a window of the newest matches: the statement's own row is all a filter
        /// reads, and the joins of `selectStatement` would be made for every match.
        static let newest = "SELECT s.id, f.rank FROM statement_fts f JOIN statement s ON s.id = f.rowid"
        static var queries: [String] { [select, newest] }
    }

    /// A match and the text around it, the matched words between `highlightStart` and `highlightEnd`.
    enum SnippetColumn: Int, QueryColumns {
        case id, snippet
        static let select = "SELECT rowid AS id, snippet(statement_fts, -1, char(57344), char(57345), '…', 32) AS snippet FROM statement_fts"
        static var queries: [String] { [select] }
    }

    /// The snippet without its markers, and where they were. FTS5 marks each word of a phrase
    /// on its own; matches separated only by spaces become one range.
    static func unmark(_ marked: String) -> (String, [Range<Int>]) {
        var text: [Unicode.Scalar] = []
        var ranges: [Range<Int>] = []
        var start: Int?
        for scalar in marked.unicodeScalars {
            if Character(scalar) == highlightStart {
                start = text.count
            } else if Character(scalar) == highlightEnd {
                if let begin = start {
                    if let last = ranges.last, text[last.upperBound..<begin].allSatisfy({ $0 == " " }) {
                        ranges[ranges.count - 1] = last.lowerBound..<text.count
                    } else {
                        ranges.append(begin..<text.count)
                    }
                }
                start = nil
            } else {
                text.append(scalar)
            }
        }
        return (String(String.UnicodeScalarView(text)), ranges)
    }
}

/// The best `limit` of matches offered best first, ties at the cut ordered by id: exactly
/// `ORDER BY score, id LIMIT limit`, whatever order equal scores arrive in.
struct TopRanked {
    let limit: Int?
    private var offered: [(id: Int64, score: Double)] = []

    init(limit: Int?) {
        self.limit = limit.map { max(0, $0) }
    }

    /// Takes the next match (scores never decrease); false once no later match can make the cut.
    mutating func offer(id: Int64, score: Double) -> Bool {
        if let limit, offered.count >= limit, limit == 0 || score != offered[limit - 1].score { return false }
        offered.append((id, score))
        return true
    }

    var result: [(id: Int64, score: Double)] {
        let sorted = offered.sorted { ($0.score, $0.id) < ($1.score, $1.id) }
        return limit.map { Array(sorted.prefix($0)) } ?? sorted
    }
}

extension StatementStore {
    /// Actors a search names (the whole query, else each of its words, looked up as `--speaker`
    /// is: a surname or a loose spelling finds its actor), with how many statements each made.
    /// Search covers statement texts and notes, not who spoke; this says where a name leads.
    public func speakersNamed(in query: String) throws -> [(actor: DiplomaticActor, statements: Int)] {
        let words = query.split(whereSeparator: \.isWhitespace).map { String($0.filter { $0 != "\"" && $0 != "*" }) }.filter { !$0.isEmpty }
        let whole = words.joined(separator: " ")
        var found: [(actor: DiplomaticActor, statements: Int)] = []
        for candidate in [whole] + (words.count > 1 ? words : []) where !candidate.isEmpty {
            let actor: DiplomaticActor
            do {
                actor = try actors.resolve(candidate)
            } catch ParleyError.notFound, ParleyError.ambiguous, ParleyError.invalidInput {
                continue
            }
            guard !found.contains(where: { $0.actor.id == actor.id }) else { continue }
            let count: Int = try db.scalar("SELECT count(*) FROM statement WHERE speaker_id = ? AND retracted_at IS NULL", [actor.id]) ?? 0
            found.append((actor, count))
            if candidate == whole { break }
        }
        return found
    }
}
