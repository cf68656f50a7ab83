import ParleyCore

/// What `parley extract` and the web's review screen do with an article: find its quotations
/// with the actors and topics a database knows, and make the interchange document for review
/// and import. One call, for every front end.
public struct ArticleExtraction: Sendable {
    /// The quotations found, in article order (those under `minimumConfidence` left out).
    public var quotes: [ExtractedQuote]
    /// The article's source, as given (its title the headline when none was).
    public var source: SourceRecord?
    /// The document `parley import` reads.
    public var document: JSONValue
    /// The article as the extractor read it (HTML turned into text): each quote's `offset`
    /// counts characters of it.
    public var plainText: String

    /// The source fields of an article, as the user gives them.
    public struct Details: Sendable {
        public var url: String?
        public var outlet: String?
        public var published: PartialDate?
        public var title: String?
        public var author: String?
        public var via: String?

        public init(url: String? = nil, outlet: String? = nil, published: PartialDate? = nil, title: String? = nil,
                    author: String? = nil, via: String? = nil) {
            self.url = url
            self.outlet = outlet
            self.published = published
            self.title = title
            self.author = author
            self.via = via
        }
    }

    /// Extracts the quotations of `text` (plain text or HTML).
    /// - Parameter parley: the database whose actors, aliases and topics are recognised; nil for none.
    public init(text: String, details: Details, parley: ParleyDatabase?, minimumConfidence: Double = 0) throws {
        var known = Extractor.KnownActors()
        var topics: [String] = []
        if let parley {
            known = try Extractor.KnownActors(parley)
            topics = try parley.topics.list().map(\.slug)
        }
        let extractor = Extractor(known: known, published: details.published, topics: topics)
        plainText = String(ArticleText(Extractor.plainText(text)).characters)
        quotes = extractor.extract(text).filter { $0.confidence >= minimumConfidence }
        let headline = details.title ?? Extractor.headline(text)
        let hasSource = [details.url, details.outlet, headline, details.author, details.via].contains { $0 != nil }
        source = hasSource
            ? SourceRecord(url: details.url, outlet: details.outlet, title: headline, author: details.author,
                           published: details.published?.description, via: details.via)
            : nil
        document = extractor.document(quotes, source: source)
    }

    /// `found 5 attributed quotation(s), 1 without a speaker (under 'unattributed')`.
    public var summary: String {
        let unattributed = quotes.filter { $0.speaker == nil }.count
        return "found \(quotes.count - unattributed) attributed quotation(s)"
            + (unattributed > 0 ? ", \(unattributed) without a speaker (under 'unattributed')" : "")
    }
}
