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

/// Turns what a user typed into an FTS5 query that can never be a syntax error.
///
/// - `"unconditional ceasefire"` (in double quotes) is a phrase;
/// - `sanction*` is a prefix;
/// - every other word is searched literally: `AND`, `OR`, `NOT`, `NEAR(`, `'`, `-` and `:` are
///   just text. Words with no letter or digit are dropped.
///
/// Words are combined with AND. `--raw` bypasses this and hands FTS5 the text as it is.
public enum SearchQuery {
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
    /// `filter`. Results stream: nothing is collected.
    /// - Parameter raw: pass `query` to FTS5 as it is (its own syntax); a syntax error is then
    ///   invalid input.
    /// - Parameter relations: what to load of each statement found (see `forEach`).
    public func search(_ query: String, filter: StatementFilter = StatementFilter(), raw: Bool = false,
                       limit: Int? = nil, relations: StatementRelations = .all, _ body: (SearchHit) throws -> Void) throws {
        let match = raw ? query : try SearchQuery.fts(query)
        let (whereClause, arguments) = try conditions(for: filter)
        // Snippets are made afterwards for the statements actually returned: made in the ranking
        // query they would be computed for every match, before LIMIT.
        // Ranked and cut to the limit first, on the few columns the filter needs; only the
        // statements returned are then read whole (their first report date, speaker, …).
        let sql = """
            SELECT * FROM (\(Self.selectStatement)) AS s
            JOIN (SELECT s.id AS hit_id, f.score FROM (\(Self.selectStatement)) AS s
                  JOIN (SELECT rowid AS hit_id, bm25(statement_fts) AS score
                        FROM statement_fts WHERE statement_fts MATCH ?) AS f ON f.hit_id = s.id
                  \(whereClause)
                  ORDER BY f.score, s.id
                  LIMIT ?) AS f ON f.hit_id = s.id
            ORDER BY f.score, s.id
            """
        let allArguments: [any SQLiteBindable] = [match] + arguments + [limit ?? -1]
        var pending: [(Statement, Double)] = []
        func emit() throws {
            guard !pending.isEmpty else { return }
            let ids = pending.map(\.0.id)
            var snippets: [Int64: String] = [:]
            try db.prepare("""
                SELECT rowid, snippet(statement_fts, -1, char(57344), char(57345), '…', 32) FROM statement_fts
                WHERE statement_fts MATCH ? AND rowid IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))
                """).forEach([match] + ids.map { $0 as any SQLiteBindable }) { row in
                snippets[try row[0]] = try row[1]
            }
            for (statement, score) in pending {
                let (snippet, highlights) = Self.unmark(snippets[statement.id] ?? statement.text)
                try body(SearchHit(statement: statement, score: score, snippet: snippet, highlights: highlights))
            }
            pending.removeAll(keepingCapacity: true)
        }
        do {
            try streamBatched(try db.prepare(sql), allArguments, relations: relations, extra: { row -> Double in try row[26] }) { statement, score in
                pending.append((statement, score))
                if pending.count == Self.batchSize { try emit() }
            }
            try emit()
        } catch let error as SQLiteError where raw && error.code?.primary == .error && (error.message.contains("fts5") || error.message.contains("syntax")) {
            throw ParleyError.invalid("the FTS5 query '\(query)' is not valid: \(error.message). Leave out --raw to search for the words as they are",
                                      field: "query")
        }
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
