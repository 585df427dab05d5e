import Foundation

/// Measures the site's lists on held-out ratings, training through the site's own code path.
///
/// One run:
/// 1. split the ratings per user (`EvaluationSplit`);
/// 2. build the training `RatingMatrix`, train ALS with `ALSTrainer`, build the `ContentModel`
///    (titles and genres only, so it uses no rating) and a `HybridRanker` whose history is the
///    training matrix, exactly as `recsite build` does with all ratings;
/// 3. score ALS's predicted ratings on the test part (`RatingMetrics`, cold pairs dropped);
/// 4. rank every test user with at least one relevant held-out movie (rating ≥
///    `relevantThreshold`), or a seeded sample of `maxUsers` of them, and score the CF, content,
///    popularity and hybrid lists at k = `hybrid.count` (`EvaluationRowScorer`).
///
/// Metric definitions are Microsoft Recommenders' `python_evaluation` (Spark conventions), as
/// stated on `RankingScores`, `BeyondAccuracyMetrics` and `RatingMetrics`. Ranking metrics are
/// averaged over the evaluated users; a user whose list is empty (e.g. no CF list) scores zeros.
/// The report depends only on the data and the settings, never on `threads`.
package struct Evaluator: Sendable {
    package var split: EvaluationSplit
    /// ALS settings; `threads` below replaces their thread count.
    package var als: ALSSettings
    /// List length (k), α values, score scale and liked threshold, as the site ranks with.
    package var hybrid: HybridSettings
    /// A held-out rating at or above this makes the movie relevant.
    package var relevantThreshold: Float
    /// Evaluate at most this many users, drawn with the split's seed (the ALS seed for a time
    /// split); nil evaluates all of them.
    package var maxUsers: Int?
    package var threads: Int

    package init(
        split: EvaluationSplit = .random(fraction: 0.2, seed: 42), als: ALSSettings = ALSSettings(),
        hybrid: HybridSettings = HybridSettings(), relevantThreshold: Float = 4, maxUsers: Int? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.split = split
        self.als = als
        self.hybrid = hybrid
        self.relevantThreshold = relevantThreshold
        self.maxUsers = maxUsers
        self.threads = threads
    }

    /// The step a run is starting, for progress output.
    package enum Stage: Sendable, Equatable {
        case splitting
        case training(ratings: Int)
        case ranking(users: Int)
        case scoring
    }

    /// Names the first setting a user could have got wrong.
    package func validate() throws {
        try split.validate()
        try hybrid.validate()
        if !relevantThreshold.isFinite {
            throw CoreError.invalidSetting(name: "relevant threshold", reason: "\(relevantThreshold) is not a number")
        }
        if let maxUsers, maxUsers < 1 {
            throw CoreError.invalidSetting(name: "evaluation users", reason: "\(maxUsers) is not at least 1")
        }
        if threads < 1 {
            throw CoreError.invalidSetting(name: "threads", reason: "\(threads) is not at least 1")
        }
    }

    /// Evaluates on a loaded data set.
    ///
    /// - Parameter progress: called on the caller's thread as each stage starts.
    /// - Throws: `CoreError.invalidSetting` for a bad setting.
    package func run(on dataset: Dataset, progress: ((Stage) -> Void)? = nil) throws -> EvaluationReport {
        try run(catalog: dataset.catalog, ratings: dataset.ratings, progress: progress)
    }

    /// Evaluates on a catalog and cleaned ratings (each (user, movie) pair once).
    package func run(catalog: Catalog, ratings: RatingsTable, progress: ((Stage) -> Void)? = nil) throws -> EvaluationReport {
        try validate()
        progress?(.splitting)
        let parts = try split.apply(to: ratings)

        progress?(.training(ratings: parts.train.count))
        let trainMatrix = RatingMatrix(ratings: parts.train, catalog: catalog)
        var alsSettings = als
        alsSettings.threads = threads
        let model = try ALSTrainer.train(trainMatrix, settings: alsSettings)
        let content = ContentModel(catalog: catalog)
        let ranker = try HybridRanker(catalog: catalog, history: trainMatrix, model: model, content: content, settings: hybrid)
        let ratingMetrics = RatingMetrics(model: model, test: parts.test, train: parts.train, catalog: catalog)

        let relevantByUser = relevantMovies(in: parts.test, catalog: catalog)
        let eligible = relevantByUser.map(\.userID)
        let users: [Int]
        if let maxUsers, maxUsers < eligible.count {
            users = try CohortSampler.sample(count: maxUsers, seed: split.seed ?? als.seed).select(from: eligible)
        } else {
            users = eligible
        }
        var relevantOf = [Int: Set<Int>](minimumCapacity: relevantByUser.count)
        for entry in relevantByUser { relevantOf[entry.userID] = entry.movies }

        progress?(.ranking(users: users.count))
        let k = hybrid.count
        let recommendations = ranker.recommend(userIDs: users, threads: threads)
        let popular = users.map { ranker.popularity.top(count: k, forUserID: $0, history: trainMatrix) }

        progress?(.scoring)
        let scorer = EvaluationRowScorer(k: k, relevant: users.map { relevantOf[$0]! }, catalog: catalog, train: trainMatrix)
        func indices(_ list: [RankedMovie]) -> [Int] { list.map(\.movieIndex) }
        var rows = [
            scorer.row(name: "CF", lists: recommendations.map { indices($0.cfTop) }),
            scorer.row(name: "Content", lists: recommendations.map { indices($0.contentTop) }),
            scorer.row(name: "Popularity", lists: popular.map(indices)),
        ]
        for (position, alpha) in hybrid.alphas.enumerated() {
            rows.append(scorer.row(
                name: EvaluationReport.Row.hybridName(alpha: alpha), alpha: alpha,
                lists: recommendations.map { indices($0.hybrid[position].movies) }))
        }

        let settings = EvaluationReport.Settings(
            split: split.kind, fraction: split.fraction, seed: split.seed, k: k,
            relevantThreshold: Double(relevantThreshold), usersEvaluated: users.count,
            usersWithRelevant: eligible.count, trainRatings: parts.train.count, testRatings: parts.test.count)
        return EvaluationReport(settings: settings, ratingMetrics: ratingMetrics, rows: rows)
    }

    /// Test users with at least one relevant held-out movie, ascending id, with those movies
    /// (dense catalog indices; ratings of movies missing from the catalog are ignored).
    func relevantMovies(in test: RatingsTable, catalog: Catalog) -> [(userID: Int, movies: Set<Int>)] {
        var byUser: [Int: Set<Int>] = [:]
        for r in 0..<test.count where test.values[r] >= relevantThreshold {
            guard let item = catalog.index(of: Int(test.movieIDs[r])) else { continue }
            byUser[Int(test.userIDs[r]), default: []].insert(item)
        }
        return byUser.keys.sorted().map { ($0, byUser[$0]!) }
    }
}
