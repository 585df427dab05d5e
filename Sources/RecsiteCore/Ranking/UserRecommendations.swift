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
    /// The user rated no movie at all.
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
    /// Dense indices of the movies the content score compares with, ascending: the liked movies,
    /// or, when the user liked none, the movies they rated highest.
    package var profileMovieIndices: [Int]
    /// The rating of the profile movies when they are the highest-rated ones standing in for liked
    /// movies (no rating reached the threshold); nil when the profile is the liked movies.
    package var profileRating: Float?
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
