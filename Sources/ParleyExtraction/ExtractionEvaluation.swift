import ParleyCore
import Foundation

/// Precision and recall of `Extractor` on articles with hand-made answers: each `NAME.txt` (or
/// `.html`) beside a `NAME.answers.json` of `{"published": …, "quotes": [{"speaker", "quote"}]}`.
///
/// A found pair is right when its speaker is the answer's (case and accents aside) and its
/// quotation is the answer's (case, punctuation and spacing aside). Pairs found with a
/// confidence under `minimumConfidence` are not counted as found; a pair found twice counts once.
public struct ExtractionEvaluation: Sendable {
    public struct Article: Sendable {
        public var name: String
        public var expected: Int
        public var found: Int
        public var correct: Int
        public var missed: [String]
        public var wrong: [String]
    }

    public var articles: [Article] = []
    public var precision: Double { ratio(articles.map(\.correct).reduce(0, +), articles.map(\.found).reduce(0, +)) }
    public var recall: Double { ratio(articles.map(\.correct).reduce(0, +), articles.map(\.expected).reduce(0, +)) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }

    struct Answers: Decodable {
        struct Quote: Decodable { let speaker: String; let quote: String }
        let published: String?
        let quotes: [Quote]
    }

    public static func evaluate(directory: String, minimumConfidence: Double = 0.5) throws -> ExtractionEvaluation {
        var evaluation = ExtractionEvaluation()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for name in names where name.hasSuffix(".answers.json") {
            let stem = String(name.dropLast(".answers.json".count))
            guard let article = names.first(where: { $0 != name && ($0 == stem + ".txt" || $0 == stem + ".html") }) else { continue }
            let answers = try JSONDecoder().decode(Answers.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            let text = try String(contentsOfFile: directory + "/" + article, encoding: .utf8)
            let extractor = Extractor(published: try PartialDate.parseOptional(answers.published))
            func key(_ speaker: String, _ quote: String) -> String { TextKeys.nameKey(speaker) + "|" + TextKeys.normalizedText(quote) }
            var found: [String: String] = [:]
            for quote in extractor.extract(text) where quote.confidence >= minimumConfidence {
                guard let speaker = quote.speaker else { continue }
                found[key(speaker, quote.text)] = "\(speaker): “\(quote.text)”"
            }
            let expected = Dictionary(answers.quotes.map { (key($0.speaker, $0.quote), "\($0.speaker): “\($0.quote)”") }, uniquingKeysWith: { a, _ in a })
            evaluation.articles.append(Article(
                name: stem, expected: expected.count, found: found.count,
                correct: found.keys.filter { expected[$0] != nil }.count,
                missed: expected.filter { found[$0.key] == nil }.map(\.value).sorted(),
                wrong: found.filter { expected[$0.key] == nil }.map(\.value).sorted()))
        }
        return evaluation
    }

    /// A table of the figures, with what was missed and what was wrong.
    public var report: String {
        var out = "article                  expected  found  correct  precision  recall\n"
        for article in articles {
            out += article.name.padding(toLength: 25, withPad: " ", startingAt: 0)
            out += String(format: "%8d  %5d  %7d  %9.2f  %6.2f\n", article.expected, article.found, article.correct,
                          article.found == 0 ? 1 : Double(article.correct) / Double(article.found),
                          article.expected == 0 ? 1 : Double(article.correct) / Double(article.expected))
        }
        out += String(format: "%@%8d  %5d  %7d  %9.2f  %6.2f\n", "all".padding(toLength: 25, withPad: " ", startingAt: 0),
                      articles.map(\.expected).reduce(0, +), articles.map(\.found).reduce(0, +), articles.map(\.correct).reduce(0, +),
                      precision, recall)
        for article in articles where !article.missed.isEmpty || !article.wrong.isEmpty {
            out += "\n\(article.name):\n"
            for missed in article.missed { out += "  missed: \(missed)\n" }
            for wrong in article.wrong { out += "  wrong:  \(wrong)\n" }
        }
        return out
    }
}
