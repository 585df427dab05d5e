import Foundation

/// Accuracy of one user's top-k list against that user's relevant held-out movies.
///
/// Definitions follow Microsoft Recommenders' `python_evaluation` (and Spark's `RankingMetrics`
/// where the two agree), as REFERENCE.md §2c fixes them. With L the list cut to its first k
/// movies, T the relevant set and rel_r = 1 when the movie at rank r is in T:
/// - precision@k = |L ∩ T| / **k**, even when the list is shorter than k;
/// - recall@k = |L ∩ T| / |T|;
/// - NDCG@k (binary relevance) = DCG / IDCG with DCG = Σ_{r ≤ k} rel_r / log₂(r + 1) and IDCG the
///   DCG of min(|T|, k) hits at the top;
/// - AP@k = (1 / min(|T|, k)) Σ_{r ≤ k} P@r · rel_r (Recommenders' `map_at_k`; Spark's
///   un-truncated MAP divides by |T| instead);
/// - hit@k = 1 when |L ∩ T| > 0, else 0; hit rate@k is its mean over users.
/// Movies are compared by dense catalog index; a list is assumed to hold each movie once.
/// An empty relevant set gives every metric 0 (the evaluator never averages such users).
package struct RankingScores: Sendable, Equatable {
    package var precision: Double
    package var recall: Double
    package var ndcg: Double
    package var averagePrecision: Double
    /// 1 when the list has at least one relevant movie, else 0.
    package var hit: Double

    package init(precision: Double, recall: Double, ndcg: Double, averagePrecision: Double, hit: Double) {
        self.precision = precision
        self.recall = recall
        self.ndcg = ndcg
        self.averagePrecision = averagePrecision
        self.hit = hit
    }

    /// All zeros: an empty list, or a user with nothing relevant.
    package static let zero = RankingScores(precision: 0, recall: 0, ndcg: 0, averagePrecision: 0, hit: 0)

    /// Scores the first `k` movies of `list` against `relevant`.
    package init<L: Collection>(list: L, relevant: Set<Int>, k: Int) where L.Element == Int {
        guard k > 0, !relevant.isEmpty else {
            self = .zero
            return
        }
        var hits = 0
        var dcg = 0.0
        var precisionSum = 0.0
        for (offset, item) in list.prefix(k).enumerated() where relevant.contains(item) {
            let rank = offset + 1
            hits += 1
            dcg += 1 / log2(Double(rank + 1))
            precisionSum += Double(hits) / Double(rank)
        }
        let ideal = min(relevant.count, k)
        var idcg = 0.0
        for rank in 1...ideal { idcg += 1 / log2(Double(rank + 1)) }
        self.init(
            precision: Double(hits) / Double(k),
            recall: Double(hits) / Double(relevant.count),
            ndcg: dcg / idcg,
            averagePrecision: precisionSum / Double(ideal),
            hit: hits > 0 ? 1 : 0)
    }
}

/// Running sums of `RankingScores` over users, for the row means.
package struct RankingScoresMean: Sendable {
    private var sum = RankingScores.zero
    /// Users added so far (users with empty lists included, as zeros).
    package private(set) var users = 0

    package init() {}

    package mutating func add(_ s: RankingScores) {
        sum.precision += s.precision
        sum.recall += s.recall
        sum.ndcg += s.ndcg
        sum.averagePrecision += s.averagePrecision
        sum.hit += s.hit
        users += 1
    }

    /// The mean of each metric; all zeros when no user was added.
    package var mean: RankingScores {
        guard users > 0 else { return .zero }
        let n = Double(users)
        return RankingScores(precision: sum.precision / n, recall: sum.recall / n, ndcg: sum.ndcg / n,
                             averagePrecision: sum.averagePrecision / n, hit: sum.hit / n)
    }
}
