import ArgumentParser
import Foundation
import ParleyCore
import ParleyExtraction

struct ExtractCommand: ParsableCommand {
    enum Format: String, CaseIterable, ExpressibleByArgument { case yaml, json }

    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Find the quotations in a news article, with their speakers, for review and import.",
        discussion: """
            Reads plain text or HTML and writes a document in the interchange format: the source, \
            then one statement per quotation with its speaker, on whose behalf, medium, date (only \
            when the text gives one), stances (unclear when the sentence has no cue), and for the \
            reviewer its confidence, the rule that attributed it, the sentence it came from, where \
            the quote and the words naming its speaker are (quote_span, attribution_span: Unicode \
            code points of the text) and the other speakers considered (candidates, with why). \
            Nothing is written to the database; the database, when there is one, is only read to \
            recognise known actors and their aliases.

              parley extract article.txt --outlet "Hindustan Times" --published 2025-05-20 --via AFP
              parley extract article.html --url https://example.org/article > review.yaml
              parley extract article.txt | parley import -
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The article: a text or HTML file, or '-' for standard input.", valueName: "file"))
    var file: String
    @Option(help: "The article's URL.") var url: String?
    @Option(help: "The outlet that published it.") var outlet: String?
    @Option(help: ArgumentHelp("Its publication date (also the base for 'on Monday').", valueName: "date")) var published: String?
    @Option(help: "Its headline (default: the first line when it reads like one).") var title: String?
    @Option(help: "Its author.") var author: String?
    @Option(help: "The wire service it credits.") var via: String?
    @Option(help: "yaml or json.") var format: Format = .yaml
    @Option(name: .customLong("min-confidence"), help: "Leave out quotations attributed with less confidence (0 to 1).")
    var minConfidence: Double = 0

    static let tooLargeHint = "give the article's text alone (a long article is well under 1 MB)"

    func run() throws {
        let console = Console.current
        let text: String
        if file == "-" {
            let data = try BoundedInput.read(console.readInputChunk, limit: BoundedInput.maximumArticleBytes, what: "an article",
                                             hint: Self.tooLargeHint, origin: "standard input")
            text = try InterchangeReader.decodeText(data, origin: "standard input")
        } else {
            let data = try BoundedInput.readFile(file, limit: BoundedInput.maximumArticleBytes, what: "an article", hint: Self.tooLargeHint)
            text = try InterchangeReader.decodeText(data, origin: file)
        }
        let details = ArticleExtraction.Details(url: url, outlet: outlet, published: try dateOption(published, "--published"),
                                                title: title, author: author, via: via)
        let path = database.path
        let parley = FileManager.default.fileExists(atPath: path) ? try ParleyDatabase.open(path: path, access: .read) : nil
        let extraction = try ArticleExtraction(text: text, details: details, parley: parley, minimumConfidence: minConfidence)
        switch format {
        case .yaml: console.writeOut(try InterchangeWriter.yaml(extraction.document))
        case .json: console.out(extraction.document.serialized())
        }
        console.err(extraction.summary)
    }
}

/// Prints the extractor's precision and recall on a folder of articles with answers. Hidden
/// from the help; `scripts/evaluate-extract` runs it on the articles under Tests/.
struct EvaluateExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-extract",
        abstract: "Precision and recall of extract on articles with hand-made answers.",
        shouldDisplay: false)

    @Argument(help: "A folder of NAME.txt or NAME.html articles with NAME.answers.json beside them.") var directory: String
    @Option(name: .customLong("min-confidence"), help: "Count only pairs found with at least this confidence.") var minConfidence: Double = 0.5
    @Flag(help: "Print the totals only, not each article's misses.") var summary = false
    @Flag(help: "Also print the development (odd-numbered) and held-out (even-numbered) halves.") var halves = false

    func run() throws {
        let evaluation = try ExtractionEvaluation.evaluate(directory: directory, minimumConfidence: minConfidence, halves: halves)
        Console.current.writeOut(summary ? evaluation.summary : evaluation.report)
    }
}
