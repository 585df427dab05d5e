import Testing
import RecsiteCore

/// ml-100k lists 18 films under two ids (e.g. "Chasing Amy (1997)" as 246 and 268): a user who
/// rated one copy must never be offered the other, and a list never shows a film twice.
@Suite("Films listed under two ids")
struct DuplicateFilmTests {
    let catalog = Catalog([
        Movie(id: 1, title: "Chasing Amy (1997)", year: 1997, genres: ["Drama"]),
        Movie(id: 2, title: "Heat (1995)", year: 1995, genres: ["Crime"]),
        Movie(id: 3, title: "chasing amy (1997)", year: 1997, genres: ["Drama"]),
        Movie(id: 4, title: "Sabrina (1954)", year: 1954, genres: ["Comedy"]),
        Movie(id: 5, title: "Sabrina (1995)", year: 1995, genres: ["Comedy"]),
    ])

    @Test("same title and year (ignoring case) is the same film; a remake is not")
    func grouping() {
        #expect(catalog.duplicates(of: 0) == [2])
        #expect(catalog.duplicates(of: 2) == [0])
        #expect(catalog.canonicalIndex(of: 2) == 0)
        #expect(catalog.duplicates(of: 3) == [])
        #expect(catalog.duplicates(of: 4) == [])
    }

    private func ranker(_ ratings: [(Int, Int, Float)], minRatings: Int = 0) throws -> HybridRanker {
        var table = RatingsTable()
        for (user, movie, value) in ratings { table.append(user: Int32(user), movie: Int32(movie), rating: value, timestamp: 0) }
        let matrix = RatingMatrix(ratings: table, catalog: catalog)
        let model = try ALSTrainer.train(matrix, settings: ALSSettings(rank: 2, iterations: 3, threads: 1))
        return try HybridRanker(catalog: catalog, history: matrix, model: model, content: ContentModel(catalog: catalog),
                                settings: HybridSettings(count: 5, alphas: [0, 1], minRatings: minRatings))
    }

    @Test("a user who rated one copy is offered neither copy")
    func ratedCopyExcludesTheOther() throws {
        let result = try ranker([(10, 1, 5), (10, 2, 4), (20, 3, 4), (20, 4, 2), (20, 5, 3)]).recommend(userID: 10)
        let lists = [result.cfTop, result.contentTop] + result.hybrid.map(\.movies)
        for list in lists { #expect(!list.contains { $0.movieID == 3 }) }
        // Sabrina (1995) shares the token "1995" with the liked Heat (1995), so it ranks first.
        #expect(result.contentTop.map(\.movieID) == [5, 4])
    }

    @Test("an unrated film with two ids appears once, under its first id")
    func oneEntryPerFilm() throws {
        let result = try ranker([(10, 2, 5), (20, 1, 4), (20, 3, 4), (20, 4, 2)]).recommend(userID: 10)
        for list in [result.cfTop, result.contentTop] + result.hybrid.map(\.movies) {
            #expect(list.filter { $0.movieID == 1 || $0.movieID == 3 }.map(\.movieID) == (list.contains { $0.movieID == 1 } ? [1] : []))
        }
        #expect(result.contentTop.map(\.movieID).sorted() == [1, 4, 5])
    }

    @Test("--min-ratings keeps thinly rated films out of every list")
    func minRatings() throws {
        let result = try ranker([(10, 2, 5), (20, 1, 4), (30, 1, 3), (20, 4, 2)], minRatings: 2).recommend(userID: 10)
        for list in [result.cfTop, result.contentTop] + result.hybrid.map(\.movies) {
            #expect(list.map(\.movieID) == [1])
        }
    }
}
