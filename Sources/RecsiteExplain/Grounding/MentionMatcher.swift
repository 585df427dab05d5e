import RecsiteCore

/// Finds the movie titles an explanation mentions.
///
/// What counts as a mention, strongest evidence first:
/// 1. **A marked span** — the whole of an emphasis (`**Casino (1995)**`), a quotation (“Heat”,
///    'Alien (1979)'), a code span, or the lead of a list item (`- Fargo`, `1. Casino (1995): …`,
///    up to the first `:` or spaced dash). The span is compared whole with the catalog's titles
///    (case, accents, punctuation, a trailing year, "Matrix, The" vs "The Matrix" all tolerated);
///    when it is not a title, titles are looked for inside it. A one-word title in an emphasis or a
///    list lead ("**Heat**") also needs its year, quotes, the user's page, or — for an emphasis —
///    to sit inside a sentence ("you may enjoy **Fargo** for…"): models bold ordinary words at the
///    start of a paragraph or as labels ("**Overall**, …", "**Brave**:"), and those are titles too.
/// 2. **A title followed by a year**: "Heat (1995)", "Terminator (1984)" for "Terminator, The".
/// 3. **A title-shaped phrase** of running text: two or more words, every one capitalised except
///    small words ("Sense and Sensibility", "Star Wars"). A one-word title ("Heat", "Casino", "The
///    Net") in running text counts only when it is capitalised, not part of a run of capitalised
///    words ("Eva Marie Saint" never yields "Saint"), and on the user's page (a list or the ratings):
///    there it is almost surely the movie the model was told about; elsewhere it is a word.
///
/// Never a mention on their own: titles of fewer than three letters, numbers, English stop words
/// ("It", "M", "9", "Her") unless quoted or with their year; genre names and recsite's own terms
/// (``TitleIndex/vocabulary``) unless with a year. Phrases are matched longest first, left to
/// right, each word looked up in the index's hash of keys and prefixes, so a text costs time in
/// proportion to its words, not to the catalog.
///
/// A marked span that names no catalog title is an **unverified** title when it looks like one:
/// title-shaped (capitalised words), not only genre names or recsite's terms, not in a heading, and
/// either carrying a year, quoted or in code, or an emphasis of two or more words that is not a
/// label (`**Strong CF signal:**`, `**Note**: …`). Plain running text is never flagged, except a
/// title-shaped run of words right before a year ("Blade Runner 3 (2020)").
package struct MentionMatcher: Sendable {
    package let index: TitleIndex

    package init(index: TitleIndex) { self.index = index }

    /// Words a title may keep in lowercase ("Sense and Sensibility", "Return of the Jedi").
    static let smallWords: Set<String> = [
        "of", "the", "a", "an", "and", "or", "nor", "but", "in", "on", "at", "to", "for", "with", "from", "by", "as",
        "vs", "v", "de", "del", "la", "le", "les", "du", "des", "et", "el", "y", "da", "di", "von", "van", "und", "e",
    ]

    /// Every mention in `segments`, in text order.
    package func mentions(in segments: [GroundingSegment], context: GroundingContext) -> [TitleMention] {
        var found: [TitleMention] = []
        for (number, segment) in segments.enumerated() {
            let text = segment.text
            guard text.contains(where: TitleTokenizer.isWordCharacter) else { continue }
            let tokens = TitleTokenizer.tokens(text)
            let whole = text.startIndex..<text.endIndex
            if segment.isCode || segment.isWholeEmphasis {
                found += span(whole, in: segment, number: number, tokens: tokens,
                              evidence: segment.isCode ? .code : .emphasis, searchInside: true, context: context)
                continue
            }
            var taken: [Range<String.Index>] = []
            // A quotation that opens a longer title ("Great Performances" Cats (1998)) gives way to it.
            let quotes = Self.quotedSpans(text)
            let longer = quotes.isEmpty ? []
                : phrases(in: text, tokens: tokens, within: whole, excluding: [], number: number, context: context).map(\.range)
            for quote in quotes where !longer.contains(where: { $0 != quote && $0.lowerBound <= quote.lowerBound && $0.upperBound >= quote.upperBound }) {
                found += span(quote, in: segment, number: number, tokens: tokens, evidence: .quote, searchInside: true, context: context)
                taken.append(quote)
            }
            // A lead cut at a title's own colon ("Star Wars: Episode IV - A New Hope (1977)") gives way
            // to the longer title running text finds from the same place.
            if segment.leadsListItem, let lead = Self.leadRange(text), !taken.contains(where: { $0.overlaps(lead) }),
               !phrases(in: text, tokens: tokens, within: whole, excluding: taken, number: number, context: context)
                   .contains(where: { $0.range.lowerBound <= lead.lowerBound && $0.range.upperBound > lead.upperBound }) {
                let leadMentions = span(lead, in: segment, number: number, tokens: tokens, evidence: .listLead,
                                        searchInside: false, context: context)
                if !leadMentions.isEmpty {
                    found += leadMentions
                    taken.append(lead)
                }
            }
            let phrases = self.phrases(in: text, tokens: tokens, within: whole, excluding: taken, number: number, context: context)
            found += phrases
            taken += phrases.map(\.range)
            if !segment.inHeading {
                found += unknownTitlesBeforeYears(in: text, tokens: tokens, excluding: taken, number: number)
            }
        }
        return found.sorted { ($0.segment, $0.range.lowerBound) < ($1.segment, $1.range.lowerBound) }
    }

    // MARK: - Marked spans

    /// The mentions of one marked span: itself when it is a title, else the titles inside it (when
    /// `searchInside`), else itself as an unverified title when it looks like one.
    private func span(_ range: Range<String.Index>, in segment: GroundingSegment, number: Int, tokens: [TitleToken],
                      evidence: MentionEvidence, searchInside: Bool, context: GroundingContext) -> [TitleMention] {
        let text = segment.text
        let isLabel = Self.isLabel(text[range], following: evidence == .emphasis ? segment.following : "")
        let trimmed = Self.trimmed(text, range)
        guard !trimmed.isEmpty else { return [] }
        var (title, year) = TitleNormalizer.splitYear(text[trimmed])
        if year == nil, evidence == .emphasis { year = Self.leadingYear(segment.following) }
        let titleTokens = tokens.filter { title.startIndex <= $0.range.lowerBound && $0.range.upperBound <= title.endIndex }
        let key = titleTokens.map(\.folded).joined(separator: " ")
        let candidates = index.movies(forKey: key)
        let inSentence = evidence == .emphasis && !isLabel && segment.preceding.contains(where: { !$0.isWhitespace })
        if !candidates.isEmpty, acceptsSpan(titleTokens, key: key, candidates: candidates, year: year,
                                            evidence: evidence, inSentence: inSentence, context: context) {
            return [mention(number, text, trimmed, ordered(candidates, year: year), year, evidence)]
        }
        if searchInside {
            let inner = phrases(in: text, tokens: tokens, within: trimmed, excluding: [], number: number, context: context)
            if !inner.isEmpty { return inner }
        }
        if !segment.inHeading, looksLikeUnknownTitle(titleTokens, key: key, year: year, evidence: evidence, isLabel: isLabel) {
            return [mention(number, text, trimmed, [], year, evidence)]
        }
        return []
    }

    /// Whether a marked span that equals a catalog title names it (see the type's rules).
    private func acceptsSpan(_ tokens: [TitleToken], key: String, candidates: [Int], year: Int?,
                             evidence: MentionEvidence, inSentence: Bool, context: GroundingContext) -> Bool {
        if let year, candidates.contains(where: { index.matchesYear($0, year) }) { return true }
        if index.vocabulary.contains(key) { return false }
        let shaped = Self.isTitleShaped(tokens)
        let quoted = evidence == .quote || evidence == .code
        if Self.isFragile(tokens) { return quoted && shaped && !tokens.allSatisfy(\.isNumber) }
        let known = candidates.contains(where: context.knows)
        if Self.significantCount(tokens) >= 2 { return shaped || known }
        return known || (shaped && (quoted || inSentence))
    }

    /// Whether a marked span the catalog does not have should be flagged as an invented title.
    private func looksLikeUnknownTitle(_ tokens: [TitleToken], key: String, year: Int?, evidence: MentionEvidence,
                                       isLabel: Bool) -> Bool {
        guard (1...12).contains(tokens.count), !index.vocabulary.contains(key), Self.isTitleShaped(tokens) else { return false }
        let content = tokens.filter { !Self.smallWords.contains($0.folded) && !$0.isNumber && !index.vocabularyWords.contains($0.folded) }
        guard !content.isEmpty else { return false }
        if year != nil { return true }
        switch evidence {
        case .quote, .code: return true
        case .emphasis: return content.count >= 2 && !isLabel
        case .listLead, .year, .phrase: return false
        }
    }

    // MARK: - Running text

    /// Catalog titles in running text, longest first from each word, left to right.
    private func phrases(in text: String, tokens: [TitleToken], within: Range<String.Index>, excluding: [Range<String.Index>],
                         number: Int, context: GroundingContext) -> [TitleMention] {
        let usable = tokens.map { token in
            within.lowerBound <= token.range.lowerBound && token.range.upperBound <= within.upperBound
                && !excluding.contains { $0.overlaps(token.range) }
        }
        var found: [TitleMention] = []
        var start = 0
        while start < tokens.count {
            guard usable[start] else { start += 1; continue }
            var key = tokens[start].folded
            var end = start
            var best: TitleMention?
            while index.hasKey(orPrefix: key) {
                let candidates = index.movies(forKey: key)
                if !candidates.isEmpty,
                   let accepted = acceptPhrase(tokens, start...end, key: key, candidates: candidates, text: text, number: number,
                                               context: context) {
                    best = accepted
                }
                let next = end + 1
                guard next < tokens.count, usable[next],
                      Self.joinsPhrase(text[tokens[end].range.upperBound..<tokens[next].range.lowerBound]) else { break }
                key += " " + tokens[next].folded
                end = next
            }
            if let best {
                found.append(best)
                start = tokens.firstIndex { $0.range.lowerBound >= best.range.upperBound } ?? tokens.count
            } else {
                start += 1
            }
        }
        return found
    }

    /// The mention a phrase of running text makes, or nil when the evidence is too weak.
    private func acceptPhrase(_ tokens: [TitleToken], _ span: ClosedRange<Int>, key: String, candidates: [Int], text: String,
                              number: Int, context: GroundingContext) -> TitleMention? {
        let words = Array(tokens[span])
        let begin = words[0].range.lowerBound
        let yearAfter = Self.year(after: words[words.count - 1].range.upperBound, in: text)
        let end = yearAfter?.end ?? words[words.count - 1].range.upperBound
        let year = yearAfter?.year
        func accept(_ evidence: MentionEvidence) -> TitleMention {
            mention(number, text, begin..<end, ordered(candidates, year: year), year, evidence)
        }
        if let year, candidates.contains(where: { index.matchesYear($0, year) }) { return accept(.year) }
        if Self.isFragile(words) || index.vocabulary.contains(key) { return nil }
        // "Blade Runner 2049 (2017)", "Heat 2 (2025)": a known title that runs on into a longer,
        // dated one is that longer title, which the catalog lacks.
        if year == nil, runsIntoDatedTitle(tokens, after: span.upperBound, in: text) { return nil }
        if Self.significantCount(words) >= 2 { return Self.isTitleShaped(words) ? accept(.phrase) : nil }
        let word = words[words.count - 1]
        guard word.isCapitalized, (words.count == 1 || words[0].isCapitalized),
              isolated(tokens, span, in: text), candidates.contains(where: context.knows) else { return nil }
        return accept(.phrase)
    }

    /// Whether capitalised words or numbers (at most six, spaces between, no small word: "Star Wars and
    /// Alien (1979)" is two titles) follow the phrase straight on and end with a year.
    private func runsIntoDatedTitle(_ tokens: [TitleToken], after end: Int, in text: String) -> Bool {
        var next = end + 1
        while next < tokens.count, next - end <= 6 {
            let gap = text[tokens[next - 1].range.upperBound..<tokens[next].range.lowerBound]
            guard !gap.isEmpty, gap.allSatisfy({ $0 == " " }), tokens[next].isCapitalized,
                  !Self.smallWords.contains(tokens[next].folded) else { return false }
            if Self.year(after: tokens[next].range.upperBound, in: text) != nil { return true }
            next += 1
        }
        return false
    }

    /// Whether no capitalised word runs straight into the phrase ("Eva Marie Saint", "Saint Elmo"),
    /// a sentence's first word aside ("Like Heat, …").
    private func isolated(_ tokens: [TitleToken], _ span: ClosedRange<Int>, in text: String) -> Bool {
        func blocks(_ neighbour: Int, gap: Substring) -> Bool {
            let token = tokens[neighbour]
            return gap.allSatisfy { $0 == " " } && token.isCapitalized && !token.isNumber
                && !EnglishStopWords.set.contains(token.folded)
        }
        if span.lowerBound > 0 {
            let previous = span.lowerBound - 1
            let gap = text[tokens[previous].range.upperBound..<tokens[span.lowerBound].range.lowerBound]
            if blocks(previous, gap: gap), !startsSentence(tokens, previous, in: text) { return false }
        }
        if span.upperBound + 1 < tokens.count {
            let next = span.upperBound + 1
            if blocks(next, gap: text[tokens[span.upperBound].range.upperBound..<tokens[next].range.lowerBound]) { return false }
        }
        return true
    }

    private func startsSentence(_ tokens: [TitleToken], _ position: Int, in text: String) -> Bool {
        let before = position == 0 ? text[text.startIndex..<tokens[0].range.lowerBound]
                                   : text[tokens[position - 1].range.upperBound..<tokens[position].range.lowerBound]
        return position == 0 || before.contains { ".!?:;\n".contains($0) }
    }

    /// Title-shaped runs of words right before a "(2020)" that no catalog title took: invented titles
    /// written the way the prompt writes real ones.
    private func unknownTitlesBeforeYears(in text: String, tokens: [TitleToken], excluding: [Range<String.Index>],
                                          number: Int) -> [TitleMention] {
        var found: [TitleMention] = []
        var excluding = excluding
        for (position, token) in tokens.enumerated() where token.isNumber && token.folded.count == 4 {
            guard position > 0, !excluding.contains(where: { $0.overlaps(token.range) }),
                  let year = Self.year(after: tokens[position - 1].range.upperBound, in: text),
                  year.end > token.range.lowerBound else { continue }
            var first = position
            while first > 0 {
                let previous = tokens[first - 1]
                let gap = text[previous.range.upperBound..<tokens[first].range.lowerBound]
                guard first == position || Self.joinsPhrase(gap), !gap.contains(where: { ".!?;\n".contains($0) }),
                      first == position || !gap.contains(where: { $0 == "(" || $0 == ")" }),
                      previous.isCapitalized || Self.smallWords.contains(previous.folded),
                      !excluding.contains(where: { $0.overlaps(previous.range) }) else { break }
                first -= 1
            }
            // Leading small and stop words are the sentence's, not the title's ("Also Blade Runner 3").
            while first < position, Self.smallWords.contains(tokens[first].folded) || EnglishStopWords.set.contains(tokens[first].folded) {
                first += 1
            }
            let words = Array(tokens[first..<position])
            guard !words.isEmpty, Self.isTitleShaped(words),
                  !index.vocabulary.contains(words.map(\.folded).joined(separator: " ")),
                  words.contains(where: { !$0.isNumber && !index.vocabularyWords.contains($0.folded) }) else { continue }
            found.append(mention(number, text, words[0].range.lowerBound..<year.end, [], year.year, .year))
            excluding.append(words[0].range.lowerBound..<year.end)
        }
        return found
    }

    // MARK: - Helpers

    private func mention(_ number: Int, _ text: String, _ range: Range<String.Index>, _ candidates: [Int], _ year: Int?,
                         _ evidence: MentionEvidence) -> TitleMention {
        TitleMention(segment: number, range: range, text: String(text[range]), candidates: candidates, year: year, evidence: evidence)
    }

    /// Candidates of the written year (±1) first, each group in catalog order.
    private func ordered(_ candidates: [Int], year: Int?) -> [Int] {
        guard let year else { return candidates }
        return candidates.filter { index.matchesYear($0, year) } + candidates.filter { !index.matchesYear($0, year) }
    }

    /// Words apart from an English leading article: "The Net" has one.
    static func significantCount(_ tokens: [TitleToken]) -> Int {
        tokens.count > 1 && TitleNormalizer.englishArticles.contains(tokens[0].folded) ? tokens.count - 1 : tokens.count
    }

    /// Too short or too common to be told from ordinary text: fewer than three letters, only digits,
    /// or one English stop word ("It", "M", "9", "Her", "Up").
    static func isFragile(_ tokens: [TitleToken]) -> Bool {
        let significant = significantCount(tokens) < tokens.count ? Array(tokens.dropFirst()) : tokens
        if significant.allSatisfy(\.isNumber) { return true }
        if significant.reduce(0, { $0 + $1.folded.count }) < 3 { return true }
        return significant.count == 1 && EnglishStopWords.set.contains(significant[0].folded)
    }

    /// The first word capitalised (or a digit) and every other word too, small words aside.
    static func isTitleShaped(_ tokens: [TitleToken]) -> Bool {
        guard let first = tokens.first, first.isCapitalized else { return false }
        return tokens.dropFirst().allSatisfy { $0.isCapitalized || smallWords.contains($0.folded) }
    }
}
