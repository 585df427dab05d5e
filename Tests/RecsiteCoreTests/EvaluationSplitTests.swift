import Testing
import RecsiteCore

/// (user, movie) pairs of a table, as a set.
private func pairs(_ t: RatingsTable) -> Set<[Int32]> {
    Set((0..<t.count).map { [t.userIDs[$0], t.movieIDs[$0]] })
}

/// Held-out ratings per user.
private func countsByUser(_ t: RatingsTable) -> [Int32: Int] {
    var out: [Int32: Int] = [:]
    for u in t.userIDs { out[u, default: 0] += 1 }
    return out
}

/// Users 1…7 with 1, 2, 3, 5, 10, 20 and 23 ratings of movies 101, 102, …; timestamps rise
/// with the movie id except that user 7's ratings of movies 101 and 102 are the latest.
private func fixture() -> RatingsTable {
    var table = RatingsTable()
    for (user, n) in [(1, 1), (2, 2), (3, 3), (4, 5), (5, 10), (6, 20), (7, 23)] {
        for m in 1...n {
            let late = user == 7 && m <= 2
            table.append(user: Int32(user), movie: Int32(100 + m), rating: Float(1 + m % 5),
                         timestamp: late ? 9_000_000 : Int64(1_000 * m))
        }
    }
    return table
}

/// The same rows in a different order (every third row moved to the front, reversed).
private func shuffledRows(_ t: RatingsTable) -> RatingsTable {
    let order = stride(from: 0, to: t.count, by: 3).reversed() + (0..<t.count).filter { $0 % 3 != 0 }
    var out = RatingsTable()
    for r in order { out.append(user: t.userIDs[r], movie: t.movieIDs[r], rating: t.values[r], timestamp: t.timestamps[r]) }
    return out
}

@Suite("EvaluationSplit")
struct EvaluationSplitTests {
    @Test("held-out count: n − round(0.8 n), at least one kept, none for one or two ratings at 20%", arguments: [
        (1, 0.2, 0), (2, 0.2, 0), (3, 0.2, 1), (5, 0.2, 1), (10, 0.2, 2), (20, 0.2, 4), (23, 0.2, 5),
        // Half-way cases round to even: 3 × 0.5 = 1.5 → 2 kept; 5 × 0.5 = 2.5 → 2 kept.
        (2, 0.5, 1), (3, 0.5, 1), (5, 0.5, 3),
        // 2 × 0.1 = 0.2 → 0 kept, clamped to keep one.
        (2, 0.9, 1), (10, 0.95, 9),
    ])
    func heldOutCount(n: Int, fraction: Double, held: Int) {
        #expect(EvaluationSplit.heldOutCount(ratings: n, fraction: fraction) == held)
    }

    @Test("random 20%: per-user sizes, train and test partition the ratings")
    func randomSizes() throws {
        let all = fixture()
        let split = try EvaluationSplit.random(fraction: 0.2, seed: 42).apply(to: all)
        #expect(countsByUser(split.test) == [3: 1, 4: 1, 5: 2, 6: 4, 7: 5])
        #expect(countsByUser(split.train) == [1: 1, 2: 2, 3: 2, 4: 4, 5: 8, 6: 16, 7: 18])
        #expect(split.train.count + split.test.count == all.count)
        #expect(pairs(split.train).isDisjoint(with: pairs(split.test)))
        #expect(pairs(split.train).union(pairs(split.test)) == pairs(all))
    }

    @Test("random: the same seed gives the same split, whatever the row order")
    func randomDeterministic() throws {
        let all = fixture()
        let first = try EvaluationSplit.random(seed: 42).apply(to: all)
        let again = try EvaluationSplit.random(seed: 42).apply(to: all)
        let reordered = try EvaluationSplit.random(seed: 42).apply(to: shuffledRows(all))
        #expect(again.test.movieIDs == first.test.movieIDs)
        #expect(again.test.userIDs == first.test.userIDs)
        #expect(pairs(reordered.test) == pairs(first.test))
        #expect(pairs(reordered.train) == pairs(first.train))
    }

    @Test("random: another seed holds out other ratings, with the same sizes")
    func randomSeed() throws {
        let all = fixture()
        let a = try EvaluationSplit.random(seed: 42).apply(to: all)
        let b = try EvaluationSplit.random(seed: 43).apply(to: all)
        #expect(pairs(a.test) != pairs(b.test))
        #expect(countsByUser(a.test) == countsByUser(b.test))
    }

    @Test("outputs keep the input's row order")
    func rowOrder() throws {
        let split = try EvaluationSplit.random(seed: 1).apply(to: fixture())
        let rows = (0..<split.train.count).map { [split.train.userIDs[$0], split.train.movieIDs[$0]] }
        #expect(rows == rows.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
    }

    @Test("time: each user's latest ratings are held out, equal timestamps by larger movie id")
    func timeLatest() throws {
        let split = try EvaluationSplit.time(fraction: 0.2).apply(to: fixture())
        #expect(countsByUser(split.test) == [3: 1, 4: 1, 5: 2, 6: 4, 7: 5])
        let test = pairs(split.test)
        // Users 3…6: the highest movie ids have the latest timestamps.
        #expect(test.contains([3, 103]))
        #expect(test.contains([4, 105]))
        #expect(test.contains([5, 109]) && test.contains([5, 110]))
        #expect((117...120).allSatisfy { test.contains([6, Int32($0)]) })
        // User 7: 101 and 102 share the latest timestamp, then 123, 122, 121.
        #expect(test.filter { $0[0] == 7 } == Set([[7, 101], [7, 102], [7, 123], [7, 122], [7, 121]]))
    }

    @Test("time: equal timestamps everywhere fall back to movie id order")
    func timeTies() throws {
        var table = RatingsTable()
        for m in [30, 10, 50, 20, 40] { table.append(user: 1, movie: Int32(m), rating: 3, timestamp: 0) }
        let split = try EvaluationSplit.time(fraction: 0.4).apply(to: table)
        #expect(pairs(split.test) == [[1, 50], [1, 40]])
    }

    @Test("a fraction outside (0, 1) is rejected", arguments: [0.0, 1.0, -0.1, Double.nan])
    func badFraction(fraction: Double) {
        #expect(throws: CoreError.self) { try EvaluationSplit.random(fraction: fraction, seed: 1).apply(to: fixture()) }
        #expect(throws: CoreError.self) { try EvaluationSplit.time(fraction: fraction).apply(to: fixture()) }
    }

    @Test("kind, fraction and seed are reported")
    func description() {
        #expect(EvaluationSplit.random(seed: 9).kind == "random")
        #expect(EvaluationSplit.random(seed: 9).fraction == 0.2)
        #expect(EvaluationSplit.random(seed: 9).seed == 9)
        #expect(EvaluationSplit.time().kind == "time")
        #expect(EvaluationSplit.time().seed == nil)
    }
}
