import Foundation
import Testing
import RecsiteCore

/// Two doubles agree to the last few bits (the hand arithmetic and the code sum the same terms).
private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

/// Movies A…H are dense indices 0…7 in these tests.
private let (A, B, C, D, E, F, G, H) = (0, 1, 2, 3, 4, 5, 6, 7)

@Suite("Evaluation metrics against hand-computed values")
struct EvaluationMetricsTests {
    @Test("list [A,B,C,D,E], relevant {B,E,F}, k = 5")
    func fullList() {
        let s = RankingScores(list: [A, B, C, D, E], relevant: [B, E, F], k: 5)
        // Hits at ranks 2 and 5.
        // P = 2 / 5; R = 2 / 3.
        #expect(close(s.precision, 0.4))
        #expect(close(s.recall, 2.0 / 3.0))
        // DCG = 1/log2(3) + 1/log2(6); IDCG over min(3, 5) = 3 hits = 1 + 1/log2(3) + 1/log2(4)
        // = (0.630930 + 0.386853) / (1 + 0.630930 + 0.5) = 0.4776237…
        #expect(close(s.ndcg, (1 / log2(3.0) + 1 / log2(6.0)) / (1 + 1 / log2(3.0) + 1 / log2(4.0))))
        #expect(close(s.ndcg, 0.4776237035032179))
        // AP = (P@2 + P@5) / min(3, 5) = (1/2 + 2/5) / 3 = 0.3.
        #expect(close(s.averagePrecision, 0.3))
        #expect(s.hit == 1)
    }

    @Test("the same list cut at k = 3 keeps one hit")
    func cutAtK() {
        let s = RankingScores(list: [A, B, C, D, E], relevant: [B, E, F], k: 3)
        // Only B (rank 2) is in the top 3: P = 1/3, R = 1/3.
        #expect(close(s.precision, 1.0 / 3.0))
        #expect(close(s.recall, 1.0 / 3.0))
        // DCG = 1/log2(3); IDCG over min(3, 3) = 3 hits = 1 + 1/log2(3) + 1/2 → 0.2960819…
        #expect(close(s.ndcg, 0.2960819109658652))
        // AP = (1/2) / min(3, 3) = 1/6.
        #expect(close(s.averagePrecision, 1.0 / 6.0))
        #expect(s.hit == 1)
    }

    @Test("a list shorter than k is still divided by k")
    func shortList() {
        let s = RankingScores(list: [B], relevant: [B, E], k: 5)
        // P = 1 / 5 (not 1 / 1); R = 1 / 2.
        #expect(close(s.precision, 0.2))
        #expect(close(s.recall, 0.5))
        // DCG = 1/log2(2) = 1; IDCG over min(2, 5) = 2 hits = 1 + 1/log2(3) → 0.6131471…
        #expect(close(s.ndcg, 0.6131471927654584))
        // AP = (P@1 = 1) / min(2, 5) = 0.5.
        #expect(close(s.averagePrecision, 0.5))
    }

    @Test("more relevant movies than k: IDCG and AP use min(|T|, k)")
    func manyRelevant() {
        let s = RankingScores(list: [H, B], relevant: [B, C, D, E, F, G], k: 2)
        // Hit at rank 2: P = 1/2, R = 1/6.
        #expect(close(s.precision, 0.5))
        #expect(close(s.recall, 1.0 / 6.0))
        // DCG = 1/log2(3); IDCG = 1 + 1/log2(3) (two ideal hits, not six) → 0.3868528…
        #expect(close(s.ndcg, 0.38685280723454163))
        // AP = (P@2 = 1/2) / min(6, 2) = 0.25.
        #expect(close(s.averagePrecision, 0.25))
    }

    @Test("an empty list, a list with no hit and an empty relevant set all score zeros")
    func zeros() {
        #expect(RankingScores(list: [], relevant: [A], k: 10) == .zero)
        #expect(RankingScores(list: [B, C], relevant: [A], k: 10) == .zero)
        #expect(RankingScores(list: [A, B], relevant: [], k: 10) == .zero)
    }

    @Test("a row averages over every evaluated user, an empty list counting as zeros")
    func rowMeans() {
        let scorer = EvaluationRowScorer(
            k: 5, relevant: [[B, E, F], [A]], genres: GenreVectors(catalog: genreCatalog),
            raters: [1, 1, 1, 1, 1, 1, 1, 1], trainUserCount: 2)
        let row = scorer.row(name: "CF", lists: [[A, B, C, D, E], []])
        // User 1 scores the first test's values; user 2 has no list and scores 0 everywhere.
        #expect(row.name == "CF")
        #expect(row.alpha == nil)
        #expect(close(row.precision, 0.4 / 2))
        #expect(close(row.recall, (2.0 / 3.0) / 2))
        #expect(close(row.ndcg, 0.4776237035032179 / 2))
        #expect(close(row.map, 0.3 / 2))
        #expect(close(row.hitRate, 0.5))
        // 5 distinct movies of 8 rated in training.
        #expect(close(row.coverage, 5.0 / 8.0))
    }

    @Test("a row cuts each list to k before every metric")
    func rowCutsToK() {
        let scorer = EvaluationRowScorer(
            k: 2, relevant: [[C]], genres: GenreVectors(catalog: genreCatalog),
            raters: [2, 2, 2, 2, 0, 0, 0, 0], trainUserCount: 2)
        let row = scorer.row(name: "Content", lists: [[A, B, C]])
        // C is third, beyond k = 2: no hit; coverage counts A and B only, of 4 training movies.
        #expect(row.precision == 0)
        #expect(row.hitRate == 0)
        #expect(close(row.coverage, 2.0 / 4.0))
    }

    @Test("catalog coverage is the union of the lists over the training movies")
    func coverage() {
        // {A, B} ∪ {B, C} = {A, B, C}: 3 of 4 training movies.
        #expect(close(BeyondAccuracyMetrics.catalogCoverage(lists: [[A, B], [B, C]], trainItemCount: 4), 0.75))
        #expect(BeyondAccuracyMetrics.catalogCoverage(lists: [[]], trainItemCount: 4) == 0)
        #expect(BeyondAccuracyMetrics.catalogCoverage(lists: [[A]], trainItemCount: 0) == 0)
    }

    /// A = Action|Comedy, B = Comedy, C = Drama, D = no genres, E = Comedy|Action|Comedy.
    private static let genreMovies = [
        Movie(id: 1, title: "A", genres: ["Action", "Comedy"]), Movie(id: 2, title: "B", genres: ["Comedy"]),
        Movie(id: 3, title: "C", genres: ["Drama"]), Movie(id: 4, title: "D", genres: []),
        Movie(id: 5, title: "E", genres: ["Comedy", "Action", "Comedy"]), Movie(id: 6, title: "F", genres: ["Drama"]),
        Movie(id: 7, title: "G", genres: ["Drama"]), Movie(id: 8, title: "H", genres: ["Drama"]),
    ]
    private let genreCatalog = Catalog(EvaluationMetricsTests.genreMovies)

    @Test("genre cosine: shared genres over the root of the sizes; no genres gives 0")
    func genreCosine() {
        let g = GenreVectors(catalog: genreCatalog)
        #expect(g.genres == ["Action", "Comedy", "Drama"])
        // A·B = 1 shared / √(2·1).
        #expect(close(g.cosine(A, B), 1 / 2.0.squareRoot()))
        #expect(g.cosine(A, C) == 0)
        #expect(g.cosine(D, D) == 0)
        // E repeats Comedy, which counts once: E = A.
        #expect(close(g.cosine(A, E), 1))
    }

    @Test("diversity is the mean over lists of 1 − mean pairwise genre cosine")
    func diversity() {
        let g = GenreVectors(catalog: genreCatalog)
        // [A, B, C]: pairs A·B = 1/√2, A·C = 0, B·C = 0 → ILS = (1/√2)/3 → 1 − ILS = 0.7642977…
        // [B, D]: one pair, cosine 0 (D has no genres) → 1 − 0 = 1.
        // [C]: no pair, left out. Mean = (0.7642977 + 1) / 2 = 0.8821488…
        let value = BeyondAccuracyMetrics.diversity(lists: [[A, B, C], [B, D], [C]], genres: g)
        #expect(close(value, (1 - (1 / 2.0.squareRoot()) / 3 + 1) / 2))
        #expect(close(value, 0.8821488698022422))
        // [C, F, G]: all Drama → ILS 1 → diversity 0; no pair at all → 0.
        #expect(BeyondAccuracyMetrics.diversity(lists: [[C, F, G]], genres: g) == 0)
        #expect(BeyondAccuracyMetrics.diversity(lists: [[A], []], genres: g) == 0)
    }

    @Test("novelty is the mean over slots of −log2(raters / training users), unrated movies left out")
    func novelty() {
        // 4 training users; A rated by 4 (p = 1, 0 bits), B by 2 (1 bit), C by 1 (2 bits), D by none.
        let raters = [4, 2, 1, 0]
        // Slots A, B | B, C, D → bits 0, 1, 1, 2 and D left out → 4 / 4 = 1.
        #expect(BeyondAccuracyMetrics.novelty(lists: [[A, B], [B, C, D]], raters: raters, trainUserCount: 4) == 1)
        // A movie recommended twice counts twice: slots C, C, A → (2 + 2 + 0) / 3.
        #expect(close(BeyondAccuracyMetrics.novelty(lists: [[C], [C, A]], raters: raters, trainUserCount: 4), 4.0 / 3.0))
        #expect(BeyondAccuracyMetrics.novelty(lists: [[D], []], raters: raters, trainUserCount: 4) == 0)
    }

    @Test("RMSE and MAE drop and count cold pairs; the global-mean baseline uses the same pairs")
    func ratingErrors() {
        // Rank 1: users 1 → 1, 2 → 1.5; movies 10 → 3, 20 → 2, 30 has no factor.
        let catalog = ModelFixtures.catalog(ids: [10, 20, 30])
        let model = ALSModel(rank: 1, userIDs: [1, 2], userFactors: [1, 1.5],
                             itemFactors: [3, 2, 0], itemHasFactor: [true, true, false])
        let train = ModelFixtures.ratings([(1, 20, 3), (2, 30, 4), (1, 10, 5)])
        let test = ModelFixtures.ratings([
            (1, 10, 4),  // 3.0 predicted, error 1
            (2, 20, 2),  // 3.0 predicted, error −1
            (2, 10, 4),  // 4.5 predicted, error −0.5
            (1, 30, 5),  // movie 30 has no factor: dropped
            (3, 10, 4),  // user 3 is unknown: dropped
        ])
        let m = RatingMetrics(model: model, test: test, train: train, catalog: catalog)
        // RMSE = √((1 + 1 + 0.25) / 3) = √0.75; MAE = (1 + 1 + 0.5) / 3.
        #expect(m.rmse.map { close($0, 0.75.squareRoot()) } == true)
        #expect(m.mae.map { close($0, 2.5 / 3) } == true)
        #expect(m.scored == 3)
        #expect(m.cold == 2)
        // Training mean (3 + 4 + 5) / 3 = 4: errors 0, −2, 0 on the scored pairs → √(4/3).
        #expect(m.globalMeanRMSE.map { close($0, (4.0 / 3.0).squareRoot()) } == true)
    }

    @Test("with nothing scorable, RMSE and MAE are absent, not NaN")
    func nothingScored() {
        let catalog = ModelFixtures.catalog(ids: [10])
        let model = ALSModel(rank: 1, userIDs: [1], userFactors: [1], itemFactors: [0], itemHasFactor: [false])
        let m = RatingMetrics(model: model, test: ModelFixtures.ratings([(1, 10, 4)]), train: RatingsTable(), catalog: catalog)
        #expect(m == RatingMetrics(rmse: nil, mae: nil, scored: 0, cold: 1, globalMeanRMSE: nil))
    }
}
