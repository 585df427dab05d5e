import RecsiteCore

/// What a user's own ratings say about them: counts, liked movies and genre profile.
package struct UserProfile: Sendable, Equatable {
    package var userID: Int
    package var ratingCount: Int
    package var meanRating: Double
    /// Liked movies (rating ≥ threshold) as (catalog index, rating), best rating first, ties by movie id;
    /// for a user who liked nothing, the movies they rated highest (see `likedFallbackRating`), as the
    /// content model profiles them.
    package var liked: [LikedEntry]
    /// The rating of the movies in `liked` when they stand in for liked movies because no rating
    /// reached the threshold; nil when `liked` holds real liked movies.
    package var likedFallbackRating: Float?
    /// Genres of the liked movies with their counts, most frequent first, ties by name.
    package var genres: [GenreCount]
    /// Catalog indices of every movie the user rated, ascending: the history an explanation's
    /// titles are checked against.
    package var rated: [Int]

    package struct LikedEntry: Sendable, Equatable {
        package var movieIndex: Int
        package var rating: Float
    }

    package struct GenreCount: Sendable, Equatable {
        package var genre: String
        package var count: Int
    }

    package init(userID: Int, matrix: RatingMatrix, catalog: Catalog, likedThreshold: Float) {
        self.userID = userID
        var liked: [LikedEntry] = []
        var best: [LikedEntry] = []
        var sum = 0.0
        var count = 0
        var rated: [Int] = []
        if let row = matrix.userIndex(of: userID) {
            let (items, values) = matrix.row(row)
            for (item, value) in zip(items, values) {
                rated.append(Int(item))
                sum += Double(value)
                count += 1
                if value >= likedThreshold { liked.append(LikedEntry(movieIndex: Int(item), rating: value)) }
                if value > best.first?.rating ?? -.infinity { best = [] }
                if value == best.first?.rating ?? value { best.append(LikedEntry(movieIndex: Int(item), rating: value)) }
            }
        }
        likedFallbackRating = liked.isEmpty ? best.first?.rating : nil
        if liked.isEmpty { liked = best }
        // Catalog indices follow movie ids, so index order is id order.
        liked.sort { $0.rating != $1.rating ? $0.rating > $1.rating : $0.movieIndex < $1.movieIndex }
        // A film listed under two ids and rated under both counts once, at its better rating.
        var seenFilms = Set<Int>()
        liked = liked.filter { seenFilms.insert(catalog.canonicalIndex(of: $0.movieIndex)).inserted }
        var counts: [String: Int] = [:]
        for entry in liked { for genre in catalog[entry.movieIndex].genres { counts[genre, default: 0] += 1 } }
        self.ratingCount = count
        self.rated = rated
        self.meanRating = count > 0 ? sum / Double(count) : 0
        self.liked = liked
        self.genres = counts.map { GenreCount(genre: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.genre < $1.genre }
    }
}
