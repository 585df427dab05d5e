import Testing
import RecsiteCore

@Suite("PopularityRanker")
struct PopularityRankerTests {
    @Test("lists the most-rated unseen movies, ties by id, movies nobody rated left out")
    func order() {
        let catalog = ModelFixtures.catalog(ids: [10, 20, 30, 40, 50])
        let table = ModelFixtures.ratings([(1, 30, 4), (2, 30, 3), (3, 30, 5), (1, 20, 2), (2, 20, 1), (3, 40, 5), (4, 10, 3)])
        let matrix = RatingMatrix(ratings: table, catalog: catalog)
        let ranker = PopularityRanker(matrix: matrix, catalog: catalog)
        #expect(ranker.ratingCounts == [1, 2, 3, 1, 0])
        #expect(ranker.top(count: 10) { _ in false }.map(\.movieID) == [30, 20, 10, 40])
        #expect(ranker.top(count: 10, forUserID: 1, history: matrix).map(\.movieID) == [10, 40])
        #expect(ranker.top(count: 2, forUserID: 4, history: matrix).map(\.score) == [3, 2])
    }
}

@Suite("CohortSampler")
struct CohortSamplerTests {
    let known = [7, 3, 11, 5, 2, 13, 17, 19, 23, 29]

    @Test("a seeded sample is the same every time, sorted, and a subset of the users")
    func sample() throws {
        let first = try CohortSampler.sample(count: 4, seed: 42).select(from: known)
        #expect(first == (try CohortSampler.sample(count: 4, seed: 42).select(from: known.reversed())))
        #expect(first.count == 4)
        #expect(first == first.sorted())
        #expect(Set(first).isSubset(of: known))
        let others = try (1...20).map { try CohortSampler.sample(count: 4, seed: UInt64($0)).select(from: known) }
        #expect(Set(others.map { $0.description }).count > 1)
    }

    @Test("asking for more users than exist gives everyone; all is sorted")
    func everyone() throws {
        #expect(try CohortSampler.sample(count: 50, seed: 1).select(from: known) == known.sorted())
        #expect(try CohortSampler.all.select(from: known) == known.sorted())
    }

    @Test("requested users come back sorted without duplicates")
    func requested() throws {
        #expect(try CohortSampler.users([13, 2, 13]).select(from: known) == [2, 13])
    }

    @Test("unknown requested users are named in the error")
    func unknown() {
        #expect(throws: CoreError.unknownUsers(ids: [4, 99], knownCount: 10)) {
            try CohortSampler.users([99, 2, 4]).select(from: known)
        }
        #expect(CoreError.unknownUsers(ids: [4, 99], knownCount: 10).description
            == "users 4, 99 have no ratings in the data set (10 users do); pick users that rated movies")
    }

    @Test("a sample size below 1 is rejected")
    func badCount() {
        #expect(throws: CoreError.invalidSetting(name: "sample size", reason: "0 is not at least 1")) {
            try CohortSampler.sample(count: 0, seed: 1).select(from: known)
        }
    }
}

@Suite("ListOverlap")
struct ListOverlapTests {
    @Test("Jaccard@k compares the first k of each list")
    func jaccard() {
        #expect(ListOverlap.jaccard(ids: [1, 2, 3, 4], [3, 2, 9, 1], k: 3) == 2.0 / 4.0)
        #expect(ListOverlap.jaccard(ids: [1, 2], [1, 2], k: 5) == 1)
        #expect(ListOverlap.jaccard(ids: [1], [2], k: 1) == 0)
        #expect(ListOverlap.jaccard(ids: [], [], k: 3) == 1)
        let a = [3, 4].map { RankedMovie(movieIndex: $0, movieID: $0, score: 0) }
        let b = [4, 5].map { RankedMovie(movieIndex: $0, movieID: $0, score: 0) }
        #expect(ListOverlap.jaccard(a, b, k: 2) == 1.0 / 3.0)
    }

    @Test("the rank table gives each movie's rank under every α, best rank first, ties by id")
    func rankTable() {
        func list(_ alpha: Double, _ ids: [Int]) -> HybridList {
            HybridList(alpha: alpha, movies: ids.map { RankedMovie(movieIndex: $0 - 1, movieID: $0, score: 0) })
        }
        let rows = ListOverlap.rankTable([list(0, [3, 4, 5]), list(0.5, [5, 3, 6]), list(1, [6, 5, 7])])
        #expect(rows.map(\.movieID) == [3, 5, 6, 4, 7])
        #expect(rows.map(\.ranks) == [[1, 2, nil], [3, 1, 2], [nil, 3, 1], [2, nil, nil], [nil, nil, 3]])
    }
}

@Suite("TopSelector")
struct TopSelectorTests {
    @Test("keeps the best N, ties by lower index, whatever the arrival order")
    func selection() {
        let entries: [(Double, Int)] = [(1, 5), (3, 9), (3, 2), (0.5, 1), (2, 7), (3, 4), (.nan, 0)]
        for order in [entries, entries.reversed()] {
            var selector = TopSelector(capacity: 4)
            for (score, index) in order { selector.consider(score: score, index: index) }
            let kept = selector.sorted()
            #expect(kept.map(\.index) == [2, 4, 9, 7])
            #expect(kept.map(\.score) == [3, 3, 3, 2])
        }
    }
}
