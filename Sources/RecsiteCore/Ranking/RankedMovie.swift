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
