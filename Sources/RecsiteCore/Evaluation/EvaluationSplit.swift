/// How ratings are divided into a training part and a held-out test part, per user.
///
/// Both kinds hold out the same number of ratings per user, following Microsoft Recommenders'
/// `python_stratified_split` / `python_chrono_split`: a user with n ratings keeps
/// `round(n × (1 − fraction))` of them in training (round half to even, as numpy's `round`) and
/// the rest are held out. recsite adds one guard: a user with at least 2 ratings always keeps at
/// least 1 in training, and a user with 1 rating stays entirely in training, so every test user
/// is known to the model.
///
/// - `.random`: which ratings are held out is a seeded partial Fisher–Yates shuffle of the user's
///   ratings ordered by movie id. Each user draws from its own `SplitMix64` stream (seed, user id),
///   so the split depends only on the seed and the ratings, never on their row order, on
///   `Dictionary` order or on threads.
/// - `.time`: each user's latest ratings by timestamp are held out; ratings with the same
///   timestamp are ordered by movie id, the larger id counting as the later one.
///
/// Both output tables keep the input's row order.
package enum EvaluationSplit: Sendable, Equatable {
    /// Hold out a seeded random `fraction` of each user's ratings.
    case random(fraction: Double = 0.2, seed: UInt64)
    /// Hold out each user's latest `fraction` of ratings.
    case time(fraction: Double = 0.2)

    /// "random" or "time", as reports and the command line name it.
    package var kind: String {
        switch self {
        case .random: "random"
        case .time: "time"
        }
    }

    /// The share of each user's ratings held out (before rounding).
    package var fraction: Double {
        switch self {
        case let .random(fraction, _), let .time(fraction): fraction
        }
    }

    /// The shuffle seed of a random split; nil for a time split.
    package var seed: UInt64? {
        switch self {
        case let .random(_, seed): seed
        case .time: nil
        }
    }

    /// - Throws: `CoreError.invalidSetting` unless 0 < fraction < 1.
    package func validate() throws {
        guard fraction > 0, fraction < 1 else {
            throw CoreError.invalidSetting(name: "test fraction", reason: "\(fraction) is not between 0 and 1 (exclusive)")
        }
    }

    /// How many of a user's `count` ratings are held out: `count − round(count × (1 − fraction))`,
    /// at most `count − 1`, and 0 for a user with fewer than 2 ratings.
    package static func heldOutCount(ratings count: Int, fraction: Double) -> Int {
        guard count >= 2 else { return 0 }
        let kept = Int((Double(count) * (1 - fraction)).rounded(.toNearestOrEven))
        return min(count - 1, max(0, count - kept))
    }

    /// Divides `ratings` into training and test tables.
    ///
    /// - Throws: `CoreError.invalidSetting` for a fraction outside (0, 1).
    package func apply(to ratings: RatingsTable) throws -> SplitRatings {
        try validate()
        var isTest = [Bool](repeating: false, count: ratings.count)
        let groups = UserGroups(ratings)
        for group in 0..<groups.userIDs.count {
            var rows = Array(groups.rows(of: group))
            let held = Self.heldOutCount(ratings: rows.count, fraction: fraction)
            guard held > 0 else { continue }
            switch self {
            case let .random(_, seed):
                // Movie id order first, so the shuffle's input does not depend on the row order.
                rows.sort { (ratings.movieIDs[$0], $0) < (ratings.movieIDs[$1], $1) }
                var rng = SplitMix64(seed: seed, stream: Self.splitStream,
                                     index: UInt64(bitPattern: Int64(groups.userIDs[group])))
                for i in 0..<held {
                    rows.swapAt(i, i + rng.nextInt(below: rows.count - i))
                    isTest[rows[i]] = true
                }
            case .time:
                rows.sort {
                    (ratings.timestamps[$0], ratings.movieIDs[$0], $0) < (ratings.timestamps[$1], ratings.movieIDs[$1], $1)
                }
                for row in rows.suffix(held) { isTest[row] = true }
            }
        }

        var train = RatingsTable()
        var test = RatingsTable()
        let heldTotal = isTest.lazy.filter { $0 }.count
        train.reserveCapacity(ratings.count - heldTotal)
        test.reserveCapacity(heldTotal)
        for r in 0..<ratings.count {
            if isTest[r] {
                test.append(user: ratings.userIDs[r], movie: ratings.movieIDs[r], rating: ratings.values[r], timestamp: ratings.timestamps[r])
            } else {
                train.append(user: ratings.userIDs[r], movie: ratings.movieIDs[r], rating: ratings.values[r], timestamp: ratings.timestamps[r])
            }
        }
        return SplitRatings(train: train, test: test)
    }

    /// Separates the split's random streams from other users of the same seed (ALS, sampling).
    private static let splitStream: UInt64 = 0x5EED_0000_5917

    /// Row indices of a ratings table grouped by user (ascending id), by a counting sort.
    private struct UserGroups {
        let userIDs: [Int32]
        private let pointers: [Int]
        private let order: [Int]

        init(_ ratings: RatingsTable) {
            let ids = Array(Set(ratings.userIDs)).sorted()
            var groupOf = [Int32: Int](minimumCapacity: ids.count)
            for (g, id) in ids.enumerated() { groupOf[id] = g }
            let group = ratings.userIDs.map { groupOf[$0]! }
            var pointers = [Int](repeating: 0, count: ids.count + 1)
            for g in group { pointers[g + 1] += 1 }
            for g in 0..<ids.count { pointers[g + 1] += pointers[g] }
            var next = pointers
            var order = [Int](repeating: 0, count: ratings.count)
            for (r, g) in group.enumerated() {
                order[next[g]] = r
                next[g] += 1
            }
            userIDs = ids
            self.pointers = pointers
            self.order = order
        }

        /// The rows of one group, in input order.
        func rows(of group: Int) -> ArraySlice<Int> { order[pointers[group]..<pointers[group + 1]] }
    }
}

/// The two parts of a split.
package struct SplitRatings: Sendable {
    /// What the models are trained on and what defines a user's seen movies.
    package var train: RatingsTable
    /// The held-out ratings the metrics are computed on.
    package var test: RatingsTable
}
