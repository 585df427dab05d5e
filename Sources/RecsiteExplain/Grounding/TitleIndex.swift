import RecsiteCore

/// Every catalog title under every form it may be written in (``TitleNormalizer/variants(of:)``),
/// built once per build, looked up in time independent of the catalog's size.
///
/// Keys are folded words joined by spaces. Every proper prefix of a key is stored too (with no
/// movies), so a matcher walking a text word by word stops as soon as no title starts with the
/// words so far: finding titles in a text costs one hash lookup per word and per word of the longest
/// title that starts there, whether the catalog has 1,682 titles (ml-100k) or 62,423 (ml-25m).
package struct TitleIndex: Sendable {
    /// What a key leads to.
    struct Entry: Sendable {
        /// Catalog indices of the movies with this key, ascending; empty when the key is only the
        /// beginning of longer ones.
        var movies: [Int32] = []
    }

    package let catalog: Catalog
    private let entries: [String: Entry]
    /// Folded genre names of the catalog and recsite's own words (see ``builtInVocabulary``): never a
    /// title on their own, and never flagged as an unverified one.
    package let vocabulary: Set<String>
    /// Every single word of ``vocabulary``'s entries ("collaborative", "filtering", "taste"): a span
    /// made only of these, small words and numbers is about the method, never an unverified title.
    package let vocabularyWords: Set<String>

    /// Words the explanations use for the method itself, and the section headings the prompt asks for.
    package static let builtInVocabulary: [String] = [
        "cf", "als", "tf idf", "tfidf", "collaborative filtering", "content", "content similarity", "hybrid",
        "hybrid score", "alpha", "α", "score", "scores", "rating", "ratings", "predicted rating", "user",
        "users", "movie", "movies", "film", "films", "genre", "genres", "note", "summary", "recommendation",
        "recommendations", "sci fi", "science fiction", "film noir", "liked movies", "genre profile",
    ] + PromptBuilder.headings

    package init(catalog: Catalog) {
        self.catalog = catalog
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(catalog.count * 4)
        var genres = Set<String>()
        for index in 0..<catalog.count {
            let movie = catalog[index]
            for genre in movie.genres { genres.insert(genre) }
            for key in TitleNormalizer.variants(of: movie.title) {
                var prefixEnd = key.startIndex
                while let space = key[prefixEnd...].firstIndex(of: " ") {
                    let prefix = String(key[..<space])
                    if entries[prefix] == nil { entries[prefix] = Entry() }
                    prefixEnd = key.index(after: space)
                }
                // Indices arrive in ascending order, so the last one is the only possible repeat.
                if entries[key, default: Entry()].movies.last != Int32(index) {
                    entries[key, default: Entry()].movies.append(Int32(index))
                }
            }
        }
        self.entries = entries
        var vocabulary = Set(Self.builtInVocabulary.map { TitleTokenizer.key($0) })
        for genre in genres {
            vocabulary.insert(TitleTokenizer.key(genre))
            // "Sci-Fi" is also read as two words; "Film-Noir" as "film noir".
            for part in TitleTokenizer.key(genre).split(separator: " ") { vocabulary.insert(String(part)) }
        }
        vocabulary.remove("")
        self.vocabulary = vocabulary
        self.vocabularyWords = Set(vocabulary.flatMap { $0.split(separator: " ").map(String.init) })
    }

    /// The catalog indices of the movies `key` names (empty when none), ascending.
    package func movies(forKey key: String) -> [Int] {
        entries[key]?.movies.map(Int.init) ?? []
    }

    /// Whether some title's key is `key` or starts with `key` followed by more words.
    package func hasKey(orPrefix key: String) -> Bool { entries[key] != nil }

    /// The catalog indices of the movies a whole title names, tolerant of case, accents, punctuation,
    /// a trailing year and the article's place: "the matrix", "Matrix, The (1999)" and "Matrix" find
    /// the same movie. When the text carries a year, movies of that year (±1) come first.
    package func movies(titled text: String) -> [Int] {
        let (title, year) = TitleNormalizer.splitYear(Substring(text))
        let found = movies(forKey: TitleTokenizer.key(title))
        guard let year else { return found }
        return found.filter { matchesYear($0, year) } + found.filter { !matchesYear($0, year) }
    }

    /// Whether the movie's year is `year` or next to it (release dates and festival years differ).
    package func matchesYear(_ index: Int, _ year: Int) -> Bool {
        guard let own = catalog[index].year else { return false }
        return abs(own - year) <= 1
    }

    /// Number of keys (titles' forms and their prefixes), for tests and progress lines.
    package var keyCount: Int { entries.count }
}
