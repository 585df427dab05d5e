/// The most-rated movies a user has not seen: the fallback when neither CF nor content can
/// score a user, and a baseline for the evaluation.
///
/// The catalog is ordered once (rating count descending, then ascending movie id); each user
/// then walks that order skipping seen movies, so a list costs O(seen + N), not a sort.
package struct PopularityRanker: Sendable {
    /// Ratings per catalog movie in the matrix.
    package let ratingCounts: [Int]
    private let movieIDs: [Int]
    /// Movies with at least one rating, most rated first, ties by ascending id.
    private let order: [Int]

    package init(matrix: RatingMatrix, catalog: Catalog) {
        let n = min(matrix.itemCount, catalog.count)
        var counts = [Int](repeating: 0, count: catalog.count)
        for item in 0..<n { counts[item] = matrix.itemPointers[item + 1] - matrix.itemPointers[item] }
        ratingCounts = counts
        movieIDs = catalog.movies.map(\.id)
        // Dense indices follow ids, so the index tie-break is the id tie-break.
        order = (0..<catalog.count).filter { counts[$0] > 0 }.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1
        }
    }

    /// The `count` most-rated movies for which `isSeen` is false; `score` is the rating count.
    package func top(count: Int, excluding isSeen: (Int) -> Bool) -> [RankedMovie] {
        var out: [RankedMovie] = []
        out.reserveCapacity(max(0, count))
        for item in order where out.count < count {
            if isSeen(item) { continue }
            out.append(RankedMovie(movieIndex: item, movieID: movieIDs[item], score: Float(ratingCounts[item])))
        }
        return out
    }

    /// The `count` most-rated movies the user has not rated in `history`.
    package func top(count: Int, forUserID userID: Int, history: RatingMatrix) -> [RankedMovie] {
        var seen = Set<Int>()
        if let row = history.userIndex(of: userID) {
            for e in history.userPointers[row]..<history.userPointers[row + 1] { seen.insert(Int(history.userItems[e])) }
        }
        return top(count: count) { seen.contains($0) }
    }
}
