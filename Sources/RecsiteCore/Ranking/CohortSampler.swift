/// Which users get a page: a given list, a seeded random sample, or everyone.
///
/// Every form returns user ids in ascending order, so the same request always yields the same
/// cohort and the same page order.
package enum CohortSampler: Sendable, Equatable, Codable {
    /// Exactly these users (duplicates removed). Each must have ratings.
    case users([Int])
    /// `count` users drawn without replacement with a seeded generator; everyone when `count`
    /// is at least the number of users.
    case sample(count: Int, seed: UInt64)
    /// Every user with ratings.
    case all

    /// Resolves the cohort against the users that have ratings.
    ///
    /// - Throws: `CoreError.unknownUsers` naming requested ids without ratings;
    ///   `CoreError.invalidSetting` for a sample size below 1.
    package func select(from knownUserIDs: [Int]) throws -> [Int] {
        let known = Array(Set(knownUserIDs)).sorted()
        switch self {
        case .all:
            return known
        case let .users(requested):
            let wanted = Array(Set(requested)).sorted()
            let knownSet = Set(known)
            let missing = wanted.filter { !knownSet.contains($0) }
            if !missing.isEmpty { throw CoreError.unknownUsers(ids: missing, knownCount: known.count) }
            return wanted
        case let .sample(count, seed):
            if count < 1 {
                throw CoreError.invalidSetting(name: "sample size", reason: "\(count) is not at least 1")
            }
            if count >= known.count { return known }
            // Partial Fisher–Yates over the sorted ids: depends only on the seed and the id set.
            var pool = known
            var rng = SplitMix64(seed: seed)
            for i in 0..<count {
                pool.swapAt(i, i + rng.nextInt(below: pool.count - i))
            }
            return pool[0..<count].sorted()
        }
    }
}
