import Foundation
import Testing
import RecsiteCore

@Suite("ALSTrainer")
struct ALSTrainerTests {
    /// 60 users × 40 movies, ~30 % observed: enough rows for several parallel blocks.
    static let randomTable = ModelFixtures.randomRatings(users: 60, items: 40, density: 0.3, seed: 7)
    static let randomCatalog = ModelFixtures.catalog(ids: Array(1...40))

    @Test("the ALS-WR objective falls with every iteration")
    func lossFalls() throws {
        let matrix = RatingMatrix(ratings: Self.randomTable, catalog: Self.randomCatalog)
        var losses: [Double] = []
        for iterations in 1...6 {
            let settings = ALSSettings(rank: 5, iterations: iterations, regParam: 0.1, nonnegative: false, threads: 2)
            losses.append(try ALSTrainer.train(matrix, settings: settings).loss(matrix))
        }
        for i in 1..<losses.count {
            #expect(losses[i] < losses[i - 1], "iteration \(i + 1): \(losses[i]) after \(losses[i - 1])")
        }
    }

    @Test("recovers a fully observed planted rank-2 matrix", arguments: [false, true])
    func recoversPlantedLowRank(nonnegative: Bool) throws {
        // r_ui = a_u · b_i with positive a, b in [0.5, 1.5)², so ratings lie in [0.5, 4.5).
        var rng = SplitMix64(seed: 2024)
        let a = (0..<30).map { _ in [0.5 + rng.nextUnitDouble(), 0.5 + rng.nextUnitDouble()] }
        let b = (0..<20).map { _ in [0.5 + rng.nextUnitDouble(), 0.5 + rng.nextUnitDouble()] }
        var table = RatingsTable()
        for u in 0..<30 {
            for i in 0..<20 {
                let r = a[u][0] * b[i][0] + a[u][1] * b[i][1]
                table.append(user: Int32(u + 1), movie: Int32(i + 1), rating: Float(r), timestamp: 0)
            }
        }
        let matrix = RatingMatrix(ratings: table, catalog: ModelFixtures.catalog(ids: Array(1...20)))
        let settings = ALSSettings(rank: 2, iterations: 40, regParam: 0.001, nonnegative: nonnegative, threads: 2)
        let rmse = try #require(try ALSTrainer.train(matrix, settings: settings).trainingRMSE(matrix))
        #expect(rmse < 0.05)
    }

    @Test("nonnegative ALS keeps every factor component and prediction at or above 0 (C10 B)")
    func nonnegativeFactors() throws {
        let catalog = ModelFixtures.catalog(ids: [10, 20, 30])
        let matrix = RatingMatrix(ratings: try ModelFixtures.caseRatings("C10", "ratings.csv"), catalog: catalog)
        let model = try ALSTrainer.train(matrix, settings: ALSSettings(nonnegative: true, threads: 1))
        #expect(model.userFactors.allSatisfy { $0 >= 0 })
        #expect(model.itemFactors.allSatisfy { $0 >= 0 })
        for user in 0..<model.userCount {
            let scores = try #require(model.scores(forUser: user))
            #expect(scores.allSatisfy { $0 >= 0 })
        }
        // Without the constraint the same data gives negative components: the test has teeth.
        let free = try ALSTrainer.train(matrix, settings: ALSSettings(nonnegative: false, threads: 1))
        #expect((free.userFactors + free.itemFactors).contains { $0 < 0 })
    }

    @Test("alpha is accepted and ignored in explicit mode: same factors for 1.0 and 40.0 (C10 A)")
    func alphaIgnored() throws {
        let decode = { (json: String) in try JSONDecoder().decode(ALSSettings.self, from: Data(json.utf8)) }
        let low = try decode(#"{"alpha": 1.0, "implicitPrefs": false, "seed": 42, "threads": 1}"#)
        let high = try decode(#"{"alpha": 40.0, "implicitPrefs": false, "seed": 42, "threads": 1}"#)
        #expect(low == high)
        let catalog = ModelFixtures.catalog(ids: [10, 20, 30])
        let matrix = RatingMatrix(ratings: try ModelFixtures.caseRatings("C10", "ratings.csv"), catalog: catalog)
        let first = try ALSTrainer.train(matrix, settings: low)
        let second = try ALSTrainer.train(matrix, settings: high)
        #expect(first.userFactors == second.userFactors)
        #expect(first.itemFactors == second.itemFactors)
    }

    @Test("a settings file asking for implicit feedback is rejected with a reason (C10 C)")
    func implicitRejected() {
        #expect(throws: CoreError.invalidSetting(
            name: "implicitPrefs",
            reason: "implicit-feedback ALS is not supported; recsite trains explicit ALS on star ratings")
        ) {
            try JSONDecoder().decode(ALSSettings.self, from: Data(#"{"implicitPrefs": true, "alpha": 40}"#.utf8))
        }
    }

    @Test("1 and 8 threads give bit-identical factors (C11)", arguments: [true, false])
    func threadCountFree(nonnegative: Bool) throws {
        let c11 = RatingMatrix(
            ratings: try ModelFixtures.caseRatings("C11", "ratings.csv"),
            catalog: ModelFixtures.catalog(ids: [10, 20, 30, 40, 50, 60, 70, 80]))
        let big = RatingMatrix(
            ratings: ModelFixtures.randomRatings(users: 300, items: 200, density: 0.1, seed: 11),
            catalog: ModelFixtures.catalog(ids: Array(1...200)))
        for matrix in [c11, big] {
            let one = try ALSTrainer.train(matrix, settings: ALSSettings(nonnegative: nonnegative, threads: 1))
            let eight = try ALSTrainer.train(matrix, settings: ALSSettings(nonnegative: nonnegative, threads: 8))
            #expect(one.userFactors == eight.userFactors)
            #expect(one.itemFactors == eight.itemFactors)
        }
    }

    @Test("the seed alone decides the factors: same seed equal, another seed different")
    func seeded() throws {
        let matrix = RatingMatrix(ratings: Self.randomTable, catalog: Self.randomCatalog)
        let a = try ALSTrainer.train(matrix, settings: ALSSettings(seed: 42, threads: 2))
        let b = try ALSTrainer.train(matrix, settings: ALSSettings(seed: 42, threads: 2))
        let c = try ALSTrainer.train(matrix, settings: ALSSettings(seed: 43, threads: 2))
        #expect(a.userFactors == b.userFactors)
        #expect(a.userFactors != c.userFactors)
    }

    @Test("initial factors have unit length")
    func unitInitialisation() throws {
        let matrix = RatingMatrix(ratings: Self.randomTable, catalog: Self.randomCatalog)
        let model = try ALSTrainer.train(matrix, settings: ALSSettings(rank: 10, iterations: 0, threads: 1))
        for user in 0..<model.userCount {
            let norm = model.userFactor(user)!.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-6)
        }
    }

    @Test("a movie nobody rated has no factor and no prediction")
    func coldItem() throws {
        let table = ModelFixtures.ratings([(1, 10, 4), (1, 20, 3), (2, 10, 5)])
        let matrix = RatingMatrix(ratings: table, catalog: ModelFixtures.catalog(ids: [10, 20, 30]))
        let model = try ALSTrainer.train(matrix, settings: ALSSettings(threads: 1))
        #expect(model.itemHasFactor == [true, true, false])
        #expect(model.predict(user: 0, item: 2) == nil)
        #expect(model.predict(user: 0, item: 0) != nil)
        #expect(model.itemFactor(2) == nil)
        #expect(model.scores(forUser: 0)?[2] == 0)
    }

    @Test("progress reports each iteration number once, in order")
    func progress() throws {
        let matrix = RatingMatrix(ratings: Self.randomTable, catalog: Self.randomCatalog)
        var seen: [Int] = []
        _ = try ALSTrainer.train(matrix, settings: ALSSettings(iterations: 4, threads: 2)) { seen.append($0) }
        #expect(seen == [1, 2, 3, 4])
    }

    @Test("settings out of range are named", arguments: [
        (ALSSettings(rank: 0), "rank"),
        (ALSSettings(iterations: -1), "iterations"),
        (ALSSettings(regParam: -0.1), "regParam"),
        (ALSSettings(regParam: .nan), "regParam"),
        (ALSSettings(threads: 0), "threads"),
    ])
    func invalidSettings(settings: ALSSettings, name: String) {
        let matrix = RatingMatrix(ratings: Self.randomTable, catalog: Self.randomCatalog)
        do {
            _ = try ALSTrainer.train(matrix, settings: settings)
            Issue.record("expected an error for \(name)")
        } catch let CoreError.invalidSetting(found, _) {
            #expect(found == name)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("settings encode without the thread count and decode with defaults for missing keys")
    func settingsCoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(ALSSettings(threads: 3)), as: UTF8.self)
        #expect(json == #"{"iterations":10,"nonnegative":true,"rank":10,"regParam":0.1,"seed":42}"#)
        let decoded = try JSONDecoder().decode(ALSSettings.self, from: Data(#"{"rank": 4}"#.utf8))
        #expect(decoded == ALSSettings(rank: 4))
    }
}
