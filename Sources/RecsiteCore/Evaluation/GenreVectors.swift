/// Each catalog movie's genres as a binary vector, for intra-list similarity.
///
/// A movie's vector has a 1 for each of its genres (repeated names count once). The cosine of
/// two binary vectors is |G_a ∩ G_b| / √(|G_a| · |G_b|); a movie without genres has a zero vector,
/// whose cosine with anything is taken as 0 (it shares nothing).
package struct GenreVectors: Sendable {
    /// Genre names in code-point order; a movie's vector positions index this list.
    package let genres: [String]
    /// Per dense catalog index, the movie's genre positions, ascending.
    package let positions: [[Int]]

    package init(catalog: Catalog) {
        let names = Array(Set(catalog.movies.flatMap(\.genres))).sorted()
        var positionOf = [String: Int](minimumCapacity: names.count)
        for (p, name) in names.enumerated() { positionOf[name] = p }
        genres = names
        positions = catalog.movies.map { movie in Array(Set(movie.genres.map { positionOf[$0]! })).sorted() }
    }

    /// The cosine of two movies' genre vectors (dense catalog indices); 0 when either has none.
    package func cosine(_ a: Int, _ b: Int) -> Double {
        let x = positions[a], y = positions[b]
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < x.count, j < y.count {
            if x[i] == y[j] {
                shared += 1
                i += 1
                j += 1
            } else if x[i] < y[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / (Double(x.count) * Double(y.count)).squareRoot()
    }

    /// Intra-list similarity: the mean cosine over all unordered pairs of the list's movies,
    /// or nil for a list with fewer than 2 movies (it has no pair).
    package func intraListSimilarity<L: Collection>(_ list: L) -> Double? where L.Element == Int {
        let items = Array(list)
        guard items.count >= 2 else { return nil }
        var sum = 0.0
        for a in 0..<(items.count - 1) {
            for b in (a + 1)..<items.count { sum += cosine(items[a], items[b]) }
        }
        return sum / Double(items.count * (items.count - 1) / 2)
    }
}
