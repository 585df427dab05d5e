/// How CF and content scores are put on a common footing before they are blended.
package enum HybridScale: String, Sendable, Codable, CaseIterable {
    /// Min-max scale both scores to [0, 1] over the user's candidates (the default): α then
    /// weighs two comparable numbers.
    case minMax
    /// The reference notebook's mix: α·cosine + (1 − α)·predicted rating, unscaled. The rating
    /// (0–5+) dwarfs the cosine (0–1), so α = 0.5 is almost pure CF; kept for comparison.
    case raw
}

/// What a ranking run produces and how it blends.
package struct HybridSettings: Sendable, Equatable, Codable {
    /// Length of each list (top-N).
    package var count: Int = 10
    /// The blend weights to rank with; each in [0, 1], 0 = pure CF, 1 = pure content.
    package var alphas: [Double] = [0, 0.25, 0.5, 0.75, 1]
    package var scale: HybridScale = .minMax
    /// A rating at or above this marks a movie as liked (the content part's input).
    package var likedThreshold: Float = 4

    package init(count: Int = 10, alphas: [Double] = [0, 0.25, 0.5, 0.75, 1],
                 scale: HybridScale = .minMax, likedThreshold: Float = 4) {
        self.count = count
        self.alphas = alphas
        self.scale = scale
        self.likedThreshold = likedThreshold
    }

    /// Names the first setting a user could have got wrong.
    package func validate() throws {
        if count < 1 {
            throw CoreError.invalidSetting(name: "top-N count", reason: "\(count) is not at least 1")
        }
        if alphas.isEmpty {
            throw CoreError.invalidSetting(name: "alpha", reason: "no blend weight given")
        }
        if let bad = alphas.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw CoreError.invalidSetting(name: "alpha", reason: "\(bad) is not between 0 and 1")
        }
        if !likedThreshold.isFinite {
            throw CoreError.invalidSetting(name: "liked threshold", reason: "\(likedThreshold) is not a number")
        }
    }
}

/// One movie in a ranked list, with every score that went into its place.
package struct RankedMovie: Sendable, Equatable {
    /// The movie's dense catalog index.
    package var movieIndex: Int
    package var movieID: Int
    /// ALS's predicted rating, nil when ALS cannot score the user or the movie.
    package var predictedRating: Float?
    /// The CF part as blended: min-max scaled in `.minMax`, the raw rating in `.raw`; nil when absent.
    package var cfScore: Float?
    /// The content part as blended: min-max scaled mean cosine, or the raw mean cosine; nil when absent.
    package var contentScore: Float?
    /// The value the list is ordered by: the CF score in the CF list, the content score in the
    /// content list, α·content + (1 − α)·CF in a hybrid list, the rating count in a popularity list.
    package var score: Float

    package init(movieIndex: Int, movieID: Int, predictedRating: Float? = nil,
                 cfScore: Float? = nil, contentScore: Float? = nil, score: Float) {
        self.movieIndex = movieIndex
        self.movieID = movieID
        self.predictedRating = predictedRating
        self.cfScore = cfScore
        self.contentScore = contentScore
        self.score = score
    }
}

/// The hybrid top-N for one α.
package struct HybridList: Sendable, Equatable {
    package var alpha: Double
    package var movies: [RankedMovie]

    package init(alpha: Double, movies: [RankedMovie]) {
        self.alpha = alpha
        self.movies = movies
    }
}

/// Whether collaborative filtering could score the user.
package enum CFAvailability: String, Sendable, Codable {
    case available
    /// ALS has no factor for the user (no training ratings): no CF list, no NaN.
    case coldUser
    /// No ALS model was given to the ranker.
    case noModel
}

/// Whether content similarity could score the user.
package enum ContentAvailability: String, Sendable, Codable {
    case available
    /// The user rated no movie at or above the liked threshold.
    case noLikedMovies
    /// The liked movies have empty documents, or there is no content model / vocabulary.
    case noContentSignal
}

/// What the hybrid lists were actually built from.
package enum HybridBasis: String, Sendable, Codable {
    /// α·content + (1 − α)·CF.
    case blend
    /// CF was unavailable: every α gives the content order.
    case contentOnly
    /// Content was unavailable: every α gives the CF order.
    case cfOnly
    /// Neither was available: the most-rated unseen movies.
    case popularity
}

/// Everything ranked for one user.
package struct UserRecommendations: Sendable, Equatable {
    package var userID: Int
    /// Movies the user rated (never recommended).
    package var ratedCount: Int
    /// Dense indices of the liked movies, ascending.
    package var likedMovieIndices: [Int]
    package var cf: CFAvailability
    package var content: ContentAvailability
    package var basis: HybridBasis
    /// Unseen movies considered.
    package var candidateCount: Int
    /// Top-N by predicted rating (movies ALS cannot score excluded); empty when CF is unavailable.
    package var cfTop: [RankedMovie]
    /// Top-N by mean cosine to the liked movies; empty when content is unavailable.
    package var contentTop: [RankedMovie]
    /// One list per α, in the settings' order.
    package var hybrid: [HybridList]
}
