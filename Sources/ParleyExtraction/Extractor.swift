import ParleyCore
import Foundation

/// A quotation found in an article, with who said it and how sure the rules are.
public struct ExtractedQuote: Sendable, Equatable {
    public var text: String
    public var speaker: String?
    public var onBehalfOf: String?
    public var medium: String?
    public var saidOn: PartialDate?
    /// 0…1: how directly the text attributes the quote (0.9 "X said", 0.3 a scare quote).
    public var confidence: Double
    /// Which rule attributed it, in words: for the reviewer.
    public var rule: String
    /// The sentence it came from.
    public var sentence: String
    /// Topic → stance; `unclear` unless the sentence states a position plainly.
    public var stances: [String: Stance]
    /// Where the quotation starts in the article, in characters.
    public var offset: Int
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
    ]
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
                                      "spokesperson", "press", "secretary-general", "un", "nato", "policy"]
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
    ]
    static let pronouns: Set<String> = ["he", "she", "they"]
    /// Words that make a name an organization's: "Russian Foreign Ministry", "Kremlin".
    static let organizationWords = ["ministry", "kremlin", "office", "government", "commission", "council", "department",
                                    "white house", "foreign service", "embassy", "mission", "agency"]
    static let roleNouns: Set<String> = ["minister", "president", "spokeswoman", "spokesman", "spokesperson", "envoy",
                                         "ambassador", "chancellor", "official", "diplomat", "leader", "premier", "secretary"]

    // MARK: Extraction

    /// Extracts the quotations of an article, in the order they appear.
    public func extract(_ text: String) -> [ExtractedQuote] {
        let plain = ArticleText.looksLikeHTML(text) ? ArticleText.fromHTML(text) : text
        let article = ArticleText(plain)
        let spans = QuoteFinder(article: article).find()
        var context = Context(article: article, known: known)
        context.learnNames()

        var results: [ExtractedQuote] = []
        var sentenceSpeaker: [Range<Int>: Attribution] = [:]
        let quoteRanges = spans.map(\.outer)
        func sentenceAround(_ position: Int) -> Range<Int>? {
            guard let paragraph = article.paragraph(containing: position) else { return nil }
            return article.sentenceRanges(in: article.paragraphs[paragraph], quotes: quoteRanges).first { $0.contains(position) }
                ?? article.paragraphs[paragraph]
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
            let sentenceText = article.text(sentence.lowerBound..<max(sentence.upperBound, closing.upperBound))
            let beforeText = article.text(before).lowercased()

            if beforeText.hasSuffix("so-called ") || beforeText.hasSuffix("so called ") {
                results.append(ExtractedQuote(text: text, speaker: nil, onBehalfOf: nil, medium: nil, saidOn: nil, confidence: 0.2,
                                              rule: "“so-called …”: a scare quote", sentence: sentenceText, stances: [:], offset: span.openMark))
                continue
            }
            var attribution = context.attribute(before: before, after: after, sentence: sentence, isHeadline: span.isHeadline)
            if attribution == nil, let earlier = sentenceSpeaker[sentence] {
                attribution = Attribution(speaker: earlier.speaker, role: earlier.role, confidence: 0.8, rule: "continues the sentence's earlier quote")
            }
            // “…,” he said. “…” — the second part of a quote split around its attribution.
            if attribution == nil, let previous = results.last, previous.speaker != nil, index > 0,
               article.paragraph(containing: spans[index - 1].openMark) == paragraph,
               sentence.lowerBound == span.openMark || article.text(sentence.lowerBound..<span.openMark).trimmingWhitespace().isEmpty {
                let first = results[results.count - 1].text
                // The comma the split took off ("…talks,” he said. “But…") goes back.
                results[results.count - 1].text = first + (first.last.map { ".!?…".contains($0) } == true ? " " : ", ") + text
                results[results.count - 1].sentence += " " + sentenceText
                continue
            }
            if attribution == nil, let next = context.attributeFromIntroducingParagraph(for: sentence, paragraph: paragraph) {
                attribution = next
            }
            guard let found = attribution else {
                results.append(ExtractedQuote(text: text, speaker: nil, onBehalfOf: nil, medium: nil, saidOn: nil,
                                              confidence: words <= 3 ? 0.2 : 0.3,
                                              rule: words <= 3 ? "a term in quotation marks with no speaker (a scare quote?)" : "no speaker found",
                                              sentence: sentenceText, stances: [:], offset: span.openMark))
                continue
            }
            sentenceSpeaker[sentence] = found
            sentenceSpeaker[closing] = found
            let speaker = context.canonical(found.speaker)
            results.append(ExtractedQuote(
                text: text, speaker: speaker, onBehalfOf: context.onBehalfOf(speaker: speaker, role: found.role ?? context.roles[speaker]),
                medium: Self.medium(sentence: sentenceText, role: found.role ?? context.roles[speaker]), saidOn: saidOn(sentenceText),
                confidence: found.confidence * (span.closeMark == nil ? 0.8 : 1), rule: found.rule,
                sentence: sentenceText, stances: stances(quote: text, sentence: sentenceText), offset: span.openMark))
        }
        return results
    }

    // MARK: Media, dates, stances

    /// The medium the sentence says the words came through, if it says.
    static func medium(sentence: String, role: String?) -> String? {
        let lower = sentence.lowercased()
        let cues: [(String, String)] = [
            ("truth social", "Truth Social post"), ("wrote on x", "X post"), ("posted on x", "X post"), ("on x,", "X post"),
            ("on twitter", "X post"), ("wrote on telegram", "Telegram post"), ("on telegram", "Telegram post"),
            ("on facebook", "Facebook post"), ("in a phone call", "phone call"), ("during a phone call", "phone call"),
            ("in a call with", "phone call"), ("by phone", "phone call"), ("press briefing", "press briefing"),
            ("news briefing", "press briefing"), ("daily briefing", "press briefing"), ("regular briefing", "press briefing"),
            ("told reporters", "press briefing"), ("news conference", "press conference"), ("press conference", "press conference"),
            ("in an interview", "interview"), ("told the bbc", "interview"), ("in a speech", "speech"), ("addressing", "speech"),
            ("in a statement", "statement"), ("said in a statement", "statement"), ("statement released", "statement"),
            ("in a video address", "video address"), ("nightly address", "video address"),
        ]
        if let cue = cues.first(where: { lower.contains($0.0) }) { return cue.1 }
        if let role = role?.lowercased(), role.contains("spokes"), role.contains("ministry") || role.contains("foreign") {
            return "press briefing"  // a ministry's spokesperson speaks at its regular briefing
        }
        return nil
    }

    /// A date the sentence gives: "on Monday" (from the published date), "on May 19", "earlier
    /// in May" (month precision), "yesterday".
    func saidOn(_ sentence: String) -> PartialDate? {
        let lower = sentence.lowercased()
        let months = PartialDate.monthNames.map { $0.lowercased() }
        let year = published?.year
        for (index, month) in months.enumerated() {
            if let match = lower.range(of: "on \(month) (\\d{1,2})\\b", options: .regularExpression), let year {
                let day = Int(lower[match].split(separator: " ").last ?? "") ?? 0
                if let date = Self.validDate(String(format: "%04d-%02d-%02d", year, index + 1, day)) { return date }
            }
            if let year, lower.range(of: "(earlier|later) (in|this) \(month)\\b|\\bin \(month)\\b", options: .regularExpression) != nil {
                return Self.validDate(String(format: "%04d-%02d", year, index + 1))
            }
        }
        guard let published, let day = published.day, let month = published.month else { return nil }
        let publishedDay = DaySpan.days(year: published.year, month: month, day: day)
        if lower.contains("yesterday") { return Self.date(publishedDay - 1) }
        let weekdays = ["thursday", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday"]  // 1970-01-01 was a Thursday
        for (offset, weekday) in weekdays.enumerated() where lower.contains("on \(weekday)") {
            let today = ((publishedDay % 7) + 7) % 7
            let back = (today - offset + 7) % 7
            return Self.date(publishedDay - back)
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

    /// Topics the sentence mentions. A stance is `supports` or `opposes` only when the sentence
    /// says so plainly: a cue ("supports", "ready for", "rejects"…) within a few words before
    /// the topic's word. Otherwise `unclear`.
    func stances(quote: String, sentence: String) -> [String: Stance] {
        let words = sentence.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let supports = [["supports"], ["support"], ["backs"], ["backed"], ["calls", "for"], ["called", "for"], ["ready", "for"],
                        ["welcomes"], ["welcomed"], ["in", "favour", "of"], ["in", "favor", "of"], ["wants"], ["desire", "for"]]
        let opposes = [["opposes"], ["opposed"], ["rejects"], ["rejected"], ["against"], ["refuses"], ["dismissed"], ["no"]]
        func cue(_ cues: [[String]], before index: Int) -> Bool {
            let window = Array(words[max(0, index - 6)..<index])
            return cues.contains { cue in
                window.count >= cue.count && (0...(window.count - cue.count)).contains { Array(window[$0..<($0 + cue.count)]) == cue }
            }
        }
        var result: [String: Stance] = [:]
        for (slug, signals) in topics {
            let positions = words.indices.filter { index in signals.contains { signal in
                let parts = signal.split(separator: " ").map(String.init)
                return index + parts.count <= words.count && words[index..<(index + parts.count)].elementsEqual(parts) { $0.hasPrefix($1) }
            } }
            guard !positions.isEmpty else { continue }
            let supported = positions.contains { cue(supports, before: $0) }
            let opposed = positions.contains { cue(opposes, before: $0) }
            result[slug] = supported && !opposed ? .supports : opposed && !supported ? .opposes : .unclear
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
            if let speaker = quote.speaker, roles[speaker] == nil { roles[speaker] = (nil, quote.onBehalfOf) }
        }
        if !newActors.isEmpty {
            members.append(("actors", .array(newActors.map { name in
                let organizations = Set(quotes.compactMap(\.onBehalfOf))
                let kind = organizations.contains(name) ? "organization" : Self.institutions.values.contains(name) ? "organization" : "person"
                let affiliation = roles[name]?.organization.map { organization in
                    JSONValue.array([.object([("organization", .string(organization))])])
                }
                return JSONValue.members([("name", .string(name)), ("kind", .string(kind)), ("affiliations", affiliation)])
            })))
        }
        let attributed = quotes.filter { $0.speaker != nil }
        members.append(("statements", .array(attributed.map { quote in
            JSONValue.members([
                ("speaker", .string(quote.speaker ?? "")), ("on_behalf_of", .optional(quote.onBehalfOf)),
                ("quote", .string(quote.text)), ("said_on", .optional(quote.saidOn?.description)),
                ("medium", .optional(quote.medium)),
                ("stances", quote.stances.isEmpty ? nil : .object(quote.stances.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })),
                ("confidence", .double((quote.confidence * 100).rounded() / 100)),
                ("rule", .string(quote.rule)),
                ("sentence", .string(quote.sentence)),
            ])
        })))
        let unattributed = quotes.filter { $0.speaker == nil }
        if !unattributed.isEmpty {
            members.append(("unattributed", .array(unattributed.map { quote in
                JSONValue.members([("quote", .string(quote.text)), ("confidence", .double(quote.confidence)),
                                   ("rule", .string(quote.rule)), ("sentence", .string(quote.sentence))])
            })))
        }
        return JSONValue.members(members)
    }
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
