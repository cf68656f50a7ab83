import ParleyCore
import Foundation

/// A word or a punctuation mark of the article, with where it is.
struct Token {
    var text: String
    var range: Range<Int>
    var lower: String { text.lowercased() }
    var isWord: Bool { text.first.map { $0.isLetter || $0.isNumber } ?? false }
    var isCapitalized: Bool { text.first?.isUppercase ?? false }
    /// `Trump's`, `Ukraine’s`.
    var isPossessive: Bool { text.hasSuffix("'s") || text.hasSuffix("’s") }
    var withoutPossessive: String { isPossessive ? String(text.dropLast(2)) : text }
}

/// What the rules know of the article while attributing: the people named in it, their roles,
/// and the actors the database knows.
struct Context {
    let article: ArticleText
    let known: Extractor.KnownActors
    /// Full names by surname (and by every single word of the name): "Trump" → "Donald Trump".
    var fullNames: [String: String] = [:]
    /// Each mention of a person, in article order, with the role the text gave.
    var mentions: [(position: Int, name: String, role: String?)] = []
    var roles: [String: String] = [:]

    init(article: ArticleText, known: Extractor.KnownActors) {
        self.article = article
        self.known = known
    }

    func tokens(_ range: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        let c = article.characters
        var index = max(0, range.lowerBound)
        let end = min(c.count, range.upperBound)
        while index < end {
            let character = c[index]
            if character.isLetter || character.isNumber {
                var stop = index
                while stop < end, c[stop].isLetter || c[stop].isNumber || ((c[stop] == "'" || c[stop] == "’" || c[stop] == "-" || c[stop] == ".")
                        && stop + 1 < end && c[stop + 1].isLetter) {
                    stop += 1
                }
                // Keep the final period of an abbreviation such as "U.S.".
                if stop < end, c[stop] == ".", String(c[index..<stop]).contains(".") { stop += 1 }
                tokens.append(Token(text: String(c[index..<stop]), range: index..<stop))
                index = stop
            } else {
                if !character.isWhitespace { tokens.append(Token(text: String(character), range: index..<(index + 1))) }
                index += 1
            }
        }
        return tokens
    }

    // MARK: Names

    /// Learns the people the article names: runs of capitalized words of two or more, titles
    /// taken off ("US President Donald Trump" → Donald Trump, role "US President"), with the
    /// role of an appositive ("Hakan Fidan, the foreign minister,"); then every later mention
    /// of their surname.
    mutating func learnNames() {
        var all: [[Token]] = []
        for paragraph in article.paragraphs {
            let words = tokens(paragraph)
            all.append(words)
            var index = 0
            while index < words.count {
                guard words[index].isCapitalized else { index += 1; continue }
                var end = index
                while end < words.count, isNamePart(words, end) { end += 1 }
                if end > index, let (name, role) = splitName(Array(words[index..<end])), name.split(separator: " ").count >= 2,
                   !Extractor.organizationWords.contains(where: { name.lowercased().contains($0) }) {
                    var fullRole = [leadingRole(words, before: index), role].compactMap { $0 }.joined(separator: " ")
                    if fullRole.isEmpty { fullRole = appositiveRole(words, after: end) ?? "" }
                    register(name, role: fullRole.isEmpty ? nil : fullRole, at: words[index].range.lowerBound)
                }
                index = max(end, index + 1)
            }
        }
        // Surname mentions of the people found: "Fidan also said…" is a mention of Hakan Fidan.
        for words in all {
            for word in words where word.isCapitalized {
                let key = TextKeys.nameKey(word.withoutPossessive)
                guard let full = fullNames[key], !mentions.contains(where: { $0.position == word.range.lowerBound }) else { continue }
                if full.split(separator: " ").count > 1 && !full.hasPrefix(word.withoutPossessive + " ") || full == word.withoutPossessive {
                    mentions.append((word.range.lowerBound, full, roles[full]))
                }
            }
        }
        mentions.sort { $0.position < $1.position }
    }

    /// Lower-case role words right before a name: "foreign ministry spokeswoman".
    func leadingRole(_ words: [Token], before index: Int) -> String? {
        var start = index
        while start > 0, Extractor.titles.contains(words[start - 1].lower), words[start - 1].lower != "the" { start -= 1 }
        return start < index ? words[start..<index].map(\.text).joined(separator: " ") : nil
    }

    /// `Name, the foreign minister,` → "foreign minister".
    func appositiveRole(_ words: [Token], after end: Int) -> String? {
        guard end + 2 < words.count, words[end].text == ",", ["the", "a", "an"].contains(words[end + 1].lower) else { return nil }
        var stop = end + 2
        while stop < words.count, words[stop].text != ",", words[stop].text != ".", stop - end < 10 { stop += 1 }
        let role = words[(end + 2)..<stop].map(\.text)
        guard role.contains(where: { Extractor.roleNouns.contains($0.lowercased()) || Extractor.titles.contains($0.lowercased()) }) else { return nil }
        return role.joined(separator: " ")
    }

    /// Whether the token continues a name: a capitalized word, or a particle between two.
    func isNamePart(_ words: [Token], _ index: Int) -> Bool {
        let word = words[index]
        if word.isCapitalized && word.isWord { return true }
        // A particle between capitalized words: "Ursula von der Leyen", "Lula da Silva".
        let particles: Set<String> = ["von", "der", "van", "den", "de", "da", "dos", "bin", "al", "la", "le", "du", "ter"]
        guard particles.contains(word.text) else { return false }
        var before = index - 1
        while before >= 0, particles.contains(words[before].text) { before -= 1 }
        var after = index + 1
        while after < words.count, particles.contains(words[after].text) { after += 1 }
        return before >= 0 && words[before].isCapitalized && after < words.count && words[after].isCapitalized
    }

    /// Splits capitalized words into a role (leading titles) and a name.
    func splitName(_ words: [Token]) -> (name: String, role: String?)? {
        var parts = words
        if let last = parts.last, last.isPossessive { parts[parts.count - 1].text = last.withoutPossessive }
        var role: [String] = []
        while let first = parts.first, Extractor.titles.contains(first.lower) || Extractor.titles.contains(first.lower.replacingOccurrences(of: ".", with: "")) {
            role.append(first.text)
            parts.removeFirst()
        }
        while let first = parts.first, Extractor.notNames.contains(first.lower), parts.count > 1 || role.isEmpty {
            parts.removeFirst()
        }
        if parts.isEmpty {
            // All title words: an institution speaking ("the Russian Foreign Ministry said").
            let phrase = role.joined(separator: " ")
            if Extractor.organizationWords.contains(where: { phrase.lowercased().contains($0) }), role.first?.first?.isUppercase == true {
                return (phrase, nil)
            }
            return nil
        }
        guard !parts.contains(where: { Extractor.notNames.contains($0.lower) && $0.text.count < 4 && parts.count == 1 }) else { return nil }
        let name = parts.map(\.text).joined(separator: " ")
        if parts.count == 1 && Extractor.notNames.contains(parts[0].lower) { return nil }
        return (name, role.isEmpty ? nil : role.joined(separator: " "))
    }

    mutating func register(_ name: String, role: String?, at position: Int) {
        let canonicalName = known.find(name) ?? name
        for word in name.split(separator: " ") where word.count > 2 {
            let key = TextKeys.nameKey(String(word))
            if fullNames[key] == nil { fullNames[key] = canonicalName }
        }
        mentions.append((position, canonicalName, role))
        if let role, roles[canonicalName] == nil { roles[canonicalName] = role }
    }

    /// The name to report: the database's canonical name, the full name of a surname, or an
    /// institution's actor.
    func canonical(_ name: String) -> String {
        let trimmed = name.trimmingWhitespace()
        if let known = known.find(trimmed) { return known }
        let lower = trimmed.lowercased()
        if let institution = Extractor.institutions[lower] { return known.find(institution) ?? known.find(trimmed) ?? institution }
        if !trimmed.contains(" "), let full = fullNames[TextKeys.nameKey(trimmed)] { return known.find(full) ?? full }
        // A spelling of a known surname: "Zelensky" after "Volodymyr Zelenskyy".
        if let last = trimmed.split(separator: " ").last {
            let key = TextKeys.nameKey(String(last))
            if let full = fullNames.first(where: { TextKeys.editDistance($0.key, key) <= 1 && key.count > 4 })?.value,
               trimmed.split(separator: " ").count == 1 || full.hasPrefix(String(trimmed.split(separator: " ")[0])) {
                return known.find(full) ?? full
            }
        }
        return trimmed
    }

    // MARK: Attribution rules

    /// Attributes a quote from its sentence: the text after it (`“…,” X said`), a relative
    /// clause (`X, who reaffirmed …“…”`), a possessive (`X's call for “…”`), the text before it
    /// (`X said: “…”`), `according to X`.
    func attribute(before: Range<Int>, after: Range<Int>, sentence: Range<Int>, isHeadline: Bool) -> Attribution? {
        let afterTokens = tokens(after)
        let beforeTokens = tokens(before)
        // “…,” X said / “…,” said X — when the words right after the quote attribute it.
        if let found = subjectAroundFirstVerb(afterTokens, limit: 10) {
            return Attribution(speaker: found.name, role: found.role, confidence: 0.9, rule: "“…,” X said")
        }
        if let found = relativeClause(beforeTokens) {
            return Attribution(speaker: found.name, role: found.role, confidence: 0.85, rule: "X, who said “…”")
        }
        if let found = possessive(beforeTokens) {
            return Attribution(speaker: found.name, role: found.role, confidence: 0.8, rule: "X's call for “…”")
        }
        if let found = subjectOfLastVerb(beforeTokens) {
            return Attribution(speaker: found.name, role: found.role, confidence: isHeadline ? 0.75 : 0.85, rule: "X said “…”")
        }
        if let found = accordingTo(tokens(sentence)) {
            return Attribution(speaker: found.name, role: found.role, confidence: 0.8, rule: "according to X")
        }
        // A headline's "Zelenskyy: 'We will not…'".
        if isHeadline, beforeTokens.last?.text == ":", let found = subject(endingBefore: beforeTokens.count - 1, in: beforeTokens) {
            return Attribution(speaker: found.name, role: found.role, confidence: 0.75, rule: "Headline: “…”")
        }
        return nil
    }

    /// The previous paragraph, when it ends with a colon and introduces the quote that opens
    /// this one (`Zelenskyy wrote:` / `“…”`).
    func attributeFromIntroducingParagraph(for sentence: Range<Int>, paragraph: Int) -> Attribution? {
        if paragraph > 0 {
            let previous = article.paragraphs[paragraph - 1]
            if article.characters[previous.upperBound - 1] == ":", sentence.lowerBound == article.paragraphs[paragraph].lowerBound,
               let found = subjectOfLastVerb(tokens(previous)) {
                return Attribution(speaker: found.name, role: found.role, confidence: 0.8, rule: "X said: (the quote in the next paragraph)")
            }
        }
        return nil
    }

    /// `said X` or `X said` among the first words.
    func subjectAroundFirstVerb(_ tokens: [Token], limit: Int) -> (name: String, role: String?)? {
        guard let verb = tokens.prefix(limit).firstIndex(where: { Extractor.speechVerbs.contains($0.lower) }) else { return nil }
        if let subject = subject(endingBefore: verb, in: tokens), tokens[..<verb].allSatisfy({ !$0.isWord || isNameOrRoleWord($0) }) {
            return subject
        }
        // said X
        let rest = Array(tokens[(verb + 1)...])
        var end = 0
        while end < rest.count, isNamePart(rest, end) || Extractor.titles.contains(rest[end].lower) { end += 1 }
        if end > 0, let (name, role) = splitName(Array(rest[..<end])), looksLikeSpeaker(name) {
            return (name, role)
        }
        return nil
    }

    func isNameOrRoleWord(_ token: Token) -> Bool {
        token.isCapitalized || Extractor.titles.contains(token.lower) || Extractor.pronouns.contains(token.lower)
            || Extractor.roleNouns.contains(token.lower) || ["also", "later", "then", "again", "has", "had", "who", "the"].contains(token.lower)
    }

    /// The speaker before the last speech verb, trying earlier verbs when one has no subject
    /// ("Mao Ning said, adding that …").
    func subjectOfLastVerb(_ tokens: [Token]) -> (name: String, role: String?)? {
        for index in tokens.indices.reversed() where Extractor.speechVerbs.contains(tokens[index].lower) {
            if let found = subject(endingBefore: index, in: tokens) { return found }
        }
        return nil
    }

    /// The name (or pronoun, or role noun) right before a verb, with its role.
    func subject(endingBefore verb: Int, in tokens: [Token]) -> (name: String, role: String?)? {
        var end = verb
        let skippable: Set<String> = ["also", "later", "then", "again", "has", "had", "have", "was", "is", "reportedly",
                                      "repeatedly", "once", "further", "recently", "previously", "publicly", "quickly", "had", "has"]
        while end > 0, skippable.contains(tokens[end - 1].lower) { end -= 1 }
        guard end > 0 else { return nil }
        let last = tokens[end - 1]
        if Extractor.pronouns.contains(last.lower) {
            return resolvePronoun(at: last.range.lowerBound)
        }
        if Extractor.roleNouns.contains(last.lower), end >= 2, tokens[end - 2].lower == "the" {
            return resolveRole(last.lower, at: last.range.lowerBound)
        }
        // "Viktor Orbán, a frequent critic of the bloc, told …": the name before the appositive.
        if last.text == ",", let open = tokens[..<(end - 1)].lastIndex(where: { $0.text == "," }), end - 1 - open <= 12, open > 0 {
            return subject(endingBefore: open, in: tokens)
        }
        var start = end
        while start > 0, isNamePart(tokens, start - 1) { start -= 1 }
        guard start < end else { return nil }
        // Lower-case role words before the name: "foreign ministry spokeswoman Mao Ning".
        var roleStart = start
        while roleStart > 0, Extractor.titles.contains(tokens[roleStart - 1].lower), tokens[roleStart - 1].lower != "the" { roleStart -= 1 }
        guard let (name, role) = splitName(Array(tokens[start..<end])), looksLikeSpeaker(name) else { return nil }
        let leading = tokens[roleStart..<start].map(\.text)
        let fullRole = (leading + (role.map { [$0] } ?? [])).joined(separator: " ")
        return (name, fullRole.isEmpty ? nil : fullRole)
    }

    func looksLikeSpeaker(_ name: String) -> Bool {
        let lower = name.lowercased()
        if Extractor.notNames.contains(lower) { return false }
        if Extractor.institutions[lower] != nil || known.find(name) != nil { return true }
        return name.first?.isUppercase ?? false
    }

    /// `X, who reaffirmed …“…”`.
    func relativeClause(_ tokens: [Token]) -> (name: String, role: String?)? {
        guard let who = tokens.lastIndex(where: { $0.lower == "who" }), who >= 2, tokens[who - 1].text == ",",
              tokens[(who + 1)...].prefix(3).contains(where: { Extractor.speechVerbs.contains($0.lower) }) else { return nil }
        return subject(endingBefore: who - 1, in: tokens)
    }

    /// `X's call for “…”`, `X's “…”` — a person's, not a country's (`Ukraine's “desire”` is
    /// the desire of whoever speaks for Ukraine).
    func possessive(_ tokens: [Token]) -> (name: String, role: String?)? {
        guard let index = tokens.lastIndex(where: { $0.isPossessive }) else { return nil }
        let between = tokens[(index + 1)...].filter(\.isWord)
        guard between.count <= 3, between.isEmpty || between.contains(where: { Extractor.speechNouns.contains($0.lower) }) else { return nil }
        var start = index
        while start > 0, isNamePart(tokens, start - 1) { start -= 1 }
        var words = Array(tokens[start...index])
        words[words.count - 1].text = words[words.count - 1].withoutPossessive
        guard let (name, role) = splitName(words) else { return nil }
        let canonicalName = canonical(name)
        // A state or an institution is not a speaker of its own.
        if Extractor.institutions[name.lowercased()] != nil || known.kinds[canonicalName] == .state || !isPerson(canonicalName) { return nil }
        return (name, role)
    }

    func isPerson(_ name: String) -> Bool {
        if let kind = known.kinds[name] { return kind == .person }
        return name.split(separator: " ").count >= 2 || fullNames[TextKeys.nameKey(name)] != nil
    }

    /// `according to X`.
    func accordingTo(_ tokens: [Token]) -> (name: String, role: String?)? {
        guard let index = tokens.indices.first(where: { tokens[$0].lower == "according" && $0 + 1 < tokens.count && tokens[$0 + 1].lower == "to" }) else { return nil }
        let rest = Array(tokens[(index + 2)...])
        var end = 0
        while end < rest.count, isNamePart(rest, end) || Extractor.titles.contains(rest[end].lower) { end += 1 }
        guard end > 0, let (name, role) = splitName(Array(rest[..<end])), looksLikeSpeaker(name) else { return nil }
        return (name, role)
    }

    /// `he`, `she`: the last person named before the pronoun.
    func resolvePronoun(at position: Int) -> (name: String, role: String?)? {
        guard let mention = mentions.last(where: { $0.position < position && isPerson($0.name) }) else { return nil }
        return (mention.name, mention.role)
    }

    /// `the minister`: the last person named with that role.
    func resolveRole(_ noun: String, at position: Int) -> (name: String, role: String?)? {
        guard let mention = mentions.last(where: { $0.position < position && ($0.role?.lowercased().contains(noun) ?? false) }) else { return nil }
        return (mention.name, mention.role)
    }

    // MARK: On whose behalf

    /// The organization a spokesperson speaks for: `foreign ministry spokeswoman Mao Ning` →
    /// China's foreign ministry (the country from the role itself, the article's own "China's
    /// foreign ministry", or the database's affiliation); `Kremlin spokesman` → Kremlin.
    func onBehalfOf(speaker: String?, role: String?) -> String? {
        guard let speaker, let role else { return nil }
        let lower = role.lowercased()
        guard lower.contains("spokes") || Extractor.organizationWords.contains(where: { lower.contains($0) }) else { return nil }
        let personWords: Set<String> = ["spokeswoman", "spokesman", "spokesperson", "deputy", "head", "chief", "official", "the",
                                        "aide", "press", "secretary", "of"]
        let organization = role.split(separator: " ").map(String.init).filter { !personWords.contains($0.lowercased()) }
        guard !organization.isEmpty else { return known.organizations[speaker] }
        let phrase = organization.joined(separator: " ")
        if let known = known.find(phrase) { return known }
        // "Chinese Foreign Ministry", "Kremlin": the role names the organization itself.
        if organization[0].first?.isUppercase == true {
            return known.find(phrase) ?? phrase
        }
        if let known = known.organizations[speaker], TextKeys.nameKey(known).contains(TextKeys.nameKey(phrase)) { return known }
        // "foreign ministry": the article's own "China's foreign ministry" or "Chinese foreign ministry".
        let text = String(article.characters)
        let pattern = "\\b[A-Z][\\p{L}]+(['’]s)? " + NSRegularExpression.escapedPattern(for: phrase)
        if let match = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
            let found = String(text[match]).replacingOccurrences(of: "’", with: "'")
            if found.first?.isUppercase == true { return known.find(found) ?? found }
        }
        return known.organizations[speaker]
    }
}
