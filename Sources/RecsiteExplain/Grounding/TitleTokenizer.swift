import Foundation

/// One word of a title or of an explanation, folded for comparison, with where it stands in the
/// text it came from (so a match can be turned back into a span of the original text).
package struct TitleToken: Sendable, Equatable {
    /// Lowercased, diacritics removed, apostrophes and inner dots dropped: "Misérables" → "miserables",
    /// "Schindler’s" → "schindlers", "I.Q." → "iq".
    package var folded: String
    /// The characters of the original text the word covers.
    package var range: Range<String.Index>
    /// The word starts with a capital letter, a digit or a letter without case: what a title's
    /// words look like in prose, and what ordinary words usually do not.
    package var isCapitalized: Bool
    /// Only digits ("13" in "Apollo 13", "9").
    package var isNumber: Bool
}

/// Splits text into ``TitleToken``s the same way for catalog titles and for explanations, so the
/// two compare word for word whatever the case, accents, punctuation or apostrophe style.
///
/// Letters and digits make words; `'`, `’`, `‘`, `ʼ` and `.` inside a word (followed by a letter or
/// digit) are dropped without splitting it; `&` is the word "and"; every other character separates
/// words. Folding is ASCII-fast; other characters go through Foundation's case and diacritic folding,
/// plus the few letters it leaves alone (æ, œ, ø, ß, ł, đ, ð, þ, ı).
package enum TitleTokenizer {
    package static func tokens(_ text: String) -> [TitleToken] {
        // Most titles and most of a model's prose are ASCII: read those as bytes (same rules, about
        // ten times faster than going through Characters, which matters for a 62k-title index).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(text) }
        var tokens: [TitleToken] = []
        var folded = ""
        var start: String.Index?
        var capitalized = false
        var allDigits = true
        var index = text.startIndex

        func finish(at end: String.Index) {
            if let begin = start, !folded.isEmpty {
                tokens.append(TitleToken(folded: folded, range: begin..<end, isCapitalized: capitalized, isNumber: allDigits))
            }
            folded = ""
            start = nil
            allDigits = true
        }

        var lastWordEnd = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if isJoiner(character) {
                // "Schindler's", "I.Q.": joined when a word goes on right after it.
                if start != nil, next < text.endIndex, isWordCharacter(text[next]) {
                    index = next
                    continue
                }
                finish(at: lastWordEnd)
            } else if character == "&" {
                finish(at: lastWordEnd)
                tokens.append(TitleToken(folded: "and", range: index..<next, isCapitalized: false, isNumber: false))
            } else if isWordCharacter(character) {
                if start == nil {
                    start = index
                    capitalized = !character.isLowercase
                }
                folded += fold(character)
                if !character.isNumber { allDigits = false }
                lastWordEnd = next
            } else {
                finish(at: lastWordEnd)
            }
            index = next
        }
        finish(at: lastWordEnd)
        return tokens
    }

    /// ``tokens(_:)`` for ASCII text, on bytes.
    private static func asciiTokens(_ text: String) -> [TitleToken] {
        let utf8 = text.utf8
        var tokens: [TitleToken] = []
        var folded: [UInt8] = []
        var start: String.Index?
        var capitalized = false
        var allDigits = true
        var lastWordEnd = utf8.startIndex
        func isWord(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        func finish() {
            if let begin = start, !folded.isEmpty {
                tokens.append(TitleToken(folded: String(decoding: folded, as: UTF8.self), range: begin..<lastWordEnd,
                                         isCapitalized: capitalized, isNumber: allDigits))
            }
            folded.removeAll(keepingCapacity: true)
            start = nil
            allDigits = true
        }
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: ".") {
                if start != nil, next < utf8.endIndex, isWord(utf8[next]) {
                    index = next
                    continue
                }
                finish()
            } else if byte == UInt8(ascii: "&") {
                finish()
                tokens.append(TitleToken(folded: "and", range: index..<next, isCapitalized: false, isNumber: false))
            } else if isWord(byte) {
                if start == nil {
                    start = index
                    capitalized = !(0x61...0x7A).contains(byte)
                }
                let isUpper = (0x41...0x5A).contains(byte)
                folded.append(isUpper ? byte + 0x20 : byte)
                if !(0x30...0x39).contains(byte) { allDigits = false }
                lastWordEnd = next
            } else {
                finish()
            }
            index = next
        }
        finish()
        return tokens
    }

    /// The folded words of `text` joined by single spaces: the form titles are compared in.
    package static func key(_ text: some StringProtocol) -> String {
        tokens(String(text)).map(\.folded).joined(separator: " ")
    }

    /// Whether a character is part of a word (a letter, a digit, or a mark on one).
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Apostrophes and the dot, which join a word when one goes on right after them.
    private static func isJoiner(_ character: Character) -> Bool {
        character == "'" || character == "’" || character == "‘" || character == "ʼ" || character == "."
    }

    /// Letters Foundation's diacritic folding leaves as they are, spelt the way English writes them.
    private static let extraFolds: [Character: String] = [
        "æ": "ae", "œ": "oe", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// One character lowercased with its diacritics removed.
    static func fold(_ character: Character) -> String {
        if character.isASCII { return character.lowercased() }
        let lower = character.lowercased()
        if let first = lower.first, lower.count == 1, let extra = extraFolds[first] { return extra }
        let folded = lower.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        for scalar in folded.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            let piece = Character(scalar)
            out += extraFolds[piece] ?? String(piece)
        }
        return out
    }
}
