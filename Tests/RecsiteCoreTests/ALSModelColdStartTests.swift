import Testing
import RecsiteCore

/// Case C08: Spark's coldStartStrategy "nan" vs "drop" on /work/shared/cases/inputs/C08.
@Suite("ALSModel cold start")
struct ALSModelColdStartTests {
    /// Trained with C08's params.json: rank 2, maxIter 10, regParam 0.1, seed 42, explicit, not nonnegative.
    private func trained() throws -> (ALSModel, Catalog) {
        let catalog = ModelFixtures.catalog(ids: [10, 20, 30])
        let matrix = RatingMatrix(ratings: try ModelFixtures.caseRatings("C08", "train.csv"), catalog: catalog)
        let settings = ALSSettings(rank: 2, iterations: 10, regParam: 0.1, nonnegative: false, seed: 42, threads: 1)
        return (try ALSTrainer.train(matrix, settings: settings), catalog)
    }

    private func pairs() throws -> [(userID: Int, movieID: Int)] {
        try ModelFixtures.caseRows("C08", "predict_pairs.csv").map { (Int($0[0])!, Int($0[1])!) }
    }

    @Test("nan keeps every pair: (1,30) finite, unknown user (3,10) and unknown movie (2,99) without a value")
    func nanStrategy() throws {
        let (model, catalog) = try trained()
        let predictions = model.predictions(pairs: try pairs(), catalog: catalog, coldStart: .nan)
        #expect(predictions.map(\.userID) == [1, 3, 2])
        #expect(predictions.map(\.movieID) == [30, 10, 99])
        let known = try #require(predictions[0].rating)
        #expect(known.isFinite)
        #expect(predictions[1].rating == nil)
        #expect(predictions[2].rating == nil)
    }

    @Test("drop returns only (1,30)")
    func dropStrategy() throws {
        let (model, catalog) = try trained()
        let predictions = model.predictions(pairs: try pairs(), catalog: catalog, coldStart: .drop)
        #expect(predictions.count == 1)
        #expect(predictions.first?.userID == 1)
        #expect(predictions.first?.movieID == 30)
        #expect(predictions.first?.rating == model.prediction(userID: 1, movieID: 30, catalog: catalog))
    }

    @Test("RMSE is undefined under nan when a pair is cold, and finite over the kept rows under drop")
    func rmse() throws {
        let (model, catalog) = try trained()
        // The C08 pairs with made-up held-out ratings.
        let test = ModelFixtures.ratings([(1, 30, 1.5), (3, 10, 4), (2, 99, 3)])
        let nan = model.error(on: test, catalog: catalog, coldStart: .nan)
        #expect(nan.rmse == nil)
        #expect(nan.scored == 1)
        #expect(nan.cold == 2)
        let drop = model.error(on: test, catalog: catalog, coldStart: .drop)
        let p = try #require(model.prediction(userID: 1, movieID: 30, catalog: catalog))
        #expect(drop.rmse == abs(1.5 - Double(p)))
        #expect(drop.mae == abs(1.5 - Double(p)))
        #expect(drop.scored == 1)
        #expect(drop.cold == 2)
    }

    @Test("with nothing scorable, both strategies report no RMSE rather than NaN")
    func nothingScorable() throws {
        let (model, catalog) = try trained()
        let test = ModelFixtures.ratings([(3, 10, 4)])
        #expect(model.error(on: test, catalog: catalog, coldStart: .drop).rmse == nil)
        #expect(model.error(on: test, catalog: catalog, coldStart: .nan).rmse == nil)
    }
}
