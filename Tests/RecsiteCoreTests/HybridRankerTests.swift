import Testing
import RecsiteCore

/// A hand-built world where every score can be worked out on paper.
///
/// Movies 1…6 (dense indices 0…5). ALS has rank 1, every user factor is 1 and the item factors
/// are (5, 2, 4, 3, 2, 1), so a prediction is the movie's own factor. Content vectors over three
/// terms: 1 = e0, 2 = e2, 3 = e1, 4 = e1, 5 = (e0 + e1)/√2, 6 = e0.
/// Ratings: user 100 rated 1 (5.0, liked) and 2 (2.0); user 200 rated 3 (3.0) and 4 (2.0), so
/// likes nothing; user 300 rated 4 (3.0); user 400 rated 6 (5.0) but ALS has no factor for 400.
private struct World {
    let catalog = ModelFixtures.catalog(ids: [1, 2, 3, 4, 5, 6])
    let history: RatingMatrix
    let model: ALSModel
    let content: ContentModel

    init() {
        let table = ModelFixtures.ratings([
            (100, 1, 5), (100, 2, 2), (200, 3, 3), (200, 4, 2), (300, 4, 3), (400, 6, 5),
        ])
        history = RatingMatrix(ratings: table, catalog: catalog)
        model = ALSModel(
            rank: 1, userIDs: [100, 200, 300], userFactors: [1, 1, 1],
            itemFactors: [5, 2, 4, 3, 2, 1], itemHasFactor: Array(repeating: true, count: 6))
        content = ContentModel(vectors: SparseRowMatrix(columnCount: 3, rows: [
            [(0, 1)], [(2, 1)], [(1, 1)], [(1, 1)], [(0, 1), (1, 1)], [(0, 1)],
        ]))
    }

    func ranker(_ settings: HybridSettings) throws -> HybridRanker {
        try HybridRanker(catalog: catalog, history: history, model: model, content: content, settings: settings)
    }
}

@Suite("HybridRanker")
struct HybridRankerTests {
    private let world = World()

    private func ids(_ list: [RankedMovie]) -> [Int] { list.map(\.movieID) }

    @Test("α = 0 gives the CF order, α = 1 the content order, α = 0.5 the hand-computed blend")
    func blendOrder() throws {
        let result = try world.ranker(HybridSettings(count: 10, alphas: [0, 0.5, 1])).recommend(userID: 100)
        #expect(result.basis == .blend)
        // CF: predictions 3 → 4, 4 → 3, 5 → 2, 6 → 1.
        #expect(ids(result.cfTop) == [3, 4, 5, 6])
        // Content: cos to movie 1 (e0): 6 → 1, 5 → 0.7071, 3 and 4 → 0 (tie, by id).
        #expect(ids(result.contentTop) == [6, 5, 3, 4])
        #expect(ids(result.hybrid[0].movies) == [3, 4, 5, 6])
        #expect(ids(result.hybrid[2].movies) == [6, 5, 3, 4])
        // Scaled CF (x − 1)/3: 3 → 1, 4 → ⅔, 5 → ⅓, 6 → 0. Scaled content: 3, 4 → 0, 5 → 0.7071, 6 → 1.
        // α = 0.5: 5 → 0.5202, 3 → 0.5, 6 → 0.5 (exact tie, 3 first by id), 4 → 0.3333.
        #expect(ids(result.hybrid[1].movies) == [5, 3, 6, 4])
        let five = result.hybrid[1].movies[0]
        #expect(five.predictedRating == 2)
        #expect(five.cfScore == Float(1.0 / 3.0))
        #expect(five.contentScore == Float(1 / 2.0.squareRoot()))
        #expect(five.score == Float(0.5 * Double(Float(1 / 2.0.squareRoot())) + 0.5 / 3.0))
        #expect(result.hybrid[1].movies[1].score == 0.5)
        #expect(result.hybrid[1].movies[2].score == 0.5)
    }

    @Test("the raw mix lets the rating dominate: α = 0.5 keeps the CF order where min-max does not")
    func rawVersusMinMax() throws {
        let raw = try world.ranker(HybridSettings(alphas: [0.5, 0.9], scale: .raw)).recommend(userID: 100)
        // α = 0.5: 3 → 2.0, 4 → 1.5, 5 → 0.3536 + 1 = 1.3536, 6 → 0.5 + 0.5 = 1.0.
        #expect(ids(raw.hybrid[0].movies) == [3, 4, 5, 6])
        #expect(raw.hybrid[0].movies[0].score == 2)
        #expect(raw.hybrid[0].movies[0].cfScore == 4)
        // α = 0.9: 6 → 1.0, 5 → 0.8364, 3 → 0.4, 4 → 0.3.
        #expect(ids(raw.hybrid[1].movies) == [6, 5, 3, 4])
        let scaled = try world.ranker(HybridSettings(alphas: [0.5], scale: .minMax)).recommend(userID: 100)
        #expect(ids(scaled.hybrid[0].movies) == [5, 3, 6, 4])
    }

    @Test("rated movies are never recommended in any list")
    func ratedExcluded() throws {
        let result = try world.ranker(HybridSettings()).recommend(userID: 100)
        let all = result.cfTop + result.contentTop + result.hybrid.flatMap(\.movies)
        #expect(!all.contains { $0.movieID == 1 || $0.movieID == 2 })
        #expect(result.candidateCount == 4)
        #expect(result.ratedCount == 2)
        #expect(result.likedMovieIndices == [0])
    }

    @Test("top-N keeps the N best in order")
    func topN() throws {
        let result = try world.ranker(HybridSettings(count: 2, alphas: [0.5])).recommend(userID: 100)
        #expect(ids(result.cfTop) == [3, 4])
        #expect(ids(result.hybrid[0].movies) == [5, 3])
    }

    @Test("a user without ALS factors is ranked by content alone, and says so (C08)")
    func coldUser() throws {
        let result = try world.ranker(HybridSettings(alphas: [0, 0.5])).recommend(userID: 400)
        #expect(result.cf == .coldUser)
        #expect(result.content == .available)
        #expect(result.basis == .contentOnly)
        #expect(result.cfTop.isEmpty)
        // Liked 6 = e0: 1 → 1, 5 → 0.7071, then 2, 3, 4 tie at 0 and follow by id.
        #expect(ids(result.contentTop) == [1, 5, 2, 3, 4])
        #expect(result.hybrid.allSatisfy { ids($0.movies) == [1, 5, 2, 3, 4] })
        #expect(result.hybrid[0].movies.allSatisfy { $0.predictedRating == nil && $0.cfScore == nil && $0.score.isFinite })
    }

    @Test("a user with no liked movie is profiled by their highest-rated movies, and the result says so; the threshold is a parameter")
    func noLikedMovies() throws {
        // User 200 rated 3 (3.0) and 4 (2.0): movie 3 (e1) stands in for liked movies.
        let result = try world.ranker(HybridSettings(alphas: [0, 1])).recommend(userID: 200)
        #expect(result.likedMovieIndices.isEmpty)
        #expect(result.profileMovieIndices == [2])
        #expect(result.profileRating == 3)
        #expect(result.content == .available)
        #expect(result.basis == .blend)
        // Cosine to e1 over the candidates 1, 2, 5, 6: 5 → 0.7071, the rest 0 (by id).
        #expect(ids(result.contentTop) == [5, 1, 2, 6])
        #expect(ids(result.hybrid[1].movies) == [5, 1, 2, 6])
        // α = 0 stays the CF order: predictions 1 → 5, 2 → 2, 5 → 2 (tie, 2 first), 6 → 1.
        #expect(ids(result.hybrid[0].movies) == [1, 2, 5, 6])
        // Ties at the top rating all join the profile.
        let tied = try HybridRanker(
            catalog: world.catalog,
            history: RatingMatrix(ratings: ModelFixtures.ratings([(500, 3, 2), (500, 6, 2), (500, 2, 1)]), catalog: world.catalog),
            model: world.model, content: world.content, settings: HybridSettings(alphas: [1])).recommend(userID: 500)
        #expect(tied.profileMovieIndices == [2, 5])
        #expect(tied.profileRating == 2)
        let lenient = try world.ranker(HybridSettings(alphas: [1], likedThreshold: 3)).recommend(userID: 200)
        #expect(lenient.basis == .blend)
        #expect(lenient.likedMovieIndices == [2])
        #expect(lenient.profileMovieIndices == [2])
        #expect(lenient.profileRating == nil)
    }

    @Test("a user nobody knows gets the most-rated movies and the result says so")
    func unknownUser() throws {
        let result = try world.ranker(HybridSettings(alphas: [0.5])).recommend(userID: 999)
        #expect(result.cf == .coldUser)
        #expect(result.content == .noLikedMovies)
        #expect(result.basis == .popularity)
        // Movie 4 has 2 ratings; 1, 2, 3, 6 have one each (by id); 5 has none.
        #expect(ids(result.hybrid[0].movies) == [4, 1, 2, 3, 6])
    }

    @Test("liked movies with empty documents leave content unavailable; the blend falls back to CF (C13)")
    func emptyContent() throws {
        let blank = ContentModel(vectors: SparseRowMatrix(columnCount: 0, rows: Array(repeating: [], count: 6)))
        let ranker = try HybridRanker(
            catalog: world.catalog, history: world.history, model: world.model, content: blank,
            settings: HybridSettings(alphas: [0.5]))
        let result = ranker.recommend(userID: 100)
        #expect(result.content == .noContentSignal)
        #expect(result.basis == .cfOnly)
        #expect(ids(result.hybrid[0].movies) == [3, 4, 5, 6])
    }

    @Test("a movie without an ALS factor is left out of the CF list but can still be blended")
    func coldItem() throws {
        let model = ALSModel(
            rank: 1, userIDs: [100], userFactors: [1], itemFactors: [5, 2, 4, 3, 2, 0],
            itemHasFactor: [true, true, true, true, true, false])
        let ranker = try HybridRanker(
            catalog: world.catalog, history: world.history, model: model, content: world.content,
            settings: HybridSettings(alphas: [0.5, 1]))
        let result = ranker.recommend(userID: 100)
        #expect(ids(result.cfTop) == [3, 4, 5])
        // CF is scaled over 3, 4, 5 (predictions 4, 3, 2 → 1, ½, 0); movie 6 takes the floor 0.
        // α = 0.5: 3 → 0.5, 6 → 0.5 (content 1; tie, 3 first by id), 5 → 0.3536, 4 → 0.25.
        #expect(ids(result.hybrid[0].movies) == [3, 6, 5, 4])
        #expect(result.hybrid[0].movies[1].predictedRating == nil)
        #expect(result.hybrid[0].movies[1].cfScore == nil)
        #expect(ids(result.hybrid[1].movies) == ids(result.contentTop))
    }

    @Test("out-of-range blend weights and counts are rejected", arguments: [
        (HybridSettings(alphas: [1.5]), "alpha"),
        (HybridSettings(alphas: [.nan]), "alpha"),
        (HybridSettings(alphas: []), "alpha"),
        (HybridSettings(count: 0), "top-N count"),
    ])
    func invalidSettings(settings: HybridSettings, name: String) {
        do {
            _ = try world.ranker(settings)
            Issue.record("expected an error for \(name)")
        } catch let CoreError.invalidSetting(found, _) {
            #expect(found == name)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("equal scores rank by ascending movie id, and 1 or 8 threads give the same lists (C11)")
    func c11() throws {
        let catalog = try ModelFixtures.caseCatalog("C11", "movies.csv")
        let history = RatingMatrix(ratings: try ModelFixtures.caseRatings("C11", "ratings.csv"), catalog: catalog)
        let content = ContentModel(catalog: catalog)
        func lists(threads: Int) throws -> [UserRecommendations] {
            let model = try ALSTrainer.train(history, settings: ALSSettings(threads: threads))
            let ranker = try HybridRanker(catalog: catalog, history: history, model: model, content: content)
            return ranker.recommend(userIDs: history.userIDs, threads: threads)
        }
        let one = try lists(threads: 1)
        #expect(one == (try lists(threads: 8)))
        // User 5 likes only 60 (Zeta, Comedy, 2002) and has seen 50: the unseen dramas 10, 30, 40
        // and the horror 70 all score 0 and come in id order.
        let user5 = try #require(one.first { $0.userID == 5 })
        #expect(ids(user5.contentTop) == [10, 30, 40, 70])
        // User 12 likes 40 (Drama 2001), 60 (Comedy 2002) and 80 (Horror 2003). Title words are
        // unique, so 50 and 70 match their liked twin equally (0.593/3), as do 10 and 20 (0.482/3).
        let user12 = try #require(one.first { $0.userID == 12 })
        #expect(ids(user12.contentTop) == [50, 70, 10, 20])
        #expect(user12.contentTop[0].score == user12.contentTop[1].score)
        #expect(user12.contentTop[2].score == user12.contentTop[3].score)
        for user in one {
            for list in [user.cfTop, user.contentTop] + user.hybrid.map(\.movies) {
                for (a, b) in zip(list, list.dropFirst()) {
                    #expect(a.score > b.score || (a.score == b.score && a.movieID < b.movieID))
                }
            }
        }
    }
}
