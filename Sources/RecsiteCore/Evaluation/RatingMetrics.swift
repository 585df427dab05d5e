/// How well ALS predicts the held-out star ratings.
///
/// RMSE and MAE follow Spark's `RegressionEvaluator` on `ALSModel.transform` with
/// `coldStartStrategy = "drop"` (Recommenders' `rmse`/`mae` on the same pairs): a held-out rating
/// whose user or movie has no factor is dropped from both and counted in `cold`. Predictions are
/// the raw x_u · y_i, unclipped, as Spark's.
package struct RatingMetrics: Sendable, Equatable, Codable {
    /// Root-mean-square error over the scored ratings; nil when none could be scored.
    package var rmse: Double?
    /// Mean absolute error over the scored ratings; nil when none could be scored.
    package var mae: Double?
    /// Held-out ratings that entered the errors.
    package var scored: Int
    /// Held-out ratings dropped because the user or the movie had no factor.
    package var cold: Int
    /// The RMSE of always predicting the training ratings' global mean, on the same scored
    /// ratings: the floor a useful model must beat. Nil when nothing was scored.
    package var globalMeanRMSE: Double?

    package init(rmse: Double?, mae: Double?, scored: Int, cold: Int, globalMeanRMSE: Double?) {
        self.rmse = rmse
        self.mae = mae
        self.scored = scored
        self.cold = cold
        self.globalMeanRMSE = globalMeanRMSE
    }

    /// Scores `model` on `test`; `train` gives the global mean of the baseline.
    ///
    /// `catalog` must be the one the training matrix was built with.
    package init(model: ALSModel, test: RatingsTable, train: RatingsTable, catalog: Catalog) {
        let error = model.error(on: test, catalog: catalog, coldStart: .drop)
        var mean = 0.0
        for v in train.values { mean += Double(v) }
        mean = train.count > 0 ? mean / Double(train.count) : 0
        var squared = 0.0
        for r in 0..<test.count
        where model.prediction(userID: Int(test.userIDs[r]), movieID: Int(test.movieIDs[r]), catalog: catalog) != nil {
            let e = Double(test.values[r]) - mean
            squared += e * e
        }
        self.init(rmse: error.rmse, mae: error.mae, scored: error.scored, cold: error.cold,
                  globalMeanRMSE: error.scored > 0 ? (squared / Double(error.scored)).squareRoot() : nil)
    }
}
