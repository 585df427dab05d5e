import Foundation

/// Catalog coverage, intra-list diversity and novelty of a set of lists (one per user).
///
/// Definitions follow Microsoft Recommenders' `python_evaluation` "beyond accuracy" metrics, with
/// the variations stated on each function. Lists hold dense catalog indices and are used as given
/// (the caller cuts them to k).
package enum BeyondAccuracyMetrics {
    /// Catalog coverage = |∪ lists| / |movies with at least one training rating|
    /// (Recommenders' `catalog_coverage`).
    ///
    /// A content or hybrid list may recommend a movie nobody rated in training; it counts in the
    /// union as in Recommenders, so the value could pass 1 only if the lists reached more movies
    /// than training covers. 0 when there are no training movies.
    package static func catalogCoverage(lists: [[Int]], trainItemCount: Int) -> Double {
        guard trainItemCount > 0 else { return 0 }
        var union = Set<Int>()
        for list in lists { union.formUnion(list) }
        return Double(union.count) / Double(trainItemCount)
    }

    /// Intra-list diversity = the mean over lists of (1 − ILS), ILS being the mean pairwise cosine
    /// of the list's genre vectors (Recommenders' `diversity` = 1 − ILS, with genre vectors as the
    /// item features).
    ///
    /// A list with fewer than 2 movies has no pair and is left out of the mean (Recommenders'
    /// pair table has no row for it either); 0 when no list has a pair.
    package static func diversity(lists: [[Int]], genres: GenreVectors) -> Double {
        var sum = 0.0
        var counted = 0
        for list in lists {
            guard let ils = genres.intraListSimilarity(list) else { continue }
            sum += 1 - ils
            counted += 1
        }
        return counted > 0 ? sum / Double(counted) : 0
    }

    /// Novelty = the mean over every recommendation slot (each (user, movie) in the lists) of
    /// −log₂ p_train(i), where p_train(i) = |training users who rated i| / |training users|.
    ///
    /// This is the "mean −log₂ popularity" with popularity as the share of users who rated
    /// the movie. Recommenders' `novelty` weighs movies the same way (by how often they are
    /// recommended) but divides by the number of training ratings, which only adds the constant
    /// log₂(ratings / users) to every value. A recommended movie nobody rated in training has
    /// p = 0 and no finite novelty: it is left out, as Recommenders' join with the training
    /// counts leaves it out. 0 when no slot is counted.
    ///
    /// - Parameters:
    ///   - raters: per dense catalog index, the number of training users who rated the movie.
    ///   - trainUserCount: users with at least one training rating.
    package static func novelty(lists: [[Int]], raters: [Int], trainUserCount: Int) -> Double {
        guard trainUserCount > 0 else { return 0 }
        var sum = 0.0
        var slots = 0
        for list in lists {
            for item in list where item >= 0 && item < raters.count && raters[item] > 0 {
                sum += -log2(Double(raters[item]) / Double(trainUserCount))
                slots += 1
            }
        }
        return slots > 0 ? sum / Double(slots) : 0
    }
}
