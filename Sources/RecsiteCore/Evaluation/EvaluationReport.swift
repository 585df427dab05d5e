/// What an evaluation run measured: its settings, ALS's rating error and one row per list kind.
///
/// Plain arrays of structs with named fields (no dictionaries), so a `JSONEncoder` with
/// `.sortedKeys` writes the same bytes for the same run. Ranking metrics are means over the
/// evaluated users (test users with at least one relevant held-out movie; an empty list counts
/// as zeros); see `RankingScores` and `BeyondAccuracyMetrics` for the definitions (Microsoft
/// Recommenders' `python_evaluation` / Spark conventions).
package struct EvaluationReport: Sendable, Equatable, Codable {
    package var settings: Settings
    package var ratingMetrics: RatingMetrics
    /// "CF", "Content", "Popularity", then "Hybrid α=…" in the hybrid settings' α order.
    package var rows: [Row]

    package init(settings: Settings, ratingMetrics: RatingMetrics, rows: [Row]) {
        self.settings = settings
        self.ratingMetrics = ratingMetrics
        self.rows = rows
    }

    /// How the figures were obtained.
    package struct Settings: Sendable, Equatable, Codable {
        /// "random" or "time".
        package var split: String
        /// The share of each user's ratings held out (before per-user rounding).
        package var fraction: Double
        /// The random split's seed; absent for a time split.
        package var seed: UInt64?
        /// List length the metrics are cut at.
        package var k: Int
        /// A held-out rating at or above this is relevant.
        package var relevantThreshold: Double
        /// Users whose lists were scored (after the `maxUsers` cap).
        package var usersEvaluated: Int
        /// Test users with at least one relevant held-out movie (before the cap).
        package var usersWithRelevant: Int
        package var trainRatings: Int
        package var testRatings: Int

        package init(split: String, fraction: Double, seed: UInt64?, k: Int, relevantThreshold: Double,
                     usersEvaluated: Int, usersWithRelevant: Int, trainRatings: Int, testRatings: Int) {
            self.split = split
            self.fraction = fraction
            self.seed = seed
            self.k = k
            self.relevantThreshold = relevantThreshold
            self.usersEvaluated = usersEvaluated
            self.usersWithRelevant = usersWithRelevant
            self.trainRatings = trainRatings
            self.testRatings = testRatings
        }
    }

    /// The metrics of one kind of list, each in [0, 1] except novelty (bits, ≥ 0).
    package struct Row: Sendable, Equatable, Codable {
        /// "CF", "Content", "Popularity" or "Hybrid α=0.25".
        package var name: String
        /// The blend weight of a hybrid row; absent for the others.
        package var alpha: Double?
        package var precision: Double
        package var recall: Double
        package var ndcg: Double
        package var map: Double
        package var hitRate: Double
        package var coverage: Double
        package var diversity: Double
        package var novelty: Double

        package init(name: String, alpha: Double? = nil, precision: Double, recall: Double, ndcg: Double, map: Double,
                     hitRate: Double, coverage: Double, diversity: Double, novelty: Double) {
            self.name = name
            self.alpha = alpha
            self.precision = precision
            self.recall = recall
            self.ndcg = ndcg
            self.map = map
            self.hitRate = hitRate
            self.coverage = coverage
            self.diversity = diversity
            self.novelty = novelty
        }

        /// The row name of a hybrid list: "Hybrid α=0", "Hybrid α=0.25", "Hybrid α=1".
        package static func hybridName(alpha: Double) -> String {
            let label = alpha == alpha.rounded() && abs(alpha) < 1e15 ? String(Int(alpha)) : String(alpha)
            return "Hybrid α=\(label)"
        }
    }

    /// The columns of a row that can be compared; for every one of them higher is better.
    package enum Metric: String, Sendable, Codable, CaseIterable {
        case precision, recall, ndcg, map, hitRate, coverage, diversity, novelty

        /// This column's value in `row`.
        package func value(in row: Row) -> Double {
            switch self {
            case .precision: row.precision
            case .recall: row.recall
            case .ndcg: row.ndcg
            case .map: row.map
            case .hitRate: row.hitRate
            case .coverage: row.coverage
            case .diversity: row.diversity
            case .novelty: row.novelty
            }
        }
    }

    /// The best row of one column.
    package struct Best: Sendable, Equatable, Codable {
        package var metric: Metric
        /// Position of the row in `rows`.
        package var row: Int
        package var name: String
        package var value: Double

        package init(metric: Metric, row: Int, name: String, value: Double) {
            self.metric = metric
            self.row = row
            self.name = name
            self.value = value
        }
    }

    /// The position of the row with the highest value of `metric`; equal values keep the first
    /// row. Nil when there are no rows.
    package func bestRow(for metric: Metric) -> Int? {
        var best: Int? = nil
        for (i, row) in rows.enumerated() where best == nil || metric.value(in: row) > metric.value(in: rows[best!]) {
            best = i
        }
        return best
    }

    /// The best row of every column, in `Metric.allCases` order; empty when there are no rows.
    package func bestByColumn() -> [Best] {
        Metric.allCases.compactMap { metric in
            bestRow(for: metric).map { Best(metric: metric, row: $0, name: rows[$0].name, value: metric.value(in: rows[$0])) }
        }
    }
}
