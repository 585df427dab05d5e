/// Turns one list per evaluated user into a report row: ranking metrics averaged over the users,
/// plus coverage, diversity and novelty of all the lists together.
package struct EvaluationRowScorer: Sendable {
    /// List length the metrics are cut at.
    package let k: Int
    /// Per evaluated user (in list order), the relevant held-out movies as dense catalog indices.
    package let relevant: [Set<Int>]
    package let genres: GenreVectors
    /// Per dense catalog index, the training users who rated the movie.
    package let raters: [Int]
    package let trainUserCount: Int
    /// Movies with at least one training rating.
    package let trainItemCount: Int

    package init(k: Int, relevant: [Set<Int>], genres: GenreVectors, raters: [Int], trainUserCount: Int) {
        self.k = k
        self.relevant = relevant
        self.genres = genres
        self.raters = raters
        self.trainUserCount = trainUserCount
        trainItemCount = raters.lazy.filter { $0 > 0 }.count
    }

    /// Builds the scorer from the training matrix: raters per movie are its column lengths
    /// (cleaned ratings hold each (user, movie) pair once).
    package init(k: Int, relevant: [Set<Int>], catalog: Catalog, train: RatingMatrix) {
        let raters = (0..<catalog.count).map { item in
            item < train.itemCount ? train.itemPointers[item + 1] - train.itemPointers[item] : 0
        }
        self.init(k: k, relevant: relevant, genres: GenreVectors(catalog: catalog), raters: raters,
                  trainUserCount: train.userCount)
    }

    /// Scores `lists` (one per evaluated user, same order as `relevant`, dense catalog indices).
    ///
    /// Each list is cut to its first k movies. A missing or empty list scores zeros and still
    /// counts in the ranking means.
    package func row(name: String, alpha: Double? = nil, lists: [[Int]]) -> EvaluationReport.Row {
        precondition(lists.count == relevant.count, "one list per evaluated user")
        let cut = lists.map { Array($0.prefix(k)) }
        var mean = RankingScoresMean()
        for (list, truth) in zip(cut, relevant) { mean.add(RankingScores(list: list, relevant: truth, k: k)) }
        let m = mean.mean
        return EvaluationReport.Row(
            name: name, alpha: alpha,
            precision: m.precision, recall: m.recall, ndcg: m.ndcg, map: m.averagePrecision, hitRate: m.hit,
            coverage: BeyondAccuracyMetrics.catalogCoverage(lists: cut, trainItemCount: trainItemCount),
            diversity: BeyondAccuracyMetrics.diversity(lists: cut, genres: genres),
            novelty: BeyondAccuracyMetrics.novelty(lists: cut, raters: raters, trainUserCount: trainUserCount))
    }
}
