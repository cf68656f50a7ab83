import ParleyCore
import Foundation

/// Precision and recall of `Extractor` on articles with hand-made answers: each `NAME.txt` (or
/// `.html`) beside a `NAME.answers.json` of `{"published": …, "quotes": [{"speaker", "quote",
/// "on_behalf_of"?, "said_on"?, "medium"?, "stance"?}]}`.
///
/// A found pair is right when its speaker is the answer's (case and accents aside) and its
/// quotation is the answer's (case, punctuation and spacing aside). Every answer counts once,
/// even when an article has the same words from the same speaker twice; a found pair is matched
/// to at most one answer, so a pair found more often than the answers have it counts as wrong.
/// Pairs found with a confidence under `minimumConfidence` are not counted as found.
///
/// On the pairs found right, the fields are scored where the answer has one: `said_on` (the same
/// date at the same precision), `medium`, `on_behalf_of` (case and accents aside) and `stance`
/// (the statement's one stance that is not `unclear`, else `unclear`).
public struct ExtractionEvaluation: Sendable {
    /// A field of the right pairs: how many answers have it, how many of those the extractor
    /// gave, and how many it gave right.
    public struct FieldScore: Sendable {
        public var answered = 0
        public var given = 0
        public var correct = 0
        public var accuracy: Double { answered == 0 ? 1 : Double(correct) / Double(answered) }
    }

    public struct Article: Sendable {
        public var name: String
        public var expected: Int
        public var found: Int
        public var correct: Int
        public var missed: [String]
        public var wrong: [String]
        /// Right pairs with a field the answer has and the extractor got wrong or left out.
        public var fieldErrors: [String] = []
        public var saidOn = FieldScore()
        public var medium = FieldScore()
        public var onBehalfOf = FieldScore()
        public var stance = FieldScore()
        /// Time `Extractor.extract` took on the article, in milliseconds (the best of three runs).
        public var milliseconds: Double = 0

        /// The development half of a numbered set (odd numbers: `01-…`, `03-…`); the even ones
        /// are held out. Names without a number count as development.
        public var isDevelopment: Bool {
            guard let number = Int(name.prefix { $0.isNumber }) else { return true }
            return number % 2 == 1
        }
    }

    public var articles: [Article] = []
    /// Whether the report shows the development and held-out halves.
    public var halves = false
    public var precision: Double { Self.ratio(articles.map(\.correct).reduce(0, +), articles.map(\.found).reduce(0, +)) }
    public var recall: Double { Self.ratio(articles.map(\.correct).reduce(0, +), articles.map(\.expected).reduce(0, +)) }

    /// The development half (odd-numbered articles) and the held-out half (even-numbered).
    public var development: ExtractionEvaluation { ExtractionEvaluation(articles: articles.filter(\.isDevelopment)) }
    public var heldOut: ExtractionEvaluation { ExtractionEvaluation(articles: articles.filter { !$0.isDevelopment }) }

    public var saidOn: FieldScore { total(\.saidOn) }
    public var medium: FieldScore { total(\.medium) }
    public var onBehalfOf: FieldScore { total(\.onBehalfOf) }
    public var stance: FieldScore { total(\.stance) }
    public var meanMilliseconds: Double { articles.isEmpty ? 0 : articles.map(\.milliseconds).reduce(0, +) / Double(articles.count) }
    public var maxMilliseconds: Double { articles.map(\.milliseconds).max() ?? 0 }

    public init(articles: [Article] = []) { self.articles = articles }

    private func total(_ field: KeyPath<Article, FieldScore>) -> FieldScore {
        articles.reduce(into: FieldScore()) { sum, article in
            sum.answered += article[keyPath: field].answered
            sum.given += article[keyPath: field].given
            sum.correct += article[keyPath: field].correct
        }
    }

    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }

    struct Answers: Decodable {
        struct Quote: Decodable {
            let speaker: String
            let quote: String
            let on_behalf_of: String?
            let said_on: String?
            let medium: String?
            let stance: String?
        }
        let published: String?
        let quotes: [Quote]
    }

    /// The one stance of a statement that is not `unclear`, else `unclear` (or nil with none).
    static func mainStance(_ stances: [String: Stance]) -> Stance? {
        let clear = Set(stances.values.filter { $0 != .unclear })
        if clear.count == 1 { return clear.first }
        return stances.isEmpty ? nil : .unclear
    }

    public static func evaluate(directory: String, minimumConfidence: Double = 0.5, halves: Bool = false) throws -> ExtractionEvaluation {
        var evaluation = ExtractionEvaluation()
        evaluation.halves = halves
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for name in names where name.hasSuffix(".answers.json") {
            let stem = String(name.dropLast(".answers.json".count))
            guard let file = names.first(where: { $0 != name && ($0 == stem + ".txt" || $0 == stem + ".html") }) else { continue }
            let answers = try JSONDecoder().decode(Answers.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let extractor = Extractor(published: try PartialDate.parseOptional(answers.published))
            // The best of three runs: the time the work takes, less what other processes took.
            let clock = ContinuousClock()
            var extracted: [ExtractedQuote] = []
            var elapsed = Duration.seconds(3600)
            for _ in 0..<3 {
                let start = clock.now
                extracted = extractor.extract(text)
                elapsed = min(elapsed, clock.now - start)
            }
            var article = score(stem, answers: answers.quotes, found: extracted.filter { $0.confidence >= minimumConfidence && $0.speaker != nil })
            article.milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            evaluation.articles.append(article)
        }
        return evaluation
    }

    static func score(_ name: String, answers: [Answers.Quote], found: [ExtractedQuote]) -> Article {
        func key(_ speaker: String, _ quote: String) -> String { TextKeys.nameKey(speaker) + "|" + TextKeys.normalizedText(quote) }
        var open = Dictionary(grouping: answers.indices, by: { key(answers[$0].speaker, answers[$0].quote) })
        var article = Article(name: name, expected: answers.count, found: found.count, correct: 0, missed: [], wrong: [])
        var matched = Set<Int>()
        for quote in found {
            let speaker = quote.speaker ?? ""
            let k = key(speaker, quote.text)
            var parts: [Int] = []
            if var candidates = open[k], !candidates.isEmpty {
                parts = [candidates.removeFirst()]
                open[k] = candidates
            } else {
                parts = joinedParts(quote, speaker: speaker, answers: answers, open: open)
                for part in parts { open[key(answers[part].speaker, answers[part].quote)]?.removeAll { $0 == part } }
            }
            guard !parts.isEmpty else {
                article.wrong.append("\(speaker): “\(quote.text)”")
                continue
            }
            // A quote split around its attribution, found joined, is right for each part.
            article.found += parts.count - 1
            for index in parts {
            matched.insert(index)
            article.correct += 1
            let answer = answers[index]
            func check(_ field: WritableKeyPath<Article, FieldScore>, _ label: String, expected: String?, given: String?,
                       same: (String, String) -> Bool = { $0 == $1 }) {
                guard let expected else { return }
                article[keyPath: field].answered += 1
                if given != nil { article[keyPath: field].given += 1 }
                if let given, same(expected, given) {
                    article[keyPath: field].correct += 1
                } else {
                    article.fieldErrors.append("\(label) \(given ?? "none"), not \(expected): \(speaker): “\(quote.text.prefix(50))”")
                }
            }
            check(\.saidOn, "said_on", expected: answer.said_on, given: quote.saidOn?.description)
            check(\.medium, "medium", expected: answer.medium, given: quote.medium)
            check(\.onBehalfOf, "on_behalf_of", expected: answer.on_behalf_of, given: quote.onBehalfOf) { TextKeys.nameKey($0) == TextKeys.nameKey($1) }
            check(\.stance, "stance", expected: answer.stance, given: mainStance(quote.stances)?.rawValue)
            }
        }
        article.missed = answers.indices.filter { !matched.contains($0) }.map { "\(answers[$0].speaker): “\(answers[$0].quote)”" }.sorted()
        article.wrong.sort()
        return article
    }

    /// The answers a found quote joins, in order, when it is a quote split around its
    /// attribution (`“A,” he said. “B.”` found as “A, B.”) and the answers have each part: the
    /// same speaker, and parts whose words, one after the other, are the found quote's words.
    static func joinedParts(_ quote: ExtractedQuote, speaker: String, answers: [Answers.Quote], open: [String: [Int]]) -> [Int] {
        let available = Set(open.values.joined())
        let target = TextKeys.normalizedText(quote.text)
        var parts: [Int] = []
        var covered = ""
        for index in answers.indices where available.contains(index) && TextKeys.nameKey(answers[index].speaker) == TextKeys.nameKey(speaker) {
            let part = TextKeys.normalizedText(answers[index].quote)
            let next = covered + part
            if target.hasPrefix(next) {
                parts.append(index)
                covered = next
                if covered == target { return parts.count > 1 ? parts : [] }
            }
        }
        return []
    }

    /// A table of the figures, with what was missed and what was wrong.
    public var report: String {
        var out = "article                  expected  found  correct  precision  recall     ms\n"
        for article in articles {
            out += article.name.padding(toLength: 25, withPad: " ", startingAt: 0)
            out += String(format: "%8d  %5d  %7d  %9.2f  %6.2f  %5.1f\n", article.expected, article.found, article.correct,
                          Self.ratio(article.correct, article.found), Self.ratio(article.correct, article.expected), article.milliseconds)
        }
        out += summary
        for article in articles where !article.missed.isEmpty || !article.wrong.isEmpty || !article.fieldErrors.isEmpty {
            out += "\n\(article.name):\n"
            for missed in article.missed { out += "  missed: \(missed)\n" }
            for wrong in article.wrong { out += "  wrong:  \(wrong)\n" }
            for error in article.fieldErrors { out += "  field:  \(error)\n" }
        }
        return out
    }

    /// The totals: all articles and, when the set is numbered, its development (odd) and
    /// held-out (even) halves; then the fields' accuracy on the right pairs and the time taken.
    public var summary: String {
        var parts: [(String, ExtractionEvaluation)] = [("all", self)]
        if halves {
            parts += [("dev (odd numbers)", development), ("held-out (even)", heldOut)]
        }
        var out = ""
        for (label, part) in parts {
            out += label.padding(toLength: 25, withPad: " ", startingAt: 0)
            out += String(format: "%8d  %5d  %7d  %9.2f  %6.2f  %5.1f\n", part.articles.map(\.expected).reduce(0, +),
                          part.articles.map(\.found).reduce(0, +), part.articles.map(\.correct).reduce(0, +),
                          part.precision, part.recall, part.meanMilliseconds)
        }
        out += "\nfields, on the right pairs whose answer has one (correct / answered, given):\n"
        out += "set                      said_on          medium           on_behalf_of     stance\n"
        for (label, part) in parts {
            out += label.padding(toLength: 25, withPad: " ", startingAt: 0)
            for score in [part.saidOn, part.medium, part.onBehalfOf, part.stance] {
                out += String(format: "%.2f %d/%d, %d", score.accuracy, score.correct, score.answered, score.given)
                    .padding(toLength: 17, withPad: " ", startingAt: 0)
            }
            out = String(out.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        out += String(format: "time: %.1f ms per article on average, %.1f ms at most\n", meanMilliseconds, maxMilliseconds)
        return out
    }
}
