import ParleyCore
import Foundation

/// A quotation found in an article, with who said it and how sure the rules are.
///
/// For review (the CLI's YAML, a review screen), each quotation also says where it is and what
/// else the rules considered: `quoteSpan` and `attributionSpan` are offsets into the article's
/// text in Unicode scalars (code points) from its start, as `String.unicodeScalars` counts them
/// (for HTML, into the text it is reduced to, `Extractor.plainText(_:)`); `candidates` are the
/// other speakers a rule gave or the sentence named, each with the reason.
public struct ExtractedQuote: Sendable, Equatable {
    public var text: String
    public var speaker: String?
    /// The speaker's role as the text gives it ("Kremlin spokesman", "Egyptian Foreign Minister").
    public var role: String? = nil
    public var onBehalfOf: String?
    public var medium: String?
    public var saidOn: PartialDate?
    /// 0…1: how directly the text attributes the quote (0.9 "X said", 0.3 a scare quote).
    public var confidence: Double
    /// Which rule attributed it, in words: for the reviewer.
    public var rule: String
    /// The sentence it came from.
    public var sentence: String
    /// Topic → stance; `unclear` when the sentence has no cue.
    public var stances: [String: Stance]
    /// Where the quotation starts in the article, in characters.
    public var offset: Int
    /// The quoted words (first segment's start to last segment's end, marks excluded), in
    /// Unicode scalars of the article text. A quote split around its attribution and joined
    /// (`“A,” he said. “B.”`) spans both parts and the attribution between.
    public var quoteSpan: Range<Int> = 0..<0
    /// The words that name the speaker ("Kremlin spokesman Dmitry Peskov", "he", "the
    /// minister"), in Unicode scalars of the article text; nil when no rule names one.
    public var attributionSpan: Range<Int>?
    /// The other speakers considered, with why each was not chosen.
    public var candidates: [SpeakerCandidate] = []
}

/// Another speaker the rules considered for a quotation, and why: "rule “X said “…”” gave
/// it", "named in the sentence, not as the one speaking", "the last person named (a pronoun goes to
/// the last speaker)".
public struct SpeakerCandidate: Sendable, Equatable {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}

/// Finds the quotations in a news article and who said them, with explainable rules: no network,
/// no model. See the README's "Extracting quotations" for what the rules cover and miss.
public struct Extractor {
    /// Names the database knows (canonical name by folded name or alias), and roles.
    public struct KnownActors: Sendable {
        var canonical: [String: String] = [:]
        var organizations: [String: String] = [:]
        var kinds: [String: ActorKind] = [:]

        public init() {}

        /// The actors, aliases and affiliations of a database.
        public init(_ parley: ParleyDatabase) throws {
            for actor in try parley.actors.list() {
                for name in [actor.name] + actor.aliases { canonical[TextKeys.nameKey(name)] = actor.name }
                kinds[actor.name] = actor.kind
                if let organization = actor.affiliations.first(where: { $0.organization?.name != nil && $0.endedOn == nil })?.organization?.name {
                    organizations[actor.name] = organization
                }
            }
        }

        func find(_ name: String) -> String? { canonical[TextKeys.nameKey(name)] }
    }

    let known: KnownActors
    let published: PartialDate?
    /// Topic slugs and the words that signal them.
    let topics: [(slug: String, words: [String])]

    public init(known: KnownActors = KnownActors(), published: PartialDate? = nil, topics: [String] = []) {
        self.known = known
        self.published = published
        var signals: [(String, [String])] = [
            ("ceasefire", ["ceasefire", "cease-fire", "truce", "armistice"]),
            ("direct-talks", ["direct talks", "negotiation", "negotiations", "talks", "dialogue", "peace agreement", "memorandum"]),
            ("sanctions-on-russia", ["sanction", "sanctions"]),
        ]
        for slug in topics where !signals.contains(where: { $0.0 == slug }) {
            signals.append((slug, [slug.replacingOccurrences(of: "-", with: " ")]))
        }
        self.topics = signals.filter { topics.isEmpty || topics.contains($0.0) }
    }

    // MARK: Vocabulary

    static let speechVerbs: Set<String> = [
        "said", "says", "say", "stated", "states", "state", "told", "tells", "added", "adds", "adding", "wrote", "writes",
        "posted", "posts", "tweeted", "declared", "declares", "announced", "announces", "insisted", "insists", "warned",
        "warns", "argued", "argues", "noted", "notes", "explained", "explains", "claimed", "claims", "urged", "urges",
        "called", "calls", "reaffirmed", "reaffirms", "stressed", "stresses", "emphasised", "emphasized", "replied",
        "replies", "responded", "asked", "asks", "vowed", "vows", "pledged", "pledges", "demanded", "demands",
        "described", "describes", "expressed", "expresses", "hoped", "hopes", "acknowledged", "admitted", "conceded",
        "promised", "promises", "suggested", "suggests", "continued", "continues", "concluded", "recalled", "remarked",
        "accused", "accuses", "dismissed", "dismisses", "welcomed", "welcomes", "condemned", "condemns", "confirmed",
        "confirms", "denied", "denies", "rejected", "rejects", "praised", "praises", "criticised", "criticized",
        "quoted", "saying", "asserted", "asserts", "affirmed", "affirms", "emphasized", "emphasizes", "emphasises",
        "blamed", "blames", "cautioned", "cautions", "remarked", "observed", "reiterated", "reiterates", "branded",
        "labelled", "labeled", "termed", "protested", "contended", "repeated", "repeats", "underlined", "underscored",
        "highlighted", "lamented", "predicted", "quipped", "joked", "countered", "retorted", "charged", "alleged", "boasted",
        "mused", "testified", "announces", "clarified", "signalled", "signaled", "maintained", "announced", "commented",
    ]
    /// Participles that, after a comma, carry a quote for the sentence's subject: "…, saying “…”".
    static let participles: Set<String> = [
        "saying", "stating", "noting", "declaring", "adding", "telling", "calling", "vowing", "insisting", "warning",
        "arguing", "describing", "urging", "stressing", "emphasising", "emphasizing", "explaining", "writing", "accusing",
        "dismissing", "promising", "pledging", "claiming", "asserting", "affirming", "branding", "labelling", "labeling",
        "terming", "referring", "underscoring", "underlining", "reiterating", "recalling", "pointing", "citing", "praising",
        "condemning", "rejecting", "welcoming", "asking", "demanding", "announcing", "cautioning", "hailing", "expressing",
    ]
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// The endings of hyphenated adjectives made from names: "Hamas-run", "US-brokered".
    static let adjectiveSuffixes: Set<String> = ["run", "led", "backed", "based", "controlled", "held", "affiliated", "aligned",
                                                 "brokered", "owned", "born", "style", "era", "made", "funded", "allied",
                                                 "sponsored", "occupied", "administered", "supported", "linked", "friendly"]
    /// A capitalized word opening a sentence that is a verb, not a name: "Reiterating", "Speaking".
    static func isGerund(_ word: String) -> Bool {
        participles.contains(word) || (word.count >= 7 && ["ating", "ising", "izing", "ering", "ssing", "lling", "nding", "rting"].contains { word.hasSuffix($0) })
    }
    /// Title nouns: in "Iran Foreign Minister Araqchi" everything up to the last of them is the role.
    static let titleNouns: Set<String> = ["minister", "president", "spokesman", "spokeswoman", "spokesperson", "secretary",
                                          "envoy", "ambassador", "leader", "chancellor", "premier", "chief", "commissioner",
                                          "secretary-general", "governor", "adviser", "advisor", "director", "chairman",
                                          "chairwoman", "chair", "head", "negotiator", "representative", "general", "king",
                                          "queen", "emir", "prince", "senator", "mayor", "speaker", "official"]
    /// Nouns of institutions that speak: "North Korea's foreign ministry", "the paramilitary group".
    static let institutionNouns: Set<String> = ["ministry", "government", "army", "military", "office", "embassy", "cabinet",
                                                "presidency", "parliament", "council", "commission", "agency", "forces", "party",
                                                "movement", "group", "militia", "administration", "junta", "command", "force"]
    /// Particles inside a name: "Ursula von der Leyen", "Lula da Silva", "Luis de Souza".
    static let nameParticles: Set<String> = ["von", "der", "van", "den", "de", "da", "dos", "bin", "al", "la", "le", "du", "ter", "del", "di", "ibn", "ben"]
    /// Particles written joined to a surname: "al-Burhan" is also "Burhan".
    static let nameParticlePrefixes = ["al-", "el-", "bin-", "ben-", "abu-", "ad-", "ash-", "as-", "az-"]
    /// Words before a name that make it a place or an event, not a speaker: "in New York".
    static let prepositions: Set<String> = ["in", "at", "from", "to", "into", "for", "near", "with", "toward", "towards",
                                            "across", "outside", "inside", "between", "over", "under", "against", "via",
                                            "through", "around", "about"]
    /// Last words of an event's or a place's name: "Munich Security Conference", "Gaza Strip".
    static let eventWords: Set<String> = ["conference", "summit", "forum", "assembly", "games", "talks", "meeting", "strip",
                                          "bank", "peninsula", "sea", "strait", "island", "islands", "city", "province",
                                          "region", "airport", "square", "street", "exhibition", "expo", "dialogue", "week",
                                          "day", "agreement", "accord", "accords", "treaty", "declaration", "initiative", "plan"]
    /// News agencies are told things; they are not the speakers of what they report.
    static let newsAgencies: Set<String> = ["afp", "reuters", "ap", "xinhua", "yonhap", "kyodo", "tass", "ria", "anadolu",
                                            "wafa", "irna", "isna", "ani", "pti", "bernama", "efe", "ansa", "dpa", "bloomberg",
                                            "cnn", "bbc", "jiji", "interfax", "kcna", "mena", "spa", "wam", "qna", "kuna"]
    /// Nouns that, after a possessive, carry a quote: "Trump's call for “…”".
    static let speechNouns: Set<String> = ["call", "calls", "demand", "demands", "pledge", "promise", "appeal", "proposal",
                                           "desire", "offer", "warning", "threat", "insistence", "vow", "words", "remark",
                                           "remarks", "comment", "comments", "statement", "claim", "description", "message"]
    static let titles: Set<String> = ["president", "vice", "prime", "minister", "foreign", "defence", "defense", "secretary",
                                      "chancellor", "spokeswoman", "spokesman", "spokesperson", "ambassador", "envoy",
                                      "general", "chief", "leader", "premier", "king", "queen", "pope", "senator",
                                      "representative", "governor", "mayor", "deputy", "special", "head", "commissioner",
                                      "adviser", "advisor", "us", "u.s.", "uk", "eu", "un", "nato", "state", "of", "the",
                                      "ukrainian", "russian", "chinese", "american", "french", "german", "turkish", "british",
                                      "indian", "brazilian", "european", "kremlin", "ministry", "office", "mr", "mrs", "ms", "dr",
                                      "commission", "council", "parliament", "high", "aide", "national", "security",
                                      "hungarian", "polish", "italian", "japanese", "israeli", "iranian", "spanish", "dutch",
                                      "swedish", "finnish", "estonian", "latvian", "lithuanian", "belarusian", "georgian",
                                      "moldovan", "canadian", "australian", "saudi", "emirati", "qatari", "egyptian",
                                      "south", "north", "african", "korean", "defense", "interior", "economy", "trade",
                                      "spokesperson", "press", "secretary-general", "un", "nato", "policy", "judge", "justice",
                                      "admiral", "sheikh", "emir", "colonel", "captain", "professor", "commander"]
    static let notNames: Set<String> = ["the", "a", "an", "this", "that", "these", "those", "after", "before", "earlier",
                                        "later", "as", "in", "on", "at", "it", "if", "but", "and", "or", "read", "taking",
                                        "when", "while", "since", "during", "for", "with", "by", "from", "pressure",
                                        "victory", "day", "monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december", "there", "we", "i",
                                        "our", "his", "her", "their", "its", "asked", "speaking", "according", "meanwhile",
                                        "however", "also", "both", "each", "all", "no", "not", "yes", "he", "she", "they",
                                        "analysts", "officials", "critics", "experts", "observers", "diplomats", "sources",
                                        "witnesses", "residents", "people", "many", "some", "others", "several", "russians",
                                        "ukrainians", "europeans", "americans", "leaders", "lawmakers", "protesters", "so-called"]
    static let institutions: [String: String] = [
        "kremlin": "Kremlin", "the kremlin": "Kremlin", "white house": "White House", "the white house": "White House",
        "beijing": "China", "moscow": "Russia", "kyiv": "Ukraine", "kiev": "Ukraine", "washington": "United States",
        "ankara": "Türkiye", "paris": "France", "berlin": "Germany", "brussels": "European Union",
        "uae": "United Arab Emirates", "the uae": "United Arab Emirates",
    ]
    static let pronouns: Set<String> = ["he", "she", "they"]
    /// Words that make a name an organization's: "Russian Foreign Ministry", "Kremlin".
    static let organizationWords = ["ministry", "kremlin", "office", "government", "commission", "council", "department",
                                    "white house", "foreign service", "embassy", "mission", "agency"]
    static let roleNouns: Set<String> = ["minister", "president", "spokeswoman", "spokesman", "spokesperson", "envoy",
                                         "ambassador", "chancellor", "official", "diplomat", "leader", "premier", "secretary",
                                         "negotiator", "representative", "commissioner", "chief", "adviser", "advisor", "aide",
                                         "secretary-general", "source", "mediator", "delegate", "general"]

    // MARK: Extraction

    /// The plain text the offsets of `ExtractedQuote` count in: the text itself, or an HTML
    /// page reduced to its text.
    public static func plainText(_ text: String) -> String {
        ArticleText.looksLikeHTML(text) ? ArticleText.fromHTML(text) : text
    }

    /// Extracts the quotations of an article, in the order they appear.
    public func extract(_ text: String) -> [ExtractedQuote] {
        let article = ArticleText(Self.plainText(text))
        let finder = QuoteFinder(article: article)
        let spans = finder.find()
        let quoteRanges = spans.map(\.outer)
        var context = Context(article: article, known: known, quoteRanges: quoteRanges)
        context.headlineParagraphs = Set(article.paragraphs.indices.prefix(2).filter { finder.isHeadline($0) })
        context.learnNames()

        var results: [ExtractedQuote] = []
        var sentenceSpeaker: [Range<Int>: Attribution] = [:]
        /// Dates and media given for a speaker so far: quotes of the same event carry them.
        var lastDate: [String: PartialDate] = [:]
        var lastMedium: [String: (medium: String, paragraph: Int)] = [:]
        var lastAttributed: (speaker: String, paragraph: Int)?
        func sentenceAround(_ position: Int) -> Range<Int>? { context.sentence(around: position) }
        /// The sentence without its quotations: dates and media come from the reporter's words.
        func reporterWords(_ range: Range<Int>) -> String {
            var out = ""
            var position = range.lowerBound
            for quote in quoteRanges where quote.upperBound > range.lowerBound && quote.lowerBound < range.upperBound {
                if quote.lowerBound > position { out += article.text(position..<quote.lowerBound) }
                out += " … "
                position = max(position, quote.upperBound)
            }
            if position < range.upperBound { out += article.text(position..<range.upperBound) }
            return out
        }
        for (index, span) in spans.enumerated() {
            guard let paragraph = article.paragraph(containing: span.openMark), let sentence = sentenceAround(span.openMark) else { continue }
            // A quote over several paragraphs ends in another sentence: its attribution follows there.
            let closing = span.closeMark.flatMap { sentenceAround($0) } ?? sentence
            var text = span.segments.map { article.text($0).trimmingWhitespace() }.joined(separator: " ")
            // A comma before the closing mark belongs to the attribution ("…,” he said).
            while text.hasSuffix(",") { text = String(text.dropLast()).trimmingWhitespace() }
            let words = text.split(whereSeparator: { $0.isWhitespace }).count
            // The text between the previous quote (or the sentence start) and this one, and after
            // it up to the next quote (or the sentence end).
            let before = (quoteRanges.prefix(index).last { $0.upperBound <= span.openMark && $0.upperBound >= sentence.lowerBound }?.upperBound ?? sentence.lowerBound)..<span.openMark
            let afterEnd = spans.dropFirst(index + 1).first { $0.openMark < closing.upperBound && $0.openMark > span.openMark }?.openMark ?? closing.upperBound
            let after = span.outer.upperBound..<max(span.outer.upperBound, afterEnd)
            let whole = sentence.lowerBound..<max(sentence.upperBound, closing.upperBound)
            let sentenceText = article.text(whole)
            let reporter = reporterWords(whole)
            let beforeText = article.text(before).lowercased()
            let quoteSpan = article.scalarRange((span.segments.first?.lowerBound ?? span.openMark)..<(span.segments.last?.upperBound ?? span.openMark))
            func unattributed(_ confidence: Double, _ rule: String, _ attribution: Attribution? = nil) -> ExtractedQuote {
                ExtractedQuote(text: text, speaker: nil, onBehalfOf: nil, medium: nil, saidOn: nil, confidence: confidence, rule: rule,
                               sentence: sentenceText, stances: [:], offset: span.openMark, quoteSpan: quoteSpan,
                               attributionSpan: attribution?.span.map { article.scalarRange($0) }, candidates: attribution?.candidates ?? [])
            }

            if beforeText.hasSuffix("so-called ") || beforeText.hasSuffix("so called ") {
                results.append(unattributed(0.2, "“so-called …”: a scare quote"))
                continue
            }
            if Self.isNamedTerm(text, followedBy: article.text(after.lowerBound..<min(after.upperBound, after.lowerBound + 30)))
                || Self.isRepeatedName(text, in: article.characters) || Self.isLetterOnly(span.segments.map { article.text($0) }.joined()) {
                results.append(unattributed(0.2, "a name for a thing in quotation marks (“one China” principle): a term, not words someone said"))
                continue
            }
            var attribution = context.attribute(before: before, after: after, sentence: sentence, isHeadline: span.isHeadline)
            if attribution == nil, let earlier = sentenceSpeaker[sentence] {
                attribution = Attribution(speaker: earlier.speaker, role: earlier.role, confidence: 0.8, rule: "continues the sentence's earlier quote",
                                          span: earlier.span, anonymous: earlier.anonymous)
            }
            // “…,” he said. “…” — the second part of a quote split around its attribution (“…,” she said. But, “…”).
            if attribution == nil, let previous = results.last, previous.speaker != nil, index > 0,
               article.paragraph(containing: spans[index - 1].openMark) == paragraph,
               sentence.lowerBound == span.openMark || ["", "but", "and", "yet", "still", "but,", "and,", "yet,", "still,", "however,"]
                .contains(article.text(sentence.lowerBound..<span.openMark).trimmingWhitespace().lowercased()) {
                let first = results[results.count - 1].text
                // The comma the split took off ("…talks,” he said. “But…") goes back.
                results[results.count - 1].text = first + (first.last.map { ".!?…".contains($0) } == true ? " " : ", ") + text
                results[results.count - 1].sentence += " " + sentenceText
                results[results.count - 1].quoteSpan = results[results.count - 1].quoteSpan.lowerBound..<quoteSpan.upperBound
                continue
            }
            if attribution == nil, let next = context.attributeFromIntroducingParagraph(for: sentence, paragraph: paragraph) {
                attribution = next
            }
            // A paragraph of quotation with no attribution goes on from the previous paragraph's speaker.
            if attribution == nil, let last = lastAttributed, last.paragraph == paragraph - 1, words >= 4,
               span.openMark == article.paragraphs[paragraph].lowerBound, reporterWords(article.paragraphs[paragraph]).trimmingWhitespace()
                .split(whereSeparator: { !$0.isLetter }).count <= 2 {
                attribution = Attribution(speaker: last.speaker, role: context.roles[last.speaker], confidence: 0.6,
                                          rule: "a paragraph of quotation continuing the previous paragraph's speaker")
            }
            guard let found = attribution else {
                results.append(unattributed(words <= 3 ? 0.2 : 0.3, words <= 3 ? "a term in quotation marks with no speaker (a scare quote?)" : "no speaker found"))
                continue
            }
            sentenceSpeaker[sentence] = found
            sentenceSpeaker[closing] = found
            context.speakers.append((found.span?.lowerBound ?? span.openMark, found.speaker, found.role, found.anonymous))
            if found.anonymous {
                lastAttributed = nil
                results.append(unattributed(0.3, "an unnamed source: \(found.speaker) (\(found.rule))", found))
                continue
            }
            let speaker = context.canonical(found.speaker)
            let role = found.role ?? context.roles[speaker]
            // A role the attribution gives ("Canada's foreign minister, Mélanie Joly, said") holds for later quotes.
            if let role, context.roles[speaker] == nil { context.roles[speaker] = role }
            let ownDate = saidOn(reporter)
            let date = ownDate ?? context.dateGiven(for: speaker, before: span.openMark, saidOn: saidOn) ?? lastDate[speaker]
            if let date { lastDate[speaker] = date }
            var medium = Self.medium(sentence: reporter, role: role)
            if medium == nil, let carried = lastMedium[speaker], paragraph - carried.paragraph <= 1, ownDate == nil { medium = carried.medium }
            if medium == nil, ownDate == nil { medium = context.mediumGiven(for: speaker, before: span.openMark, role: role) }
            if let medium { lastMedium[speaker] = (medium, paragraph) }
            lastAttributed = (speaker, paragraph)
            results.append(ExtractedQuote(
                text: text, speaker: speaker, role: role, onBehalfOf: context.onBehalfOf(speaker: speaker, role: role),
                medium: medium, saidOn: date,
                confidence: found.confidence * (span.closeMark == nil ? 0.8 : 1), rule: found.rule,
                sentence: sentenceText, stances: stances(quote: text, sentence: sentenceText), offset: span.openMark,
                quoteSpan: quoteSpan, attributionSpan: found.span.map { article.scalarRange($0) }, candidates: found.candidates))
        }
        let headlines = Set(spans.filter(\.isHeadline).map(\.openMark))
        // A headline that tells of someone's words by a role the body gives nobody ("…,” says EU
        // climate commissioner): its quote is the speaker's whom the body quotes in those words.
        for index in results.indices where results[index].speaker == nil && headlines.contains(results[index].offset)
            && !results[index].rule.hasPrefix("an unnamed source") && !results[index].rule.hasPrefix("“so-called") {
            guard let paragraph = article.paragraph(containing: results[index].offset) else { continue }
            let words = context.tokens(article.paragraphs[paragraph]).filter(\.isWord)
            guard words.contains(where: { !$0.isCapitalized && (Self.speechVerbs.contains($0.lower) || Self.participles.contains($0.lower)) }),
                  words.contains(where: { Self.roleNouns.contains($0.lower) }) else { continue }
            let key = TextKeys.normalizedText(results[index].text)
            guard !key.isEmpty, let body = results.first(where: { quote in
                guard quote.speaker != nil, !headlines.contains(quote.offset) else { return false }
                let other = TextKeys.normalizedText(quote.text)
                return other.contains(key) || (key.contains(other) && other.split(separator: " ").count >= 2)
            }) else { continue }
            var quote = body
            quote.text = results[index].text
            quote.offset = results[index].offset
            quote.quoteSpan = results[index].quoteSpan
            quote.sentence = results[index].sentence
            quote.attributionSpan = nil
            quote.confidence = 0.6
            quote.rule = "a headline's quote, its speaker named by a role: the speaker the body quotes in those words (\(body.rule))"
            quote.stances = stances(quote: quote.text, sentence: quote.sentence)
            results[index] = quote
        }
        // A headline tells of the words the body reports: its quote carries the date (and the
        // medium) the body gives the same speaker.
        for index in results.indices where headlines.contains(results[index].offset) && results[index].speaker != nil {
            let body = results.filter { !headlines.contains($0.offset) && $0.speaker == results[index].speaker }
            if results[index].saidOn == nil { results[index].saidOn = body.lazy.compactMap(\.saidOn).first }
            if results[index].medium == nil { results[index].medium = body.lazy.compactMap(\.medium).first }
        }
        return Self.withTwinStancesAligned(Self.withoutEchoes(results, headlines: headlines, known: known))
    }

    /// The same words from the same speaker are one statement once imported, and a merge never
    /// changes a stance: each topic gets the first clear stance any of them has. Done here, on
    /// the quotes, so that every front end (the document `extract` writes, the web's review
    /// rows) imports them alike.
    static func withTwinStancesAligned(_ quotes: [ExtractedQuote]) -> [ExtractedQuote] {
        var aligned = quotes
        let attributed = quotes.indices.filter { quotes[$0].speaker != nil }
        let twins = Dictionary(grouping: attributed) { TextKeys.nameKey(quotes[$0].speaker ?? "") + "|" + TextKeys.normalizedText(quotes[$0].text) }
        for group in twins.values where group.count > 1 {
            var stances: [String: Stance] = [:]
            for index in group {
                for (topic, stance) in quotes[index].stances where stances[topic] == nil || stances[topic] == .unclear { stances[topic] = stance }
            }
            for index in group { aligned[index].stances = stances }
        }
        return aligned
    }

    /// A short quoted name used as a modifier: “Taiwan independence” forces, the “one China”
    /// principle — up to three words, one of them capitalized, right before a lower-case word
    /// that is not a verb of saying or a little word ("and", "him", "over"…).
    static func isNamedTerm(_ quote: String, followedBy rest: String) -> Bool {
        let words = quote.split(whereSeparator: { $0.isWhitespace })
        guard words.count <= 3, words.contains(where: { $0.first?.isUppercase == true }), !quote.contains(where: { ".!?,".contains($0) }) else { return false }
        guard let first = rest.split(whereSeparator: { $0.isWhitespace }).first, let letter = first.first, letter.isLetter, letter.isLowercase else { return false }
        let next = first.lowercased().filter(\.isLetter)
        let little: Set<String> = ["and", "or", "but", "as", "to", "for", "in", "on", "at", "with", "him", "her", "them", "us", "it",
                                   "that", "which", "who", "over", "of", "by", "from", "he", "she", "they", "we", "when", "while",
                                   "if", "after", "before", "the", "a", "an", "is", "was", "are", "were", "will", "would", "could",
                                   "and", "than", "into", "against", "about", "because", "since", "until", "this", "these"]
        return !little.contains(next) && !speechVerbs.contains(next) && !participles.contains(next)
    }

    /// A single letter or sign in quotation marks, with no punctuation (an “X” where a number
    /// should be): a name for a thing, not words someone said.
    static func isLetterOnly(_ quote: String) -> Bool {
        let trimmed = quote.trimmingWhitespace()
        return !trimmed.isEmpty && trimmed.filter(\.isLetter).count <= 1 && trimmed.allSatisfy { $0.isLetter || $0.isNumber || $0 == "$" || $0 == "%" }
    }

    /// A short quoted name the article puts in quotation marks more than once (“Taiwan
    /// independence” forces, support for “Taiwan independence”): a label the reporter keeps
    /// quoting, not words someone said. Up to three words, one of them capitalized, no
    /// punctuation; counted wherever a quotation mark opens it, inside longer quotes too.
    static func isRepeatedName(_ quote: String, in characters: [Character]) -> Bool {
        let words = quote.split(whereSeparator: { $0.isWhitespace })
        guard words.count <= 3, words.contains(where: { $0.first?.isUppercase == true }),
              !quote.contains(where: { ".!?,;:".contains($0) }) else { return false }
        let needle = Array(quote)
        guard let first = needle.first else { return false }
        var count = 0
        var index = 1
        while index + needle.count <= characters.count {
            if characters[index] == first, "\"“‘'«".contains(characters[index - 1]), Array(characters[index..<(index + needle.count)]) == needle {
                count += 1
                if count > 1 { return true }
            }
            index += 1
        }
        return false
    }

    /// Quotes that repeat words of another: a headline's quote that the body quotes again in
    /// the same words is the body's (one statement, not two; a part or a variant of the body's
    /// words, "Regrettable" for "deeply regrettable", is the headline's own quote); a fragment given to a state ("China", "Russia")
    /// that repeats words another speaker (its official) is quoted saying is the
    /// official's words echoed, not a statement of its own. Both are listed unattributed.
    static func withoutEchoes(_ quotes: [ExtractedQuote], headlines: Set<Int>, known: KnownActors) -> [ExtractedQuote] {
        let keys = quotes.map { TextKeys.normalizedText($0.text) }
        return quotes.enumerated().map { index, quote in
            guard let speaker = quote.speaker, !keys[index].isEmpty else { return quote }
            let others = quotes.indices.filter { $0 != index && quotes[$0].speaker != nil && quotes[$0].speaker != speaker }
            var echo = quote
            if headlines.contains(quote.offset), quotes.indices.contains(where: { !headlines.contains(quotes[$0].offset) && keys[$0] == keys[index] }) {
                echo.rule = "a headline's quote that the article quotes again (\(quote.rule))"
            } else if Self.isState(speaker, known: known),
                      let person = others.first(where: { keys[$0].count > keys[index].count && keys[$0].contains(keys[index]) && !isState(quotes[$0].speaker ?? "", known: known) }) {
                echo.rule = "repeats words of \(quotes[person].speaker ?? "")'s quotation (\(quote.rule))"
            } else {
                return quote
            }
            echo.speaker = nil
            echo.onBehalfOf = nil
            echo.confidence = min(quote.confidence, 0.3)
            echo.candidates.insert(SpeakerCandidate(name: speaker, reason: "the rule gave it, but the words are quoted again elsewhere"), at: 0)
            return echo
        }
    }

    /// A state (or a capital standing for one) rather than a person or an institution: the
    /// Kremlin's own "what it called “ultimatums”" is a statement of the Kremlin's.
    static func isState(_ name: String, known: KnownActors) -> Bool {
        if let kind = known.kinds[name] { return kind == .state }
        return states.contains(name.lowercased()) || nationalities.values.contains(name)
    }

    /// Country names (lower case), for telling a state that speaks from a person.
    static let countries: Set<String> = [
        "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia", "austria", "azerbaijan", "bahrain",
        "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "botswana", "brazil", "bulgaria", "cambodia", "cameroon",
        "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus", "czechia", "denmark", "djibouti",
        "ecuador", "egypt", "eritrea", "estonia", "ethiopia", "finland", "france", "gabon", "georgia", "germany", "ghana",
        "greece", "guatemala", "guinea", "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq",
        "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "laos", "latvia", "lebanon",
        "libya", "lithuania", "luxembourg", "malaysia", "mali", "malta", "mexico", "moldova", "mongolia", "montenegro",
        "morocco", "mozambique", "myanmar", "namibia", "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway",
        "oman", "pakistan", "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar", "romania",
        "russia", "rwanda", "senegal", "serbia", "singapore", "slovakia", "slovenia", "somalia", "spain", "sudan", "sweden",
        "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tunisia", "turkey", "türkiye", "uganda",
        "ukraine", "uruguay", "uzbekistan", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe",
    ]

    /// Nationality adjectives and the states they name: "Egyptian Foreign Minister" speaks for Egypt.
    static let nationalities: [String: String] = [
        "egyptian": "Egypt", "iranian": "Iran", "israeli": "Israel", "turkish": "Türkiye", "japanese": "Japan", "chinese": "China",
        "russian": "Russia", "ukrainian": "Ukraine", "american": "United States", "us": "United States", "u.s.": "United States",
        "sudanese": "Sudan", "qatari": "Qatar", "saudi": "Saudi Arabia", "brazilian": "Brazil", "spanish": "Spain",
        "french": "France", "german": "Germany", "british": "United Kingdom", "uk": "United Kingdom", "indian": "India",
        "pakistani": "Pakistan", "rwandan": "Rwanda", "taiwanese": "Taiwan", "omani": "Oman", "jordanian": "Jordan",
        "emirati": "United Arab Emirates", "hungarian": "Hungary", "polish": "Poland", "italian": "Italy", "dutch": "Netherlands",
        "swedish": "Sweden", "finnish": "Finland", "estonian": "Estonia", "latvian": "Latvia", "lithuanian": "Lithuania",
        "belarusian": "Belarus", "georgian": "Georgia", "moldovan": "Moldova", "canadian": "Canada", "australian": "Australia",
        "syrian": "Syria", "lebanese": "Lebanon", "iraqi": "Iraq", "kenyan": "Kenya", "nigerian": "Nigeria", "ethiopian": "Ethiopia",
        "south-korean": "South Korea", "north-korean": "North Korea", "mexican": "Mexico", "indonesian": "Indonesia",
        "norwegian": "Norway", "danish": "Denmark", "swiss": "Switzerland", "austrian": "Austria", "belgian": "Belgium",
        "greek": "Greece", "portuguese": "Portugal", "irish": "Ireland", "chilean": "Chile", "colombian": "Colombia",
        "peruvian": "Peru", "venezuelan": "Venezuela", "cuban": "Cuba", "vietnamese": "Vietnam", "thai": "Thailand",
        "filipino": "Philippines", "malaysian": "Malaysia", "bangladeshi": "Bangladesh", "afghan": "Afghanistan",
        "algerian": "Algeria", "moroccan": "Morocco", "tunisian": "Tunisia", "libyan": "Libya", "somali": "Somalia",
        "ghanaian": "Ghana", "ugandan": "Uganda", "tanzanian": "Tanzania", "congolese": "Congo", "kuwaiti": "Kuwait",
        "bahraini": "Bahrain", "yemeni": "Yemen", "armenian": "Armenia", "azerbaijani": "Azerbaijan",
        "kazakh": "Kazakhstan", "serbian": "Serbia", "croatian": "Croatia", "romanian": "Romania", "bulgarian": "Bulgaria",
        "czech": "Czechia", "slovak": "Slovakia", "argentine": "Argentina", "argentinian": "Argentina",
    ]

    /// Countries that the text may quote as speakers ("China said"), for telling them from people.
    static let states: Set<String> = countries.union(["china", "russia", "ukraine", "iran", "israel", "egypt", "qatar", "turkey", "türkiye",
                                      "japan", "taiwan", "sudan", "france", "germany", "britain", "india", "pakistan",
                                      "brazil", "myanmar", "jordan", "syria", "lebanon", "iraq", "oman", "america",
                                      "korea", "us", "usa", "uk", "united states", "north korea", "south korea", "saudi arabia", "united kingdom", "beijing", "moscow", "rwanda", "spain", "kenya",
                                      "washington", "tehran", "tokyo", "seoul", "pyongyang", "kyiv", "cairo", "doha", "ankara"])

    // MARK: Media, dates, stances

    /// Cues of a medium, in the order they are tried; every "told …" also as "telling …".
    static let mediumCues: [(cue: String, medium: String)] = {
        let cues: [(String, String)] = [
            ("truth social", "Truth Social post"), ("wrote on x", "X post"), ("posted on x", "X post"), ("on x,", "X post"),
            ("on x:", "X post"), ("on x that", "X post"), ("post on x", "X post"), ("on twitter", "X post"),
            ("wrote on telegram", "Telegram post"), ("on telegram", "Telegram post"), ("on facebook", "Facebook post"),
            ("on instagram", "social media post"), ("on social media", "social media post"),
            ("over the phone", "phone interview"), ("by telephone", "phone interview"), ("phone interview", "phone interview"),
            ("in a phone call", "phone call"), ("during a phone call", "phone call"), ("in a call with", "phone call"),
            ("by phone", "phone call"), ("video statement", "video statement"), ("video message", "video statement"),
            ("in a video", "video statement"), ("video address", "video address"), ("nightly address", "video address"),
            ("televised address", "speech"), ("television interview", "television interview"), ("tv interview", "television interview"),
            ("told television", "television interview"), ("told state television", "television interview"),
            ("to state television", "television interview"), ("on state television", "television interview"),
            ("state tv", "television interview"), ("on television", "television interview"),
            ("televised comments", "television interview"), ("told state tv", "television interview"),
            ("radio interview", "radio interview"), ("told radio", "radio interview"),
            ("press briefing", "press briefing"), ("news briefing", "press briefing"), ("daily briefing", "press briefing"),
            ("regular briefing", "press briefing"), ("weekly briefing", "press briefing"), ("briefing", "press briefing"),
            ("news conference", "news conference"), ("press conference", "press conference"), ("presser", "press conference"),
            ("in an interview", "interview"), ("in an exclusive interview", "interview"), ("interview with", "interview"),
            ("told the bbc", "interview"), ("told afp", "interview"), ("told reuters", "interview"), ("told the associated press", "interview"),
            ("told ap", "interview"), ("told cnn", "interview"), ("told bloomberg", "interview"), ("told the newspaper", "interview"),
            ("told the paper", "interview"), ("told the agency", "interview"), ("told anadolu", "interview"), ("told xinhua", "interview"),
            ("told yonhap", "interview"), ("told kyodo", "interview"), ("told al jazeera", "interview"),
            ("told reporters", "press briefing"), ("told journalists", "press briefing"), ("told a news", "news conference"),
            ("gave a speech", "speech"), ("made a speech", "speech"), ("delivered a speech", "speech"), ("in a speech", "speech"), ("in his speech", "speech"), ("in her speech", "speech"), ("speech at", "speech"),
            ("speech to", "speech"), ("speaking at", "speech"), ("address to", "speech"), ("during the speech", "speech"),
            ("during a speech", "speech"), ("during his speech", "speech"), ("during her speech", "speech"), ("televised speech", "speech"),
            ("in the speech", "speech"), ("addressing the summit", "speech"), ("addressing the conference", "speech"),
            ("addressing the general assembly", "speech"), ("addressing the nation", "speech"), ("addressing parliament", "speech"),
            ("addressing delegates", "speech"), ("addressing a rally", "speech"), ("addressing a conference", "speech"),
            ("addressing a summit", "speech"), ("addressing the forum", "speech"), ("addressing the meeting", "speech"),
            ("told the summit", "speech"), ("told the conference", "speech"), ("told delegates", "speech"),
            ("told the assembly", "speech"), ("told troops", "speech"), ("told supporters", "speech"), ("told a rally", "speech"),
            ("told a crowd", "speech"), ("told the crowd", "speech"), ("told parliament", "parliament"), ("told lawmakers", "parliament"),
            ("in a letter", "letter"), ("wrote in a letter", "letter"),
            ("in a statement", "statement"), ("said in a statement", "statement"), ("statement released", "statement"),
            ("statement issued", "statement"), ("in a joint statement", "statement"), ("statement said", "statement"),
            ("the statement", "statement"), ("a statement", "statement"), ("proclamation", "statement"), ("communique", "statement"),
            ("communiqué", "statement"),
        ]
        return cues.flatMap { cue, medium in
            cue.hasPrefix("told ") ? [(cue, medium), ("telling " + cue.dropFirst(5), medium)] : [(cue, medium)]
        }
    }()

    static let mediumCueBytes: [(cue: [UInt8], medium: String)] = mediumCues.map { (Array($0.cue.utf8), $0.medium) }

    /// Whether the bytes hold the needle: a plain search, much faster than Foundation's
    /// `contains` on a `String` in a debug build.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// The medium the sentence says the words came through, if it says. The first cue in the
    /// list that the sentence has wins, so specific cues ("told AFP over the phone", "in a video
    /// statement") come before general ones ("told", "statement").
    static func medium(sentence: String, role: String?) -> String? {
        let lower = Array(sentence.lowercased().utf8)
        if let cue = mediumCueBytes.first(where: { Self.contains(lower, $0.cue) }) { return cue.medium }
        if let role = role?.lowercased(), role.contains("spokes"), role.contains("ministry") || role.contains("foreign") {
            return "press briefing"  // a ministry's spokesperson speaks at its regular briefing
        }
        return nil
    }

    /// A date the reporter's words give (never the quote's own words): "on May 19", "May 19",
    /// "19 May"; a weekday counted back from the published date ("on Monday", "stated
    /// Wednesday", "late Sunday"; not "next Monday" or "from Thursday"); "yesterday", "today";
    /// month precision for "earlier in May", "earlier this month", "last month", "last week"
    /// when that week lies in one month. "Recently" and the like give no date: never a wrong day.
    func saidOn(_ sentence: String) -> PartialDate? {
        let lower = sentence.lowercased()
        let months = PartialDate.monthNames.map { $0.lowercased() }
        let year = published?.year
        func yearFor(month: Int) -> Int? {
            guard let year else { return nil }
            if let publishedMonth = published?.month, month > publishedMonth { return year - 1 }
            return year
        }
        for (index, month) in months.enumerated() {
            let abbreviation = String(month.prefix(3))
            guard lower.contains(abbreviation) else { continue }
            let names = "(?:\(month)|\(abbreviation)\\.?)"
            if let year = yearFor(month: index + 1),
               let match = lower.range(of: "\\b\(names) (\\d{1,2})\\b(?!,? \\d{4}\\b(?<!\(year)))(?! (?:million|billion|percent|%))", options: .regularExpression),
               let day = Int(lower[match].split(separator: " ").last ?? ""),
               let date = Self.validDate(String(format: "%04d-%02d-%02d", year, index + 1, day)), published.map({ date <= $0 }) ?? true {
                return date
            }
            if let year = yearFor(month: index + 1), let match = lower.range(of: "\\b(\\d{1,2}) \(names)\\b", options: .regularExpression),
               let day = Int(lower[match].split(separator: " ").first ?? ""),
               let date = Self.validDate(String(format: "%04d-%02d-%02d", year, index + 1, day)), published.map({ date <= $0 }) ?? true {
                return date
            }
            if let year = yearFor(month: index + 1), lower.range(of: "(earlier|later) (in|this) \(month)\\b|\\bin \(month)\\b", options: .regularExpression) != nil {
                return Self.validDate(String(format: "%04d-%02d", year, index + 1))
            }
        }
        guard let published, let day = published.day, let month = published.month else { return nil }
        let publishedDay = DaySpan.days(year: published.year, month: month, day: day)
        if lower.range(of: "\\byesterday\\b|\\blast night\\b", options: .regularExpression) != nil { return Self.date(publishedDay - 1) }
        let weekdays = ["thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday"]  // 1970-01-01 was a Thursday
        let words = lower.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let notThen: Set<String> = ["next", "from", "until", "till", "by", "since", "before", "coming", "through", "starting", "every"]
        for (position, word) in words.enumerated() {
            guard let offset = weekdays.firstIndex(of: word) else { continue }
            if position > 0, notThen.contains(words[position - 1]) { continue }
            let today = ((publishedDay % 7) + 7) % 7
            let back = (today - offset + 7) % 7
            return Self.date(publishedDay - back)
        }
        if lower.range(of: "\\btoday\\b|\\bthis morning\\b|\\bthis afternoon\\b|\\bearlier on\\b", options: .regularExpression) != nil {
            return Self.date(publishedDay)
        }
        if lower.range(of: "\\bearlier this month\\b", options: .regularExpression) != nil {
            return Self.validDate(String(format: "%04d-%02d", published.year, month))
        }
        if lower.range(of: "\\blast month\\b", options: .regularExpression) != nil {
            return Self.validDate(month == 1 ? String(format: "%04d-12", published.year - 1) : String(format: "%04d-%02d", published.year, month - 1))
        }
        if lower.range(of: "\\blast week\\b", options: .regularExpression) != nil {
            // Last week: Monday to Sunday before the published date's week; a month only when it lies in one.
            let fromMonday = (((publishedDay % 7) + 7) % 7 + 3) % 7  // 1970-01-01, day 0, was a Thursday
            let monday = publishedDay - fromMonday
            let first = DaySpan.civil(monday - 7), last = DaySpan.civil(monday - 1)
            if first.0 == last.0, first.1 == last.1 { return Self.validDate(String(format: "%04d-%02d", first.0, first.1)) }
        }
        return nil
    }

    static func date(_ days: Int) -> PartialDate? {
        let (year, month, day) = DaySpan.civil(days)
        return validDate(String(format: "%04d-%02d-%02d", year, month, day))
    }

    /// A date the text names, or nil when there is no such day ("on February 30"): then the
    /// text gives no date, which is not an error.
    static func validDate(_ text: String) -> PartialDate? {
        do {
            return try PartialDate(parsing: text)
        } catch {
            return nil
        }
    }

    /// Cues of a position, looked for in the quote and in the reporter's words around it.
    static let conditionalCues = [["if"], ["provided", "that"], ["provided"], ["unless"], ["on", "condition"], ["as", "long", "as"],
                                  ["only", "if"], ["conditions"], ["in", "that", "case"], ["depends", "on"], ["subject", "to"]]
    static let supportCues = [["supports"], ["support"], ["supported"], ["backs"], ["backed"], ["back"], ["calls", "for"], ["called", "for"],
                              ["call", "for"], ["ready", "for"], ["ready", "to"], ["welcomes"], ["welcomed"], ["welcome"],
                              ["in", "favour", "of"], ["in", "favor", "of"], ["wants"], ["want"], ["desire", "for"], ["hope"], ["hopes"],
                              ["hoped"], ["committed"], ["commitment"], ["urge"], ["urged"], ["urges"], ["must", "hold"], ["keen"],
                              ["open", "to"], ["willing"], ["accept"], ["accepts"], ["accepted"], ["agree"], ["agreed"], ["achieve"],
                              ["reach"], ["work", "towards"], ["work", "toward"], ["working", "towards"], ["push", "for"],
                              ["pushing", "for"], ["need", "to"], ["needs", "to"], ["must"], ["should"], ["important"], ["positive"],
                              ["progress"], ["continue"], ["adhere"], ["adheres"], ["good"], ["great"], ["deal"], ["success"]]
    static let opposeCues = [["opposes"], ["oppose"], ["opposed"], ["rejects"], ["reject"], ["rejected"], ["against"], ["refuses"],
                             ["refuse"], ["refused"], ["dismissed"], ["dismisses"], ["condemns"], ["condemn"], ["condemned"],
                             ["unacceptable"], ["protests"], ["protest"], ["red", "line"], ["not", "accept"], ["never"], ["no"],
                             ["not"], ["threat"], ["threats"], ["threaten"], ["violate"], ["violates"], ["violation"], ["illegal"],
                             ["provocation"], ["provocations"], ["hostile"], ["hostility"], ["absurd"], ["bizarre"], ["false"],
                             ["interference"], ["interfere"], ["unfair"], ["unfairly"], ["impossible"], ["regrettable"],
                             ["deplore"], ["denounce"], ["denounced"], ["warned"], ["warns"], ["firmly", "opposes"], ["total", "victory"],
                             ["won't"], ["cannot"], ["can't"], ["breached"], ["broke"], ["obstruct"], ["undermines"], ["destruction"]]

    /// The cues by their first word, longest first.
    static func index(_ cues: [[String]]) -> [String: [[String]]] {
        Dictionary(grouping: cues) { $0[0] }.mapValues { $0.sorted { $0.count > $1.count } }
    }
    static let conditionalIndex = index(conditionalCues)
    static let supportIndex = index(supportCues)
    static let opposeIndex = index(opposeCues)

    /// Topics the sentence mentions, each with a stance from cues in the quote and the
    /// reporter's words: `conditional` for a condition ("if", "provided that", "willing to …
    /// if"), else `opposes` or `supports` by which cues outnumber the other, `neutral` when
    /// they are even, `unclear` only when there is no cue at all.
    func stances(quote: String, sentence: String) -> [String: Stance] {
        let words = sentence.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" && $0 != "’" })
            .map { $0.replacingOccurrences(of: "’", with: "'") }
        func count(_ cues: [String: [[String]]]) -> Int {
            var total = 0
            var index = 0
            while index < words.count {
                if let options = cues[words[index]],
                   let cue = options.first(where: { cue in index + cue.count <= words.count && cue.indices.allSatisfy { words[index + $0] == cue[$0] } }) {
                    total += 1
                    index += cue.count
                } else {
                    index += 1
                }
            }
            return total
        }
        var result: [String: Stance] = [:]
        let conditional = count(Self.conditionalIndex), supports = count(Self.supportIndex), opposes = count(Self.opposeIndex)
        let stance: Stance = conditional > 0 ? .conditional : supports > opposes ? .supports : opposes > supports ? .opposes
            : supports > 0 ? .neutral : .unclear
        for (slug, signals) in topics {
            let signalWords = signals.map { $0.split(separator: " ").map(String.init) }
            let mentioned = words.indices.contains { index in signalWords.contains { parts in
                index + parts.count <= words.count && parts.indices.allSatisfy { words[index + $0].hasPrefix(parts[$0]) }
            } }
            if mentioned { result[slug] = stance }
        }
        return result
    }
}

/// Who a quote is attributed to, by which rule.
struct Attribution: Equatable {
    var speaker: String
    /// The role the text gives: "foreign ministry spokeswoman", "US President".
    var role: String?
    var confidence: Double
    var rule: String
    /// Where the words that name the speaker are (character positions of the article).
    var span: Range<Int>?
    /// A speaker the text does not name ("a Palestinian official"): the quote stays unattributed.
    var anonymous = false
    /// The other speakers the rules considered.
    var candidates: [SpeakerCandidate] = []
}

/// A speaker found by a rule: a name (or what stands for one), its role, where it is.
struct Speaker {
    var name: String
    var role: String?
    var span: Range<Int>?
    var anonymous = false
}

extension Extractor {
    /// The interchange document for review and `parley import`: the source, new actors with the
    /// roles the text gives them, and one statement per attributed quotation with its
    /// `confidence`, `rule` and `sentence` (which import ignores). Quotations with no speaker
    /// are listed under `unattributed`, for the reviewer.
    public func document(_ quotes: [ExtractedQuote], source: SourceRecord?) -> JSONValue {
        var members: [(String, JSONValue?)] = []
        if let source { members.append(("source", source.json)) }
        var newActors: [String] = []
        var roles: [String: (role: String?, organization: String?)] = [:]
        for quote in quotes {
            for name in [quote.speaker, quote.onBehalfOf].compactMap({ $0 }) where known.find(name) == nil && !newActors.contains(name) {
                newActors.append(name)
            }
            if let speaker = quote.speaker, roles[speaker] == nil || roles[speaker]?.role == nil && quote.role != nil {
                roles[speaker] = (quote.role, quote.onBehalfOf ?? roles[speaker]?.organization)
            }
        }
        if !newActors.isEmpty {
            members.append(("actors", .array(newActors.map { name in
                let kind = Self.kind(of: name, behalf: Set(quotes.compactMap(\.onBehalfOf)), known: known).rawValue
                // The role and organization the text gives, as an affiliation (a reviewer adds the dates).
                let affiliation: JSONValue? = roles[name].flatMap { role, organization in
                    role == nil && organization == nil ? nil
                        : JSONValue.array([.members([("organization", .optional(organization)), ("role", .optional(role))])])
                }
                return JSONValue.members([("name", .string(name)), ("kind", .string(kind)), ("affiliations", affiliation)])
            })))
        }
        // Twins' stances are aligned by `extract` (withTwinStancesAligned).
        let attributed = quotes.filter { $0.speaker != nil }
        members.append(("statements", .array(attributed.map { quote in
            JSONValue.members([
                ("speaker", .string(quote.speaker ?? "")), ("on_behalf_of", .optional(quote.onBehalfOf)),
                ("quote", .string(quote.text)), ("said_on", .optional(quote.saidOn?.description)),
                ("medium", .optional(quote.medium)),
                ("stances", quote.stances.isEmpty ? nil : .object(quote.stances.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })),
            ] + Self.reviewNotes(quote))
        })))
        let unattributed = quotes.filter { $0.speaker == nil }
        if !unattributed.isEmpty {
            members.append(("unattributed", .array(unattributed.map { quote in
                JSONValue.members([("quote", .string(quote.text))] + Self.reviewNotes(quote))
            })))
        }
        return JSONValue.members(members)
    }

    /// The reviewer's notes on a quotation, which import reads past: `confidence`, `rule`,
    /// `sentence`, `quote_span` and `attribution_span` (`[start, end]` in Unicode scalars of the
    /// article text, end excluded) and `candidates` (`[{name, reason}]`, the other speakers
    /// considered).
    static func reviewNotes(_ quote: ExtractedQuote) -> [(String, JSONValue?)] {
        func span(_ range: Range<Int>?) -> JSONValue? { range.map { .array([.int(Int64($0.lowerBound)), .int(Int64($0.upperBound))]) } }
        return [
            ("confidence", .double((quote.confidence * 100).rounded() / 100)),
            ("rule", .string(quote.rule)),
            ("sentence", .string(quote.sentence)),
            ("quote_span", span(quote.quoteSpan)),
            ("attribution_span", span(quote.attributionSpan)),
            ("candidates", quote.candidates.isEmpty ? nil : .array(quote.candidates.map {
                JSONValue.members([("name", .string($0.name)), ("reason", .string($0.reason))])
            })),
        ]
    }

    /// The kind of a new actor: an organization when statements are made on its behalf or its
    /// name is an institution's ("Foreign Ministry", "Kremlin", "Hamas"), a state when it is
    /// one ("China"), else a person.
    static func kind(of name: String, behalf: Set<String>, known: KnownActors) -> ActorKind {
        if let kind = known.kinds[name] { return kind }
        if states.contains(name.lowercased()) || nationalities.values.contains(name) { return .state }
        if behalf.contains(name) || institutions.values.contains(name) { return .organization }
        let lower = name.lowercased()
        if organizationWords.contains(where: { lower.contains($0) }) || organizationNames.contains(where: { lower.split(separator: " ").contains(Substring($0)) }) {
            return .organization
        }
        return .person
    }

    /// Armed groups and movements known by one word: "the group" after "Hamas" is Hamas.
    static let groupNames: Set<String> = ["hamas", "hezbollah", "houthis", "taliban", "rsf", "fatah", "m23", "pkk", "isis", "al-shabaab"]

    /// Words that make a name an organization's when it speaks: "Rapid Support Forces", "Hamas".
    static let organizationNames = ["forces", "party", "army", "movement", "organisation", "organization", "front", "union",
                                    "hamas", "hezbollah", "houthis", "taliban", "nato", "asean", "un", "who", "iaea",
                                    "rsf", "bureau", "cabinet", "presidency", "parliament", "committee", "alliance"]
}

extension Extractor {
    /// The article's headline: its first line of five words or more that does not end a
    /// sentence (page furniture such as "Menu Explore" is shorter).
    public static func headline(_ text: String) -> String? {
        let plain = ArticleText.looksLikeHTML(text) ? ArticleText.fromHTML(text) : text
        return plain.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(5).first { line in
            line.split(separator: " ").count >= 5 && line.count < 200 && !line.hasSuffix(".")
        }
    }
}
