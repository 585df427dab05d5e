/// How much ranked lists agree, for the α comparison table.
package enum ListOverlap {
    /// Jaccard@k = |A ∩ B| / |A ∪ B| over the first `k` movie ids of each list.
    /// Two empty lists agree completely (1).
    package static func jaccard(ids a: [Int], _ b: [Int], k: Int) -> Double {
        let left = Set(a.prefix(max(0, k)))
        let right = Set(b.prefix(max(0, k)))
        let union = left.union(right).count
        guard union > 0 else { return 1 }
        return Double(left.intersection(right).count) / Double(union)
    }

    /// Jaccard@k of two ranked lists of movies.
    package static func jaccard(_ a: [RankedMovie], _ b: [RankedMovie], k: Int) -> Double {
        jaccard(ids: a.map(\.movieID), b.map(\.movieID), k: k)
    }

    /// One row per movie that appears in any list, with its 1-based rank in each list (nil when
    /// absent), ordered by its best rank, then by ascending movie id.
    package static func rankTable(_ lists: [HybridList]) -> [AlphaRankRow] {
        var rowByMovie: [Int: AlphaRankRow] = [:]
        for (column, list) in lists.enumerated() {
            for (position, movie) in list.movies.enumerated() {
                var row = rowByMovie[movie.movieID]
                    ?? AlphaRankRow(movieIndex: movie.movieIndex, movieID: movie.movieID,
                                    ranks: [Int?](repeating: nil, count: lists.count))
                row.ranks[column] = position + 1
                rowByMovie[movie.movieID] = row
            }
        }
        // Sorted explicitly: dictionary order changes from run to run.
        return rowByMovie.values.sorted {
            $0.bestRank != $1.bestRank ? $0.bestRank < $1.bestRank : $0.movieID < $1.movieID
        }
    }
}

/// A movie's rank under each α of a comparison (columns follow the lists' order).
package struct AlphaRankRow: Sendable, Equatable {
    package var movieIndex: Int
    package var movieID: Int
    /// 1-based rank per list; nil where the movie is not in that list's top-N.
    package var ranks: [Int?]

    /// The best (smallest) rank over all lists.
    package var bestRank: Int { ranks.compactMap { $0 }.min() ?? Int.max }
}
