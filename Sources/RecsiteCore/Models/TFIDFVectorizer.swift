import Foundation

/// Turns movies into TF-IDF vectors the way the reference notebook's scikit-learn
/// `TfidfVectorizer(stop_words="english")` does, with a fix for accented titles.
///
/// - Document: normalised title + " " + genres, lowercased (the reference's `features` column).
/// - Title normalisation: lowercase; fold Latin diacritics and ligatures to ASCII ("Misérables"
///   → "miserables", "Æon" → "aeon"), where the reference's `[^a-z0-9\s]` would have cut the
///   word in two halves ("misrables"); then drop every character that is not a letter, a decimal
///   digit or whitespace, without inserting a space ("Face/Off" → "faceoff", as the reference).
///   Letters of other scripts (Cyrillic, CJK) are kept, so such titles are not emptied.
/// - Tokens: scikit-learn's `(?u)\b\w\w+\b` — maximal runs of word characters (letters, numbers,
///   underscore), two or more long ("sci-fi" → "sci", "fi"; "children's" → "children").
/// - Stop words: scikit-learn's English list, removed after tokenising.
/// - Weights: raw term count × smooth idf, idf = ln((1 + n) / (1 + df)) + 1; each row scaled to
///   unit L2 norm. The vocabulary is sorted by code point, as scikit-learn sorts it.
/// - A document with no tokens left gets a zero row; a corpus with no tokens at all gives an
///   empty vocabulary and all-zero rows instead of scikit-learn's "empty vocabulary" error (C13).
package struct TFIDFVectorizer: Sendable {
    package var stopWords: Set<String>

    package init(stopWords: Set<String> = EnglishStopWords.set) {
        self.stopWords = stopWords
    }

    /// The fitted vocabulary, idf weights and L2-normalised document vectors.
    package struct Fitted: Sendable {
        /// Terms in code-point order; a column index is a position here.
        package let vocabulary: [String]
        /// Smooth idf per term.
        package let idf: [Double]
        /// One row per document, columns = vocabulary positions.
        package let matrix: SparseRowMatrix
    }

    /// The reference's document for a movie: normalised title, a space, the genres lowercased.
    package static func document(for movie: Movie) -> String {
        let title = normalizedTitle(movie.title)
        let genres = movie.genres.joined(separator: " ").lowercased()
        return (title + " " + genres).trimmingCharacters(in: .whitespaces)
    }

    /// Lowercased, accent-folded title with punctuation removed (see the type's documentation).
    package static func normalizedTitle(_ title: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in title.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark { continue }
            if let folded = foldedLetters[scalar] {
                out.append(contentsOf: folded.unicodeScalars)
            } else if properties.isWhitespace {
                out.append(" ")
            } else if isLetter(properties) || properties.generalCategory == .decimalNumber {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Letters that carry no combining mark in Unicode, so decomposition cannot fold them.
    private static let foldedLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// The document's tokens in order, stop words removed (scikit-learn's word analyzer).
    package func tokens(in document: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var length = 0
        func flush() {
            if length >= 2 {
                let token = String(current)
                if !stopWords.contains(token) { tokens.append(token) }
            }
            current = String.UnicodeScalarView()
            length = 0
        }
        for scalar in document.lowercased().unicodeScalars {
            if Self.isWordCharacter(scalar) {
                current.append(scalar)
                length += 1
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// Fits the vocabulary and idf on `documents` and returns their vectors.
    package func fit(_ documents: [String]) -> Fitted {
        let tokenized = documents.map { tokens(in: $0) }
        var terms = Set<String>()
        for list in tokenized { terms.formUnion(list) }
        let vocabulary = terms.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        var column = [String: Int32](minimumCapacity: vocabulary.count)
        for (i, term) in vocabulary.enumerated() { column[term] = Int32(i) }

        // Term counts per document as (column, count) runs, columns ascending.
        var pointers = [0]
        var columns: [Int32] = []
        var counts: [Float] = []
        var documentFrequency = [Int](repeating: 0, count: vocabulary.count)
        for list in tokenized {
            let ids = list.map { column[$0]! }.sorted()
            var i = 0
            while i < ids.count {
                var j = i
                while j < ids.count && ids[j] == ids[i] { j += 1 }
                columns.append(ids[i])
                counts.append(Float(j - i))
                documentFrequency[Int(ids[i])] += 1
                i = j
            }
            pointers.append(columns.count)
        }

        let n = Double(documents.count)
        let idf = documentFrequency.map { log((1 + n) / (1 + Double($0))) + 1 }
        // tf × idf, L2-normalised per row from the Double products before rounding to Float.
        // A row with entries always has a positive norm, since idf ≥ 1.
        var weights = [Float](repeating: 0, count: counts.count)
        for row in 0..<documents.count {
            let entries = pointers[row]..<pointers[row + 1]
            var norm = 0.0
            for e in entries {
                let w = Double(counts[e]) * idf[Int(columns[e])]
                norm += w * w
            }
            guard norm > 0 else { continue }
            let inverse = 1 / norm.squareRoot()
            for e in entries { weights[e] = Float(Double(counts[e]) * idf[Int(columns[e])] * inverse) }
        }
        let matrix = SparseRowMatrix(
            columnCount: vocabulary.count, pointers: pointers, columns: columns, values: weights)
        return Fitted(vocabulary: vocabulary, idf: idf, matrix: matrix)
    }

    /// Python's `\w`: letters, numbers of every kind, and the underscore.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if scalar == "_" || isLetter(properties) { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    private static func isLetter(_ properties: Unicode.Scalar.Properties) -> Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
