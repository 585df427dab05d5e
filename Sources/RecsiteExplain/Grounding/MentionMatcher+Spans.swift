/// Finding marked spans in a run of text: quotations, list-item leads, years, labels.
extension MentionMatcher {
    /// Longest quotation read as a possible title, in characters.
    static let maxQuoteLength = 100

    /// The insides of quotations on one line: “…”, «…», "…", ‘…’ and '…'. A straight or curly single
    /// quote opens only at the start of a word and closes only at its end, so apostrophes
    /// ("Schindler's", "users'") never pair up.
    static func quotedSpans(_ text: String) -> [Range<String.Index>] {
        var spans: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let inner = text.index(after: index)
            if let closers = closers(opening: character), opensQuote(text, at: index),
               let close = closingQuote(text, from: inner, closers: closers, single: character == "'" || character == "‘") {
                if inner < close { spans.append(inner..<close) }
                index = text.index(after: close)
                continue
            }
            index = inner
        }
        return spans
    }

    private static func closers(opening: Character) -> Set<Character>? {
        switch opening {
        case "“": ["”"]
        case "«": ["»"]
        case "\"": ["\"", "”"]
        case "‘": ["’", "'"]
        case "'": ["'", "’"]
        default: nil
        }
    }

    /// An opening quote stands at the start of the text or after a space or an opening bracket, and
    /// is followed by something other than a space.
    private static func opensQuote(_ text: String, at index: String.Index) -> Bool {
        let next = text.index(after: index)
        guard next < text.endIndex, !text[next].isWhitespace else { return false }
        guard index > text.startIndex else { return true }
        let previous = text[text.index(before: index)]
        return previous.isWhitespace || "([{—–-/".contains(previous)
    }

    private static func closingQuote(_ text: String, from start: String.Index, closers: Set<Character>,
                                     single: Bool) -> String.Index? {
        var index = start
        var length = 0
        while index < text.endIndex, length <= maxQuoteLength {
            let character = text[index]
            if character == "\n" { return nil }
            let next = text.index(after: index)
            if closers.contains(character), index > start, !text[text.index(before: index)].isWhitespace {
                // A single quote inside a word is an apostrophe ("Schindler's"), not the end.
                if !single || next == text.endIndex || !TitleTokenizer.isWordCharacter(text[next]) { return index }
            }
            index = next
            length += 1
        }
        return nil
    }

    /// The lead of a list item's first text: up to its first `:`, spaced dash or line end, at most
    /// 100 characters.
    static func leadRange(_ text: String) -> Range<String.Index>? {
        var end = text.endIndex
        for separator in [":", " – ", " — ", " - ", "\n"] {
            if let found = text.range(of: separator), found.lowerBound < end { end = found.lowerBound }
        }
        guard end > text.startIndex, text.distance(from: text.startIndex, to: end) <= 100 else { return nil }
        return text.startIndex..<end
    }

    /// A span that ends with a colon, or is followed by one or by a dash, is a label ("**Note:**",
    /// "**Strong CF signal** – …"), not a title being named.
    static func isLabel(_ span: Substring, following: String) -> Bool {
        let inside = span.reversed().drop { $0.isWhitespace }
        if inside.first == ":" { return true }
        let after = following.drop { $0 == " " }
        return after.first.map { ":–—-".contains($0) } ?? false
    }

    /// `range` without surrounding spaces, a trailing `:`, `;`, `,` or `.`, a leading rank ("1. ",
    /// "#2 ") and matching quotation marks around it.
    static func trimmed(_ text: String, _ range: Range<String.Index>) -> Range<String.Index> {
        var span = text[range]
        func trimEnds() {
            while let first = span.first, first.isWhitespace { span = span.dropFirst() }
            while let last = span.last, last.isWhitespace || ":;,.".contains(last) { span = span.dropLast() }
        }
        trimEnds()
        var rest = span.drop { $0 == "#" }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        if (1...2).contains(digits.count), let mark = rest.first, ".)".contains(mark),
           rest.dropFirst().first?.isWhitespace == true {
            span = rest.dropFirst()
            trimEnds()
        }
        if let first = span.first, let last = span.last, span.count > 2, closers(opening: first)?.contains(last) == true {
            span = span.dropFirst().dropLast()
            trimEnds()
        }
        return span.startIndex..<span.endIndex
    }

    /// A "(1995)" at the start of `text` (after spaces): what follows a `**Casino**`.
    static func leadingYear(_ text: String) -> Int? {
        year(after: text.startIndex, in: text)?.year
    }

    /// A year in parentheses starting at `start` after at most three spaces, dots or closing brackets
    /// — "Heat (1995)", "I.Q. (1994)", "My Life as a Dog (Mitt liv som hund) (1985)" — and where it ends.
    static func year(after start: String.Index, in text: String) -> (year: Int, end: String.Index)? {
        var index = start
        var skipped = 0
        while index < text.endIndex, " .)".contains(text[index]), skipped < 3 {
            index = text.index(after: index)
            skipped += 1
        }
        guard index < text.endIndex, text[index] == "(" else { return nil }
        index = text.index(after: index)
        var digits = ""
        while index < text.endIndex, text[index].isASCII, text[index].isNumber, digits.count < 5 {
            digits.append(text[index])
            index = text.index(after: index)
        }
        guard digits.count == 4, let year = Int(digits) else { return nil }
        while index < text.endIndex, text[index] == "-" || text[index] == "–" || (text[index].isASCII && text[index].isNumber) {
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == ")" else { return nil }
        return (year, text.index(after: index))
    }

    /// What may stand between two words of one title: a few characters of punctuation and spaces
    /// ("Star Wars: Episode", "Matrix, The", "Mr. Holland"), never a line break.
    static func joinsPhrase(_ gap: Substring) -> Bool {
        gap.count <= 4 && !gap.contains("\n")
    }
}
