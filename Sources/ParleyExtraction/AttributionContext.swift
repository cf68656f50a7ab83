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
    /// Each mention of a person, in article order, with the role the text gave, and whether the
    /// mention opens its sentence (as its subject, usually).
    var mentions: [Mention] = []
    var roles: [String: String] = [:]
    /// The speakers attributed so far, in article order (where their attribution is): a pronoun
    /// goes to the last of them rather than to the last person named in passing.
    var speakers: [(position: Int, name: String, role: String?, anonymous: Bool)] = []
    /// Where quotations are, so that sentences are found around them.
    var quoteRanges: [Range<Int>] = []
    /// The paragraphs that are a headline or the line under it.
    var headlineParagraphs: Set<Int> = []
    /// Armed groups and movements named, in article order ("Hamas", "Rapid Support Forces"):
    /// "the group" may stand for the last of them.
    var groupMentions: [(position: Int, name: String)] = []

    struct Mention {
        var position: Int
        var name: String
        var role: String?
        var opensSentence = false
        /// An unnamed source ("a Palestinian official"): a pronoun or "the official" may stand for it.
        var anonymous = false
        /// Whether a verb of saying follows the name ("…, Minister X said Monday."): the
        /// sentence tells of the person's words even when the name does not open it.
        var speaks = false
        /// The sentence, quotations left out, when it tells of the person's words.
        var event: (text: String, paragraph: Int)?
    }

    /// Each paragraph's sentences (by paragraph index).
    let sentences: [[Range<Int>]]
    /// The article's text.
    let text: String
    /// Acronyms the article spells out: "WMO" → "World Meteorological Organisation" from
    /// "the World Meteorological Organisation’s (WMO) report".
    let acronyms: [String: String]

    static func acronyms(in text: String) -> [String: String] {
        guard text.contains("(") else { return [:] }
        var found: [String: String] = [:]
        let pattern = "(?:[A-Z][\\p{L}'’-]+ (?:(?:of|for|and|on|the) )?){1,6}\\([A-Z]{2,6}\\)"
        var searchStart = text.startIndex
        while let match = text.range(of: pattern, options: .regularExpression, range: searchStart..<text.endIndex) {
            searchStart = match.upperBound
            let phrase = text[match]
            guard let open = phrase.lastIndex(of: "(") else { continue }
            let acronym = String(phrase[phrase.index(after: open)...].dropLast())
            var words = phrase[..<open].split(separator: " ").map(String.init)
            if let last = words.last, last.hasSuffix("'s") || last.hasSuffix("’s") { words[words.count - 1] = String(last.dropLast(2)) }
            // The acronym's letters are the initials of the name's last capitalized words.
            let capitalized = words.filter { $0.first?.isUppercase == true }
            guard capitalized.count >= acronym.count else { continue }
            let tail = capitalized.suffix(acronym.count)
            guard String(tail.compactMap(\.first)) == acronym, let first = tail.first, let start = words.lastIndex(of: first) else { continue }
            if found[acronym] == nil { found[acronym] = words[start...].joined(separator: " ") }
        }
        return found
    }

    init(article: ArticleText, known: Extractor.KnownActors, quoteRanges: [Range<Int>] = []) {
        self.article = article
        self.known = known
        self.quoteRanges = quoteRanges
        sentences = article.allSentenceRanges(quotes: quoteRanges)
        text = String(article.characters)
        acronyms = Self.acronyms(in: text)
    }

    /// The sentence around a position (its paragraph when it falls between sentences).
    func sentence(around position: Int) -> Range<Int>? {
        guard let paragraph = article.paragraph(containing: position) else { return nil }
        return sentences[paragraph].first { $0.contains(position) } ?? article.paragraphs[paragraph]
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
        var sentenceStarts = Set<Int>()
        for (number, paragraph) in article.paragraphs.enumerated() {
            let words = tokens(paragraph)
            all.append(words)
            for sentence in sentences[number] { sentenceStarts.insert(sentence.lowerBound) }
            // A headline in title case ("Launch Condemned As 'Totally Unacceptable'") names nobody.
            if number < 2, isTitleCase(words) { continue }
            var index = 0
            while index < words.count {
                guard words[index].isCapitalized else { index += 1; continue }
                var end = index
                while end < words.count, isNamePart(words, end) { end += 1 }
                if end > index, let (name, role) = splitName(Array(words[index..<end])),
                   name.split(separator: " ").count >= 2 || role != nil && !Extractor.isState(name, known: known) && name.first?.isUppercase == true
                    && !Extractor.organizationNames.contains(name.lowercased()),
                   !Extractor.organizationWords.contains(where: { name.lowercased().contains($0) }), looksLikeSpeaker(name) {
                    var fullRole = [leadingRole(words, before: index), role].compactMap { $0 }.joined(separator: " ")
                    if fullRole.isEmpty { fullRole = appositiveRole(words, after: end) ?? precedingAppositiveRole(words, before: index) ?? "" }
                    let nameStart = words[index...].first { !Extractor.titles.contains($0.lower) && !$0.isPossessive }?.range.lowerBound ?? words[index].range.lowerBound
                    register(name, role: fullRole.isEmpty ? nil : fullRole, at: nameStart,
                             opensSentence: opensSentence(words, at: index, sentenceStarts: sentenceStarts),
                             speaks: end < words.count && Extractor.speechVerbs.contains(words[end].text))
                }
                index = max(end, index + 1)
            }
        }
        // A one-word name that speaks ("Hoekstra was asked", "Lula said"): a person, whom later
        // mentions, pronouns and the dates of their words' event may follow.
        for (number, words) in all.enumerated() where !(number < 2 && isTitleCase(words)) {
            for index in words.indices where words[index].isCapitalized && words[index].isWord && !words[index].isPossessive
                && (index == 0 || !(words[index - 1].isCapitalized && words[index - 1].isWord)) {
                var verb = index + 1
                while verb < words.count, verb - index <= 2, Self.skippable.contains(words[verb].text) { verb += 1 }
                guard verb < words.count, Extractor.speechVerbs.contains(words[verb].text), index + 1 >= words.count || !words[index + 1].isCapitalized else { continue }
                let word = words[index].text
                let lower = word.lowercased()
                guard word.count > 2, fullNames[TextKeys.nameKey(word)] == nil, !isKnownName(word), !Extractor.notNames.contains(lower),
                      !Extractor.titles.contains(lower), !Extractor.newsAgencies.contains(lower), !Extractor.roleNouns.contains(lower),
                      !Extractor.organizationWords.contains(where: { lower.contains($0) }), looksLikeSpeaker(word),
                      !word.allSatisfy({ $0.isUppercase }) else { continue }
                register(word, role: nil, at: words[index].range.lowerBound,
                         opensSentence: opensSentence(words, at: index, sentenceStarts: sentenceStarts), speaks: true)
            }
        }
        // Armed groups and movements: a name of one ("Hamas"), or a name run ending in "Forces", "Movement", "Front".
        for words in all {
            var index = 0
            while index < words.count {
                guard words[index].isCapitalized, words[index].isWord else { index += 1; continue }
                var end = index
                while end < words.count, words[end].isCapitalized, words[end].isWord { end += 1 }
                let run = words[index..<end].map(\.withoutPossessive)
                if let last = run.last?.lowercased(), Extractor.groupNames.contains(last) && run.count == 1
                    || ["forces", "movement", "front", "brigades"].contains(last) && run.count > 1 {
                    groupMentions.append((words[index].range.lowerBound, run.joined(separator: " ")))
                }
                index = end
            }
        }
        // Unnamed sources: "a Palestinian official close to the group told AFP" — "the official"
        // and "he" later are that source, not someone named in between.
        for (number, words) in all.enumerated() where !(number < 2 && isTitleCase(words)) {
            for index in words.indices where ["a", "an"].contains(words[index].lower) {
                guard let noun = words[(index + 1)...].prefix(5).firstIndex(where: { Extractor.roleNouns.contains($0.lower) }),
                      words[(index + 1)..<noun].allSatisfy({ $0.isWord }),
                      // A verb, not a name's word: "the State Council" is no "state".
                      words[(noun + 1)...].prefix(8).contains(where: { !$0.isCapitalized && Extractor.speechVerbs.contains($0.lower) }) else { continue }
                let role = words[(index + 1)...noun].map(\.text).joined(separator: " ")
                mentions.append(Mention(position: words[index].range.lowerBound, name: "an unnamed \(role)", role: role,
                                        opensSentence: opensSentence(words, at: index, sentenceStarts: sentenceStarts) || words[..<index].contains { $0.text == "," },
                                        anonymous: true))
            }
        }
        // Surname mentions of the people found: "Fidan also said…" is a mention of Hakan Fidan.
        for (number, words) in all.enumerated() where !(number < 2 && isTitleCase(words)) {
            for (index, word) in words.enumerated() where word.isCapitalized {
                let key = TextKeys.nameKey(word.withoutPossessive)
                guard let full = fullNames[key], !mentions.contains(where: { $0.position == word.range.lowerBound }) else { continue }
                if full.split(separator: " ").count > 1 && !full.hasPrefix(word.withoutPossessive + " ") || full == word.withoutPossessive {
                    mentions.append(Mention(position: word.range.lowerBound, name: full, role: roles[full],
                                            opensSentence: opensSentence(words, at: index, sentenceStarts: sentenceStarts),
                                            speaks: index + 1 < words.count && Extractor.speechVerbs.contains(words[index + 1].text)))
                }
            }
        }
        mentions.sort { $0.position < $1.position }
        learnEvents()
    }

    /// Whether most words of a short line are capitalized, as in a title-case headline.
    func isTitleCase(_ words: [Token]) -> Bool {
        let long = words.filter { $0.isWord && $0.text.count > 3 }
        return long.count >= 4 && words.count < 30 && Double(long.filter(\.isCapitalized).count) >= 0.8 * Double(long.count)
    }

    /// Whether the name at `index` opens its sentence: only titles, "the", possessives or an
    /// opening phrase ("Over his first term,") before it.
    func opensSentence(_ words: [Token], at index: Int, sentenceStarts: Set<Int>) -> Bool {
        var start = index
        while start > 0, !sentenceStarts.contains(words[start].range.lowerBound) { start -= 1 }
        // After a dateline ("NORTH PORT:", "BEIRUT —") the sentence starts again.
        // A dateline may run longer: "OSLO, March 3 (Wire) --".
        if let dateline = words[start..<index].prefix(12).lastIndex(where: { [":", "—", "–", "-"].contains($0.text) }),
           dateline - start <= 6 || words[start..<dateline].allSatisfy({ !$0.isWord || $0.isCapitalized || $0.text.first?.isNumber == true }) {
            start = dateline + 1
        }
        let before = words[start..<index]
        if before.allSatisfy({ Extractor.titles.contains($0.lower) || $0.isPossessive || $0.isCapitalized }) { return true }
        if let comma = before.firstIndex(where: { $0.text == "," }), comma - start <= 8,
           words[(comma + 1)..<index].allSatisfy({ Extractor.titles.contains($0.lower) || $0.isPossessive || $0.isCapitalized }) {
            return true
        }
        return false
    }

    /// `The envoy, Dafallah Alhaj,` → "envoy".
    func precedingAppositiveRole(_ words: [Token], before index: Int) -> String? {
        guard index >= 3, words[index - 1].text == ",", Extractor.roleNouns.contains(words[index - 2].lower) else { return nil }
        var start = index - 2
        while start > 0, index - start < 6, words[start - 1].isWord, !["the", "a", "an"].contains(words[start - 1].lower) { start -= 1 }
        guard start > 0, words[start - 1].lower == "the" else { return nil }
        return words[start..<(index - 1)].map(\.text).joined(separator: " ")
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

    /// Whether the token continues a name: a capitalized word, or a particle between two. Not
    /// a weekday ("told AFP Thursday"), nor an adjective of a name ("Hamas-run", "US-brokered").
    func isNamePart(_ words: [Token], _ index: Int) -> Bool {
        let word = words[index]
        if Extractor.weekdays.contains(word.lower) { return false }
        if let hyphen = word.text.lastIndex(of: "-"), Extractor.adjectiveSuffixes.contains(String(word.text[word.text.index(after: hyphen)...]).lowercased()) {
            return false
        }
        if word.isCapitalized && word.isWord {
            // A dateline in capitals ("PALESTINIAN TERRITORIES:") is no name; an acronym alone may be.
            let letters = word.text.filter(\.isLetter)
            if letters.count > 3, letters.allSatisfy(\.isUppercase), word.text.count > 5,
               (index + 1 < words.count && words[index + 1].text.filter(\.isLetter).allSatisfy(\.isUppercase) && words[index + 1].isWord
                || index > 0 && words[index - 1].text.filter(\.isLetter).allSatisfy(\.isUppercase) && words[index - 1].isWord) {
                return false
            }
            return true
        }
        // "al-Burhan", "bin-Salman": a particle joined to a capitalized surname.
        if let particle = Extractor.nameParticlePrefixes.first(where: { word.lower.hasPrefix($0) }),
           word.text.dropFirst(particle.count).first?.isUppercase == true {
            return true
        }
        // A particle between capitalized words: "Ursula von der Leyen", "Lula da Silva".
        let particles = Extractor.nameParticles
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
        // A gerund opening the sentence is no name: "Reiterating Russia's position".
        while let first = parts.first, parts.count > 1, first.isCapitalized, Extractor.isGerund(first.lower) { parts.removeFirst() }
        // "Sudan's Burhan", "Rwanda’s Environment Minister X": the possessive is the role's.
        if let possessive = parts.dropLast().lastIndex(where: { $0.isPossessive }) {
            role += parts[...possessive].map(\.text)
            parts.removeFirst(possessive + 1)
        }
        // "Iran Foreign Minister Araqchi": everything up to the last title noun is the role.
        if let title = parts.dropLast().lastIndex(where: { Extractor.titleNouns.contains($0.lower) }) {
            role += parts[...title].map(\.text)
            parts.removeFirst(title + 1)
        }
        while let first = parts.first, Extractor.titles.contains(first.lower) || Extractor.titles.contains(first.lower.replacingOccurrences(of: ".", with: "")) {
            // A sentence's opening "The" is no part of a role: "The WFC said".
            if !(role.isEmpty && first.lower == "the") { role.append(first.text) }
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

    mutating func register(_ name: String, role: String?, at position: Int, opensSentence: Bool = false, speaks: Bool = false) {
        var canonicalName = known.find(name) ?? name
        // "Van Dijk" after "Karin van Dijk" is a mention of her, not a new person.
        if known.find(name) == nil, let last = name.split(separator: " ").last, let full = fullNames[TextKeys.nameKey(String(last))],
           TextKeys.nameKey(full).hasSuffix(" " + TextKeys.nameKey(name)) {
            canonicalName = full
        }
        let parts = name.split(separator: " ")
        // Every word of three letters or more, and the surname however short ("Joanne Ou").
        for (position, word) in parts.enumerated() where word.count > 2 || position == parts.count - 1 && parts.count > 1 {
            let key = TextKeys.nameKey(String(word))
            // A full name takes over a key that only a surname with a title had ("Minister Araqchi").
            if fullNames[key] == nil || fullNames[key]?.contains(" ") == false && canonicalName.contains(" ") { fullNames[key] = canonicalName }
            // "al-Burhan" is also "Burhan"; "Jae-woong" is no surname of its own.
            if let particle = Extractor.nameParticlePrefixes.first(where: { word.lowercased().hasPrefix($0) }), word.count > particle.count + 2 {
                let bare = TextKeys.nameKey(String(word.dropFirst(particle.count)))
                if fullNames[bare] == nil || fullNames[bare]?.contains(" ") == false && canonicalName.contains(" ") { fullNames[bare] = canonicalName }
            }
        }
        mentions.append(Mention(position: position, name: canonicalName, role: role, opensSentence: opensSentence, speaks: speaks))
        if let role, roles[canonicalName] == nil { roles[canonicalName] = role }
    }

    /// The name to report: the database's canonical name, the full name of a surname, or an
    /// institution's actor.
    func canonical(_ name: String) -> String {
        let trimmed = name.trimmingWhitespace()
        if let known = known.find(trimmed) { return known }
        if let full = acronyms[trimmed] { return known.find(full) ?? full }
        let lower = trimmed.lowercased()
        if let institution = Extractor.institutions[lower] { return known.find(institution) ?? known.find(trimmed) ?? institution }
        if !trimmed.contains(" "), let full = fullNames[TextKeys.nameKey(trimmed)] { return known.find(full) ?? full }
        // A full name the article itself gives stays as it is written there.
        if trimmed.contains(" "), mentions.contains(where: { $0.name == trimmed }) { return trimmed }
        // A surname with its particle: "de Souza", "Van Dijk" for "Karin van Dijk".
        if trimmed.contains(" "), let last = trimmed.split(separator: " ").last, let full = fullNames[TextKeys.nameKey(String(last))],
           TextKeys.nameKey(full).hasSuffix(" " + TextKeys.nameKey(trimmed)) {
            return known.find(full) ?? full
        }
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

    /// Attributes a quote from its sentence, trying every rule in order: the first that finds a
    /// speaker wins, and the others' speakers are kept as candidates for the reviewer. The rules:
    /// the text after it (`“…,” X said`), a relative clause (`X, who reaffirmed …“…”`), a
    /// possessive (`X's call for “…”`), a participle with no subject (`…, telling reporters “…”`:
    /// the sentence's subject), the text before it (`X said: “…”`), `according to X`.
    func attribute(before: Range<Int>, after: Range<Int>, sentence: Range<Int>, isHeadline: Bool) -> Attribution? {
        let afterTokens = tokens(after)
        let beforeTokens = tokens(before)
        let sentenceTokens = tokens(sentence.lowerBound..<before.upperBound)
        var found: [Attribution] = []
        func add(_ speaker: Speaker?, _ confidence: Double, _ rule: String) {
            guard let speaker else { return }
            found.append(Attribution(speaker: speaker.name, role: speaker.role, confidence: confidence, rule: rule,
                                     span: speaker.span, anonymous: speaker.anonymous))
        }
        add(subjectAroundFirstVerb(afterTokens, limit: 10), 0.9, "“…,” X said")
        add(relativeClause(beforeTokens), 0.85, "X, who said “…”")
        add(possessive(beforeTokens), 0.8, "X's call for “…”")
        add(participleClause(beforeTokens, sentence: sentenceTokens), 0.8, "X …, saying “…” (the sentence's subject)")
        add(subjectOfLastVerb(beforeTokens), isHeadline ? 0.75 : 0.85, "X said “…”")
        add(closingAttribution(afterTokens), 0.8, "“…” …, X said.")
        add(accordingTo(tokens(sentence)), 0.8, "according to X")
        // A headline's "Zelenskyy: 'We will not…'".
        if isHeadline, beforeTokens.last?.text == ":" {
            add(subject(endingBefore: beforeTokens.count - 1, in: beforeTokens), 0.75, "Headline: “…”")
        }
        // A headline's one word is a speaker only when the article knows it ("Akazawa Says …"), not
        // a noun capitalized by the headline's style ("Launch Condemned As …").
        if isHeadline, let paragraph = article.paragraph(containing: sentence.lowerBound),
           let last = article.characters[article.paragraphs[paragraph]].last, !".!?”\"".contains(last) {
            let titleCase = isTitleCase(tokens(article.paragraphs[paragraph]))
            found.removeAll { found in
                guard !found.anonymous, !isKnownName(found.speaker) else { return false }
                // In a title-case headline every word is capitalized: a name there is one the article gives.
                return !found.speaker.contains(" ") || titleCase && !mentions.contains { $0.name == canonical(found.speaker) }
            }
        }
        guard var first = found.first else { return nil }
        var seen: Set<String> = [TextKeys.nameKey(canonical(first.speaker))]
        for other in found.dropFirst() where !other.anonymous && seen.insert(TextKeys.nameKey(canonical(other.speaker))).inserted {
            first.candidates.append(SpeakerCandidate(name: canonical(other.speaker), reason: "rule “\(other.rule)” gave it"))
        }
        // A pronoun: the last person named before it, when that is someone else.
        if let span = first.span, Extractor.pronouns.contains(article.text(span).lowercased()),
           let named = mentions.last(where: { $0.position < span.lowerBound && !$0.anonymous && isPerson($0.name) }),
           seen.insert(TextKeys.nameKey(named.name)).inserted {
            first.candidates.append(SpeakerCandidate(name: named.name, reason: "the last person named before the pronoun (a pronoun goes to the last speaker)"))
        }
        // People named in the sentence who are not its speaker: shown, not chosen.
        for mention in mentions where sentence.contains(mention.position) && seen.insert(TextKeys.nameKey(mention.name)).inserted {
            first.candidates.append(SpeakerCandidate(name: mention.name, reason: "named in the sentence, not as the one speaking"))
        }
        return first
    }

    /// The previous paragraph, when it ends with a colon and introduces the quote that opens
    /// this one (`Zelenskyy wrote:` / `“…”`).
    func attributeFromIntroducingParagraph(for sentence: Range<Int>, paragraph: Int) -> Attribution? {
        if paragraph > 0 {
            let previous = article.paragraphs[paragraph - 1]
            if article.characters[previous.upperBound - 1] == ":", sentence.lowerBound == article.paragraphs[paragraph].lowerBound,
               let found = subjectOfLastVerb(tokens(previous)) {
                return Attribution(speaker: found.name, role: found.role, confidence: 0.8, rule: "X said: (the quote in the next paragraph)",
                                   span: found.span, anonymous: found.anonymous)
            }
        }
        return nil
    }

    /// `said X` or `X said` among the first words.
    func subjectAroundFirstVerb(_ tokens: [Token], limit: Int) -> Speaker? {
        var tokens = tokens
        // “…,” X, who also serves as …, told reporters: the relative clause between the name and its verb.
        if let comma = tokens.prefix(6).firstIndex(where: { $0.text == "," }), comma > 0, comma + 1 < tokens.count,
           ["who", "whose"].contains(tokens[comma + 1].lower),
           let close = tokens[(comma + 2)...].prefix(16).firstIndex(where: { $0.text == "," }), close + 1 < tokens.count,
           Extractor.speechVerbs.contains(tokens[close + 1].lower) {
            tokens.removeSubrange(comma...close)
        }
        guard let verb = tokens.prefix(limit).firstIndex(where: { Extractor.speechVerbs.contains($0.lower) }) else { return nil }
        var depth = 0
        let onlyNameWords = tokens[..<verb].indices.allSatisfy { index in
            let token = tokens[index]
            if token.text == "(" { depth += 1 } else if token.text == ")" { depth -= 1 }
            return depth > 0 || !token.isWord || isNameOrRoleWord(token) || isNamePart(tokens, index)  // "Joanne Ou (歐江安) said", "al-Rashidi said"
                || Extractor.nameParticles.contains(token.text)
        }
        if onlyNameWords, let subject = subject(endingBefore: verb, in: tokens) {
            return subject
        }
        // said X — right after the quote, and X not the subject of a clause of its own ("and
        // said Becker had been “…”" is someone else's report of Becker).
        guard tokens[..<verb].allSatisfy({ !$0.isWord }) else { return nil }
        let rest = Array(tokens[(verb + 1)...])
        if let unnamed = unnamedSource(rest, from: 0) { return unnamed }
        if let role = rolePhrase(rest, from: 0) { return role }
        if let first = rest.first, inHeadline(first.range.lowerBound), let noun = headlineRoleNoun(rest) { return rolePhraseEnding(at: noun, in: rest) }
        var end = 0
        while end < rest.count, isNamePart(rest, end) || Extractor.titles.contains(rest[end].lower) { end += 1 }
        if end < rest.count, rest[end].isWord, !["on", "in", "at", "during", "after", "before", "when", "while", "as", "from", "to",
                                                 "who", "yesterday", "today", "late", "earlier", "later", "last", "this", "via",
                                                 "according", "adding", "noting", "before"].contains(rest[end].lower) {
            return nil
        }
        if end > 0, let (name, role) = splitName(Array(rest[..<end])), looksLikeSpeaker(name) {
            return Speaker(name: name, role: role, span: rest[0].range.lowerBound..<rest[end - 1].range.upperBound)
        }
        return nil
    }

    /// `“…” such moves, Lin said.`: a name and a verb of saying that close the sentence after
    /// a comma attribute the whole of it.
    func closingAttribution(_ after: [Token]) -> Speaker? {
        var end = after.count
        while end > 0, !after[end - 1].isWord { end -= 1 }
        // The verb may have a short object: "…, Kato, the spokesman, told a news conference."
        var verb = end
        while verb > 0, end - verb < 4, after[verb - 1].isWord, !Extractor.speechVerbs.contains(after[verb - 1].lower) { verb -= 1 }
        if verb > 0, end - verb < 4, ["told", "tells", "telling", "said", "says"].contains(after[verb - 1].lower) { end = verb }
        guard end >= 3, Extractor.speechVerbs.contains(after[end - 1].lower) else { return nil }
        guard let found = subject(endingBefore: end - 1, in: after), let span = found.span,
              let start = after.firstIndex(where: { $0.range.lowerBound == span.lowerBound }), start > 0,
              after[start - 1].text == "," else { return nil }
        return found
    }

    func isNameOrRoleWord(_ token: Token) -> Bool {
        token.isCapitalized || Extractor.titles.contains(token.lower) || Extractor.pronouns.contains(token.lower)
            || Extractor.roleNouns.contains(token.lower) || Self.skippable.contains(token.lower) || ["who", "the", "a", "an"].contains(token.lower)
            || token.text == "(" || token.text == ")"
    }

    /// The speaker before the last speech verb, trying earlier verbs when one has no subject
    /// ("Mao Ning said, adding that …").
    func subjectOfLastVerb(_ tokens: [Token]) -> Speaker? {
        for index in tokens.indices.reversed() where Extractor.speechVerbs.contains(tokens[index].lower) || issuesStatement(tokens, at: index) {
            if let noun = tokens[(index + 1)...].prefix(4).firstIndex(where: { Self.statementNouns.contains($0.lower) }),
               let unnamed = unnamedOwner(of: noun, in: tokens) {
                return unnamed
            }
            if let found = subject(endingBefore: index, in: tokens) { return found }
        }
        return nil
    }

    /// `issued a statement:`, `released an official communique saying`: a verb of publishing
    /// with a statement as its object speaks like a verb of saying.
    func issuesStatement(_ tokens: [Token], at index: Int) -> Bool {
        guard ["issued", "issues", "released", "releases", "published", "publishes"].contains(tokens[index].lower) else { return false }
        return tokens[(index + 1)...].prefix(4).contains { Self.statementNouns.contains($0.lower) }
    }

    /// `a spokesperson's statement`: the words are an unnamed spokesperson's, not those of
    /// the institution that issued them (nor of a name in it).
    func unnamedOwner(of noun: Int, in tokens: [Token]) -> Speaker? {
        guard noun > 0, tokens[noun - 1].isPossessive, Extractor.roleNouns.contains(tokens[noun - 1].withoutPossessive.lowercased()) else { return nil }
        let role = tokens[noun - 1].withoutPossessive.lowercased()
        return Speaker(name: "an unnamed \(role)", role: role, span: tokens[noun - 1].range, anonymous: true)
    }

    static let statementNouns: Set<String> = ["statement", "proclamation", "communique", "communiqué", "declaration", "announcement"]

    /// Whether one word names someone the article or the database knows: a surname of a full
    /// name, a state, an institution, an armed group.
    func isKnownName(_ word: String) -> Bool {
        let lower = word.lowercased()
        return fullNames[TextKeys.nameKey(word)] != nil || known.find(word) != nil || Extractor.states.contains(lower)
            || Extractor.institutions[lower] != nil || Extractor.groupNames.contains(lower) || Extractor.organizationNames.contains(lower)
    }

    /// Whether a position lies in a headline (or the line under it).
    func inHeadline(_ position: Int) -> Bool {
        guard !headlineParagraphs.isEmpty, let paragraph = article.paragraph(containing: position) else { return false }
        return headlineParagraphs.contains(paragraph)
    }

    /// The role noun ending a role phrase that opens the tokens ("EU climate commissioner",
    /// "UN secretary general"), when the phrase has no determiner: the headline's way of naming.
    func headlineRoleNoun(_ tokens: [Token]) -> Int? {
        var index = 0
        var noun: Int?
        while index < tokens.count, index < 6, tokens[index].isWord, !tokens[index].isPossessive,
              !Extractor.speechVerbs.contains(tokens[index].lower), !["the", "a", "an"].contains(tokens[index].lower) {
            if Extractor.roleNouns.contains(tokens[index].lower) { noun = index }
            else if noun != nil { break }
            index += 1
        }
        return noun
    }

    /// Words of a time between a noun and what it carries: "a speech on Tuesday announcing".
    static let timeWords: Set<String> = ["on", "late", "early", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday", "yesterday", "today", "night", "morning", "evening", "afternoon", "earlier"]

    /// Words between a subject and its verb: "Kim was quoted saying", "Fidan also said".
    static let skippable: Set<String> = ["also", "later", "then", "again", "has", "had", "have", "was", "is", "were", "reportedly",
                                         "repeatedly", "once", "further", "recently", "previously", "publicly", "quickly", "firmly",
                                         "separately", "separtely", "earlier", "late", "yesterday", "today", "on", "monday", "tuesday",
                                         "wednesday", "thursday", "friday", "saturday", "sunday", "quoted", "as", "being"]

    /// The name (or pronoun, or role noun) right before a verb, with its role.
    func subject(endingBefore verb: Int, in tokens: [Token], afterPreposition: Bool = false) -> Speaker? {
        var end = verb
        while end > 0, Self.skippable.contains(tokens[end - 1].lower), !(tokens[end - 1].lower == "on" && end == verb) { end -= 1 }
        // A name's parenthetical: "Joanne Ou (歐江安) said".
        if end > 0, tokens[end - 1].text == ")", let open = tokens[..<(end - 1)].lastIndex(where: { $0.text == "(" }), end - open <= 8 {
            end = open
        }
        guard end > 0 else { return nil }
        let last = tokens[end - 1]
        if Extractor.pronouns.contains(last.lower) {
            return resolvePronoun(at: last.range.lowerBound).map { Speaker(name: $0.name, role: $0.role, span: last.range, anonymous: $0.anonymous) }
        }
        if Extractor.roleNouns.contains(last.lower), let role = rolePhraseEnding(at: end - 1, in: tokens) { return role }
        if let institution = institutionPhrase(endingBefore: end, in: tokens) { return institution }
        // "The envoy of Sudan's military leader said": the role before "of" is the subject.
        if let of = tokens[..<end].suffix(7).lastIndex(where: { $0.lower == "of" }), of >= 2,
           Extractor.roleNouns.contains(tokens[of - 1].lower), let role = rolePhraseEnding(at: of - 1, in: tokens) {
            return role
        }
        if last.text == "," {
            // "The envoy, Dafallah Alhaj, said": the name between the commas, the role before.
            if let open = tokens[..<(end - 1)].lastIndex(where: { $0.text == "," }), open > 0 {
                if let named = name(endingBefore: end - 1, in: tokens), let nameStart = tokens.firstIndex(where: { $0.range.lowerBound == named.span?.lowerBound }),
                   nameStart == open + 1 {
                    if let role = rolePhraseEnding(at: open - 1, in: tokens) {
                        return Speaker(name: named.name, role: role.role ?? named.role, span: named.span)
                    }
                    // "A spokesman for the European Commission, Olof Gill,", "Canada's foreign minister, Mélanie Joly,".
                    var start = open
                    while start > 0, open - start < 8, tokens[start - 1].isWord || tokens[start - 1].isPossessive, tokens[start - 1].text != "," { start -= 1 }
                    let phrase = tokens[start..<open]
                    if phrase.contains(where: { Extractor.roleNouns.contains($0.lower) }) {
                        let words = phrase.drop { ["a", "an", "the"].contains($0.lower) }.map(\.text)
                        return Speaker(name: named.name, role: words.joined(separator: " "), span: named.span)
                    }
                }
                // "Viktor Orbán, a frequent critic of the bloc, told …": the name before the appositive,
                // with its role when the appositive gives one ("Peskov, the Kremlin spokesman,").
                if end - 1 - open <= 12, var found = subject(endingBefore: open, in: tokens) {
                    let appositive = tokens[(open + 1)..<(end - 1)]
                    if found.role == nil, let first = appositive.first, ["the", "a", "an"].contains(first.lower),
                       appositive.contains(where: { Extractor.roleNouns.contains($0.lower) }) {
                        found.role = appositive.dropFirst().map(\.text).joined(separator: " ")
                    }
                    return found
                }
            }
            return nil
        }
        if let unnamed = unnamedSourceEnding(at: end, in: tokens) { return unnamed }
        // "The North has claimed": the state the article names in full ("North Korea").
        if end >= 2, ["north", "south"].contains(last.lower), tokens[end - 2].lower == "the", let state = stateNamed(startingWith: last.text) {
            return Speaker(name: state, role: nil, span: tokens[end - 2].range.lowerBound..<last.range.upperBound)
        }
        return name(endingBefore: end, in: tokens, afterPreposition: afterPreposition)
    }

    /// A run of name words ending right before `end`, titles and roles taken off; nil after a
    /// preposition ("in New York", "at the Munich Security Conference": a place or an event).
    func name(endingBefore end: Int, in tokens: [Token], afterPreposition: Bool = false) -> Speaker? {
        var start = end
        while start > 0, isNamePart(tokens, start - 1) { start -= 1 }
        // A surname with its particle: "de Souza said".
        while start > 0, start < end, Extractor.nameParticles.contains(tokens[start - 1].text) { start -= 1 }
        guard start < end else { return nil }
        // An institution's name with "of": "the Ministry of Foreign Affairs", "Department of Commerce".
        if start >= 2, tokens[start - 1].lower == "of", tokens[start - 2].isCapitalized,
           ["ministry", "department", "office", "bureau", "agency", "council", "commission", "committee"].contains(tokens[start - 2].lower) {
            var first = start - 2
            while first > 0, tokens[first - 1].isCapitalized, tokens[first - 1].isWord, !tokens[first - 1].isPossessive,
                  !["the", "a", "an"].contains(tokens[first - 1].lower), start - first < 8 { first -= 1 }
            var before = first
            while before > 0, ["the", "a", "an"].contains(tokens[before - 1].lower) { before -= 1 }
            if before > 0, !afterPreposition, Extractor.prepositions.contains(tokens[before - 1].lower) { return nil }
            let phrase = tokens[first..<end].map(\.withoutPossessive).joined(separator: " ")
            return Speaker(name: phrase, role: nil, span: tokens[first].range.lowerBound..<tokens[end - 1].range.upperBound)
        }
        // Lower-case role words before the name: "foreign ministry spokeswoman Mao Ning", "Hamas official".
        var roleStart = start
        while roleStart > 0, Extractor.titles.contains(tokens[roleStart - 1].lower) || Extractor.roleNouns.contains(tokens[roleStart - 1].lower)
                || roleStart < start && tokens[roleStart - 1].isCapitalized && tokens[roleStart - 1].isWord && Extractor.roleNouns.contains(tokens[roleStart].lower),
              tokens[roleStart - 1].lower != "the" { roleStart -= 1 }
        var before = roleStart
        while before > 0, ["the", "a", "an"].contains(tokens[before - 1].lower) { before -= 1 }
        if before > 0, !afterPreposition, Extractor.prepositions.contains(tokens[before - 1].lower) { return nil }
        guard let (name, role) = splitName(Array(tokens[start..<end])), looksLikeSpeaker(name) else { return nil }
        let leading = tokens[roleStart..<start].map(\.text)
        let fullRole = (leading + (role.map { [$0] } ?? [])).joined(separator: " ")
        return Speaker(name: name, role: fullRole.isEmpty ? nil : fullRole, span: tokens[roleStart].range.lowerBound..<tokens[end - 1].range.upperBound)
    }

    /// `the Egyptian minister`, `The North Korean leader`, `the official`: the last person named
    /// (or the last speaker) with that role, when the role noun ends at `index`.
    func rolePhraseEnding(at index: Int, in tokens: [Token]) -> Speaker? {
        guard index >= 0, index < tokens.count, Extractor.roleNouns.contains(tokens[index].lower) else { return nil }
        var start = index
        while start > 0, start > index - 5, !["the", "a", "an"].contains(tokens[start - 1].lower),
              tokens[start - 1].isWord, tokens[start - 1].isCapitalized || Extractor.titles.contains(tokens[start - 1].lower) { start -= 1 }
        // "a senior European diplomat", "the veteran envoy": plain adjectives too, up to the determiner.
        if start > 0, !["the", "a", "an"].contains(tokens[start - 1].lower) {
            var back = start
            while back > 0, back > index - 5, tokens[back - 1].isWord, !["the", "a", "an"].contains(tokens[back - 1].lower),
                  !Extractor.speechVerbs.contains(tokens[back - 1].lower), !Extractor.prepositions.contains(tokens[back - 1].lower) { back -= 1 }
            if back > 0, ["the", "a", "an"].contains(tokens[back - 1].lower) { start = back }
        }
        // A headline names by role with no determiner: "Trade minister says …", "…, says EU climate commissioner".
        if inHeadline(tokens[index].range.lowerBound) {
            var back = index
            while back > 0, index - back < 5, tokens[back - 1].isWord, !["the", "a", "an"].contains(tokens[back - 1].lower),
                  !Extractor.speechVerbs.contains(tokens[back - 1].lower), !Extractor.prepositions.contains(tokens[back - 1].lower) { back -= 1 }
            if back == 0 || !tokens[back - 1].isWord || Extractor.speechVerbs.contains(tokens[back - 1].lower) {
                guard let found = resolveRole(tokens[index].lower, at: tokens[index].range.lowerBound) else { return nil }
                return Speaker(name: found.name, role: found.role, span: tokens[back].range.lowerBound..<tokens[index].range.upperBound,
                               anonymous: found.anonymous)
            }
        }
        guard start > 0 else { return nil }
        let article = tokens[start - 1].lower
        let span = tokens[start - 1].range.lowerBound..<tokens[index].range.upperBound
        if article == "a" || article == "an" {
            let words = tokens[start...index].map(\.text).joined(separator: " ")
            return Speaker(name: "an unnamed \(words)", role: words, span: span, anonymous: true)
        }
        guard article == "the" else { return nil }
        guard let found = resolveRole(tokens[index].lower, at: tokens[index].range.lowerBound) else { return nil }
        return Speaker(name: found.name, role: found.role, span: span, anonymous: found.anonymous)
    }

    /// `North Korea's foreign ministry`, `the Chinese foreign ministry`, `Sudan's army`: an
    /// institution of a state speaking; `the group`, `the ministry`, `the paramilitary force`:
    /// the last institution that spoke.
    func institutionPhrase(endingBefore end: Int, in tokens: [Token]) -> Speaker? {
        guard end > 0, Extractor.institutionNouns.contains(tokens[end - 1].lower), !tokens[end - 1].isCapitalized else { return nil }
        var start = end - 1
        while start > 0, end - start < 4, tokens[start - 1].isWord, !tokens[start - 1].isCapitalized, !tokens[start - 1].isPossessive,
              !["the", "a", "an", "and", "or", "but", "that"].contains(tokens[start - 1].lower), !Extractor.speechVerbs.contains(tokens[start - 1].lower) { start -= 1 }
        guard start > 0 else { return nil }
        let span = tokens[start - 1].range.lowerBound..<tokens[end - 1].range.upperBound
        let owner = tokens[start - 1]
        if owner.lower == "the" {
            // "the group": the last organization that spoke, else (a group, a movement) the last armed group named.
            if let last = speakers.last(where: { !$0.anonymous && Extractor.kind(of: canonical($0.name), behalf: [], known: known) == .organization }) {
                return Speaker(name: last.name, role: last.role, span: span)
            }
            guard Self.groupNouns.contains(tokens[end - 1].lower),
                  let group = groupMentions.last(where: { $0.position < tokens[end - 1].range.lowerBound }) else { return nil }
            return Speaker(name: group.name, role: nil, span: span)
        }
        // The owner: a possessive ("North Korea's") or a nationality ("Chinese"), with the capitalized words before it.
        guard owner.isPossessive || Extractor.nationalities[owner.lower] != nil, owner.isCapitalized else { return nil }
        var first = start - 1
        while first > 0, tokens[first - 1].isCapitalized, tokens[first - 1].isWord, !tokens[first - 1].isPossessive, first > start - 4 { first -= 1 }
        if first > 0, Extractor.prepositions.contains(tokens[first - 1].lower) { return nil }
        let words = tokens[first..<end].map { $0.text.replacingOccurrences(of: "’", with: "'") }
        return Speaker(name: words.joined(separator: " "), role: nil, span: tokens[first].range.lowerBound..<tokens[end - 1].range.upperBound)
    }

    /// Nouns that stand for an armed group or a movement named before: "the militant group".
    static let groupNouns: Set<String> = ["group", "movement", "militia", "faction", "organisation", "organization"]

    /// `the official` / `the North Korean leader` at `from`.
    func rolePhrase(_ tokens: [Token], from index: Int) -> Speaker? {
        guard index < tokens.count, tokens[index].lower == "the" else { return nil }
        var end = index + 1
        while end < tokens.count, end < index + 6, tokens[end].isWord, !Extractor.roleNouns.contains(tokens[end].lower),
              tokens[end].isCapitalized || Extractor.titles.contains(tokens[end].lower) { end += 1 }
        guard end < tokens.count else { return nil }
        return rolePhraseEnding(at: end, in: tokens)
    }

    /// `a Palestinian official close to the group`, `a senior Hamas official`, `officials`: a
    /// speaker the text does not name. Attributed to nobody (a reviewer names them or not), but
    /// it stops a pronoun from reaching back past it.
    func unnamedSource(_ tokens: [Token], from index: Int) -> Speaker? {
        guard index < tokens.count, ["a", "an"].contains(tokens[index].lower) else { return nil }
        var end = index + 1
        while end < tokens.count, end < index + 6, tokens[end].isWord, !Extractor.roleNouns.contains(tokens[end].lower) { end += 1 }
        guard end < tokens.count, Extractor.roleNouns.contains(tokens[end].lower) else { return nil }
        return rolePhraseEnding(at: end, in: tokens)
    }

    func unnamedSourceEnding(at end: Int, in tokens: [Token]) -> Speaker? {
        // "a Palestinian official close to the militant group told": the role noun, then a short tail.
        var index = end - 1
        while index >= 0, index >= end - 7, !Extractor.roleNouns.contains(tokens[index].lower) {
            if [",", ".", ";", ":"].contains(tokens[index].text) { return nil }
            index -= 1
        }
        guard index >= 0, Extractor.roleNouns.contains(tokens[index].lower) else { return nil }
        var start = index
        while start > 0, start > index - 5, tokens[start - 1].isWord, !["a", "an", "the"].contains(tokens[start - 1].lower) { start -= 1 }
        guard start > 0, ["a", "an"].contains(tokens[start - 1].lower) else { return nil }
        // "the minister" is not unnamed; a tail with a name in it ("an aide to Trump") stays unnamed too.
        return rolePhraseEnding(at: index, in: tokens)
    }

    /// The state whose name starts with the word ("North" → "North Korea") that the article
    /// names, when it names only one such state.
    func stateNamed(startingWith word: String) -> String? {
        let named = Extractor.states.filter { $0.hasPrefix(word.lowercased() + " ") }.compactMap { state -> String? in
            let title = state.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
            return text.contains(title) ? title : nil
        }
        return named.count == 1 ? named[0] : nil
    }

    func looksLikeSpeaker(_ name: String) -> Bool {
        let lower = name.lowercased()
        if Extractor.notNames.contains(lower) { return false }
        if Extractor.institutions[lower] != nil || known.find(name) != nil { return true }
        let words = lower.split(separator: " ")
        // Events and places are not speakers: "Munich Security Conference", "Gaza Strip".
        if let last = words.last, Extractor.eventWords.contains(String(last)) { return false }
        if words.contains(where: { Extractor.newsAgencies.contains(String($0)) }) { return false }
        if ["truth social", "facebook", "telegram", "twitter", "instagram", "youtube", "tiktok", "weibo", "wechat"].contains(where: { lower.contains($0) }) {
            return false
        }
        // "al-Rashidi", "de Souza": a particle may open a surname.
        if let first = name.split(separator: " ").first, Extractor.nameParticles.contains(String(first)) || Extractor.nameParticlePrefixes.contains(where: { first.hasPrefix($0) }) {
            return name.contains { $0.isUppercase }
        }
        return name.first?.isUppercase ?? false
    }

    /// `X, who reaffirmed …“…”`, `X, who on the campaign trail had claimed …“…”`.
    func relativeClause(_ tokens: [Token]) -> Speaker? {
        guard let who = tokens.lastIndex(where: { $0.lower == "who" }), who >= 2, tokens[who - 1].text == ",",
              tokens[(who + 1)...].prefix(8).contains(where: { Extractor.speechVerbs.contains($0.lower) }) else { return nil }
        // "Trump spoke with Volodymyr Zelenskyy, who reaffirmed …": the relative clause's own subject.
        return subject(endingBefore: who - 1, in: tokens, afterPreposition: true)
    }

    /// `X's call for “…”`, `X's “…”` — a person's, not a country's (`Ukraine's “desire”` is
    /// the desire of whoever speaks for Ukraine).
    func possessive(_ tokens: [Token]) -> Speaker? {
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
        return Speaker(name: name, role: role, span: tokens[start].range.lowerBound..<tokens[index].range.upperBound)
    }

    /// `Netanyahu dismissed the proposal, calling it “bizarre”`, `…, stating, “…”`,
    /// `…, telling reporters “…”`: a participle after a comma has no subject of its own; the
    /// speaker is the subject of the sentence (a name, a pronoun or `the minister` at its start,
    /// after an opening phrase such as "Addressing the summit,").
    func participleClause(_ before: [Token], sentence: [Token]) -> Speaker? {
        guard let participle = before.lastIndex(where: { Extractor.participles.contains($0.lower) }), participle > 0,
              before.count - participle <= 14 else { return nil }
        // "…, with foreign ministry spokesman Lin Jian saying Beijing “…”": the name before it.
        if before[participle - 1].isWord, isNamePart(before, participle - 1),
           let named = name(endingBefore: participle, in: before, afterPreposition: true) {
            return named
        }
        // Without a comma only right after a noun of speaking, a time between them allowed: "made a
        // televised speech announcing a “…”", "gave a speech on Tuesday announcing a “…”".
        var noun = participle - 1
        while noun > 0, participle - noun <= 3, Self.timeWords.contains(before[noun].lower) { noun -= 1 }
        let afterSpeechNoun = ["speech", "statement", "address", "remarks", "interview", "post", "message", "video"].contains(before[noun].lower)
        guard before[participle - 1].text == "," || afterSpeechNoun else { return nil }
        if afterSpeechNoun, let unnamed = unnamedOwner(of: noun, in: before) { return unnamed }
        guard let comma = sentence.firstIndex(where: { $0.range == before[participle - 1].range }).map({ afterSpeechNoun ? $0 + 1 : $0 }) else { return nil }
        // "…, the government said, adding “…”": the participle goes with the speaker of the verb right before it.
        if !afterSpeechNoun, comma >= 2, Extractor.speechVerbs.contains(sentence[comma - 1].lower), !sentence[comma - 1].isCapitalized,
           let speaker = subject(endingBefore: comma - 1, in: Array(sentence[..<comma])) {
            return speaker
        }
        var start = 0
        // An opening phrase: "Addressing Hamas’s involvement, Abdelatty confirmed…".
        if let first = sentence.first, first.lower.hasSuffix("ing") || ["in", "on", "at", "after", "during", "asked", "speaking"].contains(first.lower),
           let openingComma = sentence[..<comma].firstIndex(where: { $0.text == "," }) {
            start = openingComma + 1
        }
        // A dateline: "OSLO, May 2 (Reuters) - …".
        if let dateline = sentence[start..<comma].prefix(10).lastIndex(where: { ["—", "–", "-", ":"].contains($0.text) }),
           sentence[start..<dateline].allSatisfy({ !$0.isWord || $0.isCapitalized || $0.text.first?.isNumber == true }) {
            start = dateline + 1
        }
        let clause = Array(sentence[start..<comma])
        guard let first = clause.first else { return nil }
        // "Norway's army chief, General Ola Berg, made a speech …": the name between the commas.
        if let open = clause.prefix(8).firstIndex(where: { $0.text == "," }),
           let close = clause[(open + 1)...].prefix(8).firstIndex(where: { $0.text == "," }), close > open + 1,
           close + 1 < clause.count, clause[close + 1].isWord, !clause[close + 1].isCapitalized,
           clause[..<open].contains(where: { Extractor.roleNouns.contains($0.lower) }),
           let named = subject(endingBefore: close + 1, in: clause) {
            return named
        }
        if Extractor.pronouns.contains(first.lower) {
            return resolvePronoun(at: first.range.lowerBound).map { Speaker(name: $0.name, role: $0.role, span: first.range, anonymous: $0.anonymous) }
        }
        if first.lower == "the", let role = rolePhrase(clause, from: 0) { return role }
        if let unnamed = unnamedSource(clause, from: 0) { return unnamed }
        if inHeadline(first.range.lowerBound), let noun = headlineRoleNoun(clause) { return rolePhraseEnding(at: noun, in: clause) }
        // The name run that opens the clause, up to its verb.
        var end = 0
        while end < clause.count, isNamePart(clause, end) || Extractor.titles.contains(clause[end].lower) || clause[end].isPossessive { end += 1 }
        guard end > 0, end < clause.count, !clause[end - 1].isPossessive else { return nil }
        return name(endingBefore: end, in: clause)
    }

    /// Whether "he" or "she" may stand for a speaker: not a state ("Norway") nor an
    /// organization ("the Interior Ministry"); a one-word name ("Lula") may be a person.
    func isPersonalSpeaker(_ name: String, role: String?) -> Bool {
        let name = canonical(name)
        return Extractor.kind(of: name, behalf: [], known: known) == .person
    }

    func isPerson(_ name: String) -> Bool {
        if let kind = known.kinds[name] { return kind == .person }
        return name.split(separator: " ").count >= 2 || fullNames[TextKeys.nameKey(name)] != nil
    }

    /// `according to X`.
    func accordingTo(_ tokens: [Token]) -> Speaker? {
        guard let index = tokens.indices.first(where: { tokens[$0].lower == "according" && $0 + 1 < tokens.count && tokens[$0 + 1].lower == "to" }) else { return nil }
        let rest = Array(tokens[(index + 2)...])
        var end = 0
        while end < rest.count, isNamePart(rest, end) || Extractor.titles.contains(rest[end].lower) { end += 1 }
        guard end > 0, let (name, role) = splitName(Array(rest[..<end])), looksLikeSpeaker(name) else { return nil }
        return Speaker(name: name, role: role, span: rest[0].range.lowerBound..<rest[end - 1].range.upperBound)
    }

    /// `he`, `she`: the last speaker or the last person who opened a sentence as its subject,
    /// whichever came later; a person named in passing ("…the reelection of Donald Trump")
    /// does not take the pronoun. Without either, the last person named.
    func resolvePronoun(at position: Int) -> Speaker? {
        // "He" and "she" are people: a state or an institution that spoke since does not take them.
        let personal = article.text(position..<(position + 4)).lowercased().hasPrefix("they") == false
        let speaker = speakers.last { $0.position < position && !(personal && !$0.anonymous && !isPersonalSpeaker($0.name, role: $0.role)) }
        let opener = mentions.last { $0.position < position && $0.opensSentence && ($0.anonymous || isPerson($0.name)) }
        switch (speaker, opener) {
        case let (speaker?, opener?):
            return opener.position > speaker.position ? Speaker(name: opener.name, role: opener.role, anonymous: opener.anonymous)
                : Speaker(name: speaker.name, role: speaker.role, anonymous: speaker.anonymous)
        case let (speaker?, nil): return Speaker(name: speaker.name, role: speaker.role, anonymous: speaker.anonymous)
        case let (nil, opener?): return Speaker(name: opener.name, role: opener.role, anonymous: opener.anonymous)
        case (nil, nil):
            guard let mention = mentions.last(where: { $0.position < position && ($0.anonymous || isPerson($0.name)) }) else { return nil }
            return Speaker(name: mention.name, role: mention.role, anonymous: mention.anonymous)
        }
    }

    /// `the minister`: the last person named with that role, else the last speaker with it, else
    /// the next person named with it ("The envoy … said … The envoy, Dafallah Alhaj, said").
    func resolveRole(_ noun: String, at position: Int) -> Speaker? {
        let named = mentions.last { $0.position < position && ($0.role?.lowercased().contains(noun) ?? false) }
        let spoke = speakers.last { $0.position < position && ($0.role?.lowercased().contains(noun) ?? false) }
        if let named, spoke.map({ $0.position < named.position }) ?? true { return Speaker(name: named.name, role: named.role, anonymous: named.anonymous) }
        if let spoke { return Speaker(name: spoke.name, role: spoke.role, anonymous: spoke.anonymous) }
        if let next = mentions.first(where: { $0.position > position && !$0.anonymous && ($0.role?.lowercased().contains(noun) ?? false) }) {
            return Speaker(name: next.name, role: next.role)
        }
        // "The Iranian Foreign Minister also said": the last speaker, when nobody else was named with a role.
        // Only close by: a paragraph or more without them ("Next up is Pakistan") and "the representative" is someone new.
        if let last = speakers.last(where: { $0.position < position && !$0.anonymous }),
           let here = article.paragraph(containing: position), let there = article.paragraph(containing: last.position), here - there <= 1,
           !mentions.contains(where: { $0.position > last.position && $0.position < position && $0.role != nil }) {
            return Speaker(name: last.name, role: last.role)
        }
        return nil
    }

    /// A date the text gives for the speaker's words before `position`: the last sentence that
    /// opens with the speaker and a speech verb and dates itself ("Abdelatty said late Sunday
    /// that…"): quotes of the same event that do not date themselves carry it.
    func dateGiven(for speaker: String, before position: Int, saidOn: (String) -> PartialDate?) -> PartialDate? {
        var date: PartialDate?
        eventSentences(for: speaker, before: position) { sentence in
            date = saidOn(sentence.text)
            return date == nil
        }
        return date
    }

    /// The medium the last sentence about the speaker's words gives ("Hayashi condemned the
    /// launch at a press conference."), when it is at most two paragraphs before.
    func mediumGiven(for speaker: String, before position: Int, role: String?) -> String? {
        guard let paragraph = article.paragraph(containing: position) else { return nil }
        var medium: String?
        eventSentences(for: speaker, before: position) { sentence in
            guard paragraph - sentence.paragraph <= 2 else { return false }
            medium = Extractor.medium(sentence: sentence.text, role: nil)
            return medium == nil
        }
        return medium
    }

    /// The sentences, last first, that open with the speaker and tell of their words (a speech
    /// verb, a participle, or a medium: "made a televised speech"), quotations left out, each
    /// given to `visit` until it returns false.
    func eventSentences(for speaker: String, before position: Int, _ visit: ((text: String, paragraph: Int)) -> Bool) {
        // "A spokesperson for the president said Sunday … Kim Eun-hye, the spokesperson, …": the
        // unnamed source the text names next, by the same role noun, is the speaker.
        let first = mentions.first { $0.name == speaker }
        let roleNoun = roles[speaker].flatMap { $0.lowercased().split(separator: " ").last.map(String.init) }
        func isSpeaker(_ mention: Mention) -> Bool {
            if mention.name == speaker { return mention.opensSentence || mention.speaks }
            guard mention.anonymous, let first, let roleNoun, mention.position < first.position,
                  let here = article.paragraph(containing: mention.position), let there = article.paragraph(containing: first.position),
                  there - here <= 1, mention.role?.lowercased().split(separator: " ").last.map(String.init) == roleNoun else { return false }
            return !mentions.contains { $0.position > mention.position && $0.position < first.position && $0.anonymous }
        }
        for mention in mentions.reversed() where mention.position < position && mention.event != nil && isSpeaker(mention) {
            guard let event = mention.event, visit(event) else { return }
        }
    }

    /// The event sentence of each mention that may open one (see `eventSentences`), computed once.
    mutating func learnEvents() {
        for index in mentions.indices where mentions[index].opensSentence || mentions[index].speaks || mentions[index].anonymous {
            let position = mentions[index].position
            guard let sentence = self.sentence(around: position), let paragraph = article.paragraph(containing: position) else { continue }
            let words = tokens(sentence)
            guard words.contains(where: { Extractor.speechVerbs.contains($0.lower) || Extractor.participles.contains($0.lower)
                || ["speech", "statement", "interview", "conference", "briefing", "remarks", "comments"].contains($0.lower) }) else { continue }
            var text = ""
            var start = sentence.lowerBound
            for quote in quoteRanges where quote.lowerBound >= sentence.lowerBound && quote.upperBound <= sentence.upperBound {
                text += article.text(start..<quote.lowerBound) + " … "
                start = quote.upperBound
            }
            text += article.text(start..<sentence.upperBound)
            mentions[index].event = (text, paragraph)
        }
    }

    // MARK: On whose behalf

    /// `Egyptian Foreign Minister`, `Rwanda’s Environment Minister`, `Iran's envoy`: a minister,
    /// an envoy, an ambassador or a government's official speaks for the state the role names.
    /// (A head of state or government, "US President", speaks as themselves: no behalf.)
    func stateOfMinister(_ role: String) -> String? {
        let words = role.split(separator: " ").map { String($0) }
        let lower = words.map { $0.lowercased() }
        let ministerial = role.lowercased().contains("secretary of state") || role.lowercased().contains("foreign secretary")
        guard ministerial || lower.contains(where: { ["minister", "ambassador", "envoy", "negotiator", "diplomat", "delegate", "representative"].contains($0) }),
              !lower.contains("prime"), !lower.contains(where: { $0.hasPrefix("spokes") || $0 == "ministry" }) else { return nil }
        for word in words {
            let bare = word.hasSuffix("'s") || word.hasSuffix("’s") ? String(word.dropLast(2)) : word
            if let state = Extractor.nationalities[bare.lowercased()] { return state }
            if Extractor.states.contains(bare.lowercased()), bare.first?.isUppercase == true, bare.count > 2 { return bare }
        }
        // "The European Union's top diplomat": the owner the possessive names.
        if let possessive = words.firstIndex(where: { ($0.hasSuffix("'s") || $0.hasSuffix("’s")) && $0.first?.isUppercase == true }) {
            var start = possessive
            while start > 0, words[start - 1].first?.isUppercase == true, !["The", "A", "An"].contains(words[start - 1]) { start -= 1 }
            let owner = (words[start..<possessive] + [String(words[possessive].dropLast(2))]).joined(separator: " ")
            return owner
        }
        return nil
    }

    /// The organization a spokesperson speaks for: `foreign ministry spokeswoman Mao Ning` →
    /// China's foreign ministry (the country from the role itself, the article's own "China's
    /// foreign ministry", or the database's affiliation); `Kremlin spokesman` → Kremlin.
    func onBehalfOf(speaker: String?, role: String?) -> String? {
        guard let speaker, let role else { return nil }
        let lower = role.lowercased()
        if let state = stateOfMinister(role) { return known.find(state) ?? state }
        let speaksFor = ["official", "representative", "negotiator", "spokesman", "spokeswoman", "spokesperson", "leader", "commander"]
        // "Hamas official", "a senior Hamas official", "spokesman for the Kremlin".
        let organizationRole = role.split(separator: " ").count >= 2 && speaksFor.contains { lower.hasSuffix(" " + $0) || lower.contains(" \($0) for ") }
            && role.split(separator: " ").contains { $0.first?.isUppercase == true && Extractor.nationalities[$0.lowercased()] == nil } || lower.contains(" for ")
        guard lower.contains("spokes") || organizationRole || Extractor.organizationWords.contains(where: { lower.contains($0) }) else { return nil }
        let personWords: Set<String> = ["spokeswoman", "spokesman", "spokesperson", "deputy", "head", "chief", "official", "the",
                                        "aide", "press", "secretary", "of", "for", "a", "an", "senior", "representative", "negotiator",
                                        "leader", "commander", "top"]
        let organization = role.split(separator: " ").map(String.init).filter { !personWords.contains($0.lowercased()) }
        guard !organization.isEmpty else { return known.organizations[speaker] }
        let phrase = organization.joined(separator: " ")
        if let known = known.find(phrase) { return known }
        // "Chinese Foreign Ministry", "Kremlin": the role names the organization itself (not
        // "Foreign ministry", capitalized only because it opens the sentence).
        let sentenceCase = organization.count > 1 && organization.dropFirst().allSatisfy { $0.first?.isLowercase == true }
            && Extractor.titles.contains(organization[0].lowercased())
        if organization[0].first?.isUppercase == true, !sentenceCase {
            return known.find(phrase) ?? phrase
        }
        let phraseLower = sentenceCase ? phrase.lowercased() : phrase
        if let known = known.organizations[speaker], TextKeys.nameKey(known).contains(TextKeys.nameKey(phraseLower)) { return known }
        // "foreign ministry": the article's own "China's foreign ministry" or "Chinese foreign ministry".
        let pattern = "\\b[A-Z][\\p{L}]+(['’]s)? " + NSRegularExpression.escapedPattern(for: phraseLower)
        if let match = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
            let found = String(text[match]).replacingOccurrences(of: "’", with: "'")
            if found.first?.isUppercase == true { return known.find(found) ?? found }
        }
        return known.organizations[speaker]
    }
}
