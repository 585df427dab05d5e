/// What to do with a (user, movie) pair the model cannot score, mirroring Spark's `coldStartStrategy`.
package enum ColdStartStrategy: String, Sendable, Codable, CaseIterable {
    /// Keep the pair with no prediction (Spark writes NaN; recsite writes nil).
    case nan
    /// Leave the pair out, so metrics over the rest stay finite.
    case drop
}

/// One prediction for a (user, movie) pair given by ids.
package struct ALSPrediction: Sendable, Equatable {
    package var userID: Int
    package var movieID: Int
    /// The predicted rating, or nil when the user or the movie has no factor (Spark's NaN).
    package var rating: Float?

    package init(userID: Int, movieID: Int, rating: Float?) {
        self.userID = userID
        self.movieID = movieID
        self.rating = rating
    }
}

/// Prediction error on held-out ratings, with how many ratings could not be scored.
package struct PredictionError: Sendable, Equatable {
    /// Root-mean-square error; nil when nothing was scored, or when the strategy is `.nan` and
    /// some rating was cold (where Spark's RMSE would be NaN).
    package var rmse: Double?
    /// Mean absolute error, nil in the same cases as `rmse`.
    package var mae: Double?
    /// Ratings that entered the error.
    package var scored: Int
    /// Ratings whose user or movie had no factor.
    package var cold: Int
}

extension ALSModel {
    /// Predictions for pairs of ids, in the pairs' order.
    ///
    /// A user the model never saw, a movie missing from `catalog`, or a movie nobody rated in
    /// training is cold: with `.nan` it stays with a nil rating, with `.drop` it is left out.
    /// `catalog` must be the one the training matrix was built with.
    package func predictions(
        pairs: [(userID: Int, movieID: Int)], catalog: Catalog, coldStart: ColdStartStrategy
    ) -> [ALSPrediction] {
        var out: [ALSPrediction] = []
        out.reserveCapacity(pairs.count)
        for pair in pairs {
            let rating = prediction(userID: pair.userID, movieID: pair.movieID, catalog: catalog)
            if rating == nil && coldStart == .drop { continue }
            out.append(ALSPrediction(userID: pair.userID, movieID: pair.movieID, rating: rating))
        }
        return out
    }

    /// The predicted rating for ids, or nil when either is cold.
    package func prediction(userID: Int, movieID: Int, catalog: Catalog) -> Float? {
        guard let user = userIndex(of: userID), let item = catalog.index(of: movieID) else { return nil }
        return predict(user: user, item: item)
    }

    /// RMSE and MAE of the model on held-out ratings (ids), under a cold-start strategy.
    package func error(on test: RatingsTable, catalog: Catalog, coldStart: ColdStartStrategy) -> PredictionError {
        var squared = 0.0
        var absolute = 0.0
        var scored = 0
        var cold = 0
        for r in 0..<test.count {
            guard let p = prediction(userID: Int(test.userIDs[r]), movieID: Int(test.movieIDs[r]), catalog: catalog) else {
                cold += 1
                continue
            }
            let e = Double(test.values[r]) - Double(p)
            squared += e * e
            absolute += abs(e)
            scored += 1
        }
        let defined = scored > 0 && (coldStart == .drop || cold == 0)
        return PredictionError(
            rmse: defined ? (squared / Double(scored)).squareRoot() : nil,
            mae: defined ? absolute / Double(scored) : nil,
            scored: scored, cold: cold)
    }
}
