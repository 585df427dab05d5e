import Foundation
import Testing
import RecsiteCore
import RecsiteTestSupport

@Suite("ContentModel")
struct ContentModelTests {
    /// Three one-hot style rows and one mixed row, so scores can be checked by hand:
    /// item 0 = e0, item 1 = e1, item 2 = (e0 + e1)/√2 (stored unnormalised as (1,1)), item 3 = 0.
    private let model = ContentModel(vectors: SparseRowMatrix(columnCount: 2, rows: [
        [(0, 1)], [(1, 1)], [(0, 1), (1, 1)], [],
    ]))

    @Test("content scores are the mean cosine to the liked movies")
    func meanCosine() {
        // Liked 0 and 1: mean vector (½, ½). Scores: item 0 → ½, item 1 → ½,
        // item 2 → (½ + ½)/√2 = 0.70710677, item 3 → 0.
        let scores = model.scores(likedItems: [0, 1])
        #expect(scores == [0.5, 0.5, Float(1 / 2.0.squareRoot()), 0])
        #expect(model.scores(likedItems: [0]) == [1, 0, Float(1 / 2.0.squareRoot()), 0])
    }

    @Test("a liked movie with a zero vector counts in the mean as cosine 0")
    func zeroLiked() {
        #expect(model.scores(likedItems: [0, 3]) == [0.5, 0, Float(0.5 / 2.0.squareRoot()), 0])
        #expect(model.scores(likedItems: []) == [0, 0, 0, 0])
    }

    @Test("nearest liked movies come best first, skip zero similarity and the item itself")
    func nearestLiked() {
        let near = model.nearestLiked(item: 2, liked: [3, 1, 0, 2], count: 5)
        // Items 0 and 1 tie at 1/√2: the lower index comes first.
        #expect(near == [Neighbour(item: 0, similarity: model.cosine(2, 0)), Neighbour(item: 1, similarity: model.cosine(2, 1))])
        #expect(model.nearestLiked(item: 2, liked: [0, 1], count: 1).map(\.item) == [0])
    }

    @Test("genre-less movies never match through sentinel words (C04)")
    func noGenresSentinel() throws {
        let catalog = try ModelFixtures.caseCatalog("C04", "movies.csv")
        let content = ContentModel(catalog: catalog)
        for word in ["no", "genres", "listed"] { #expect(!content.vocabulary.contains(word)) }
        let cravate = try #require(catalog.index(of: 114335))
        let cosmos = try #require(catalog.index(of: 171495))
        #expect(content.cosine(cravate, cosmos) == 0)
        #expect(content.vocabulary == [
            // "Ben-hur" loses its hyphen with the rest of the title's punctuation, as in the reference.
            "1957", "1995", "2016", "adventure", "animation", "benhur", "children", "comedy", "cosmos",
            "cravate", "fantasy", "la", "story", "toy",
        ])
    }

    @Test("an empty document has a zero vector, no neighbours and similarity 0; It (1990) and It (2017) share Horror (C13)")
    func emptyDocument() throws {
        let catalog = try ModelFixtures.caseCatalog("C13", "movies.csv")
        let content = ContentModel(catalog: catalog)
        let empty = try #require(catalog.index(of: 900001))
        #expect(content.isZero(item: empty))
        for other in 0..<catalog.count { #expect(content.cosine(empty, other) == 0) }
        #expect(content.topNeighbours(item: empty, k: 5).isEmpty)
        let it1990 = try #require(catalog.index(of: 26693)), it2017 = try #require(catalog.index(of: 175303))
        #expect(content.cosine(it1990, it2017) > 0)
        #expect(content.scores(likedItems: [empty]).allSatisfy { $0 == 0 })
        #expect(content.hasSignal)
    }

    @Test("an all-empty corpus degrades to zero scores without crashing (C13)")
    func allEmpty() throws {
        let catalog = try ModelFixtures.caseCatalog("C13", "movies_all_empty.csv")
        let content = ContentModel(catalog: catalog)
        #expect(!content.hasSignal)
        #expect(content.vocabulary.isEmpty)
        #expect(content.scores(likedItems: [0, 1, 2]) == [0, 0, 0])
        #expect(content.topNeighbours(item: 0, k: 3).isEmpty)
        #expect(content.neighbourTable(k: 3, threads: 2).counts == [0, 0, 0])
    }

    @Test("cosine is 0 for a zero vector, itself included, and 1 for parallel vectors (C14)")
    func cosineCases() throws {
        let url = SharedFolder.caseInput("C14").appendingPathComponent("vectors.json")
        let v = try JSONDecoder().decode([String: [Double]].self, from: Data(contentsOf: url))
        let a = try #require(v["a"]), b = try #require(v["b"]), c = try #require(v["c"]), d = try #require(v["d"])
        #expect(Cosine.dense(a, b) == 0)
        #expect(Cosine.dense(a, c) == 0)
        #expect(Cosine.dense(a, a) == 0)
        #expect(abs(Cosine.dense(b, d) - 1) <= 1e-9)
        #expect(Cosine.sparse([], [], [0, 2], [0.5, 0.5]) == 0)
        #expect(abs(Cosine.sparse([0, 2], [0.5, 0.5], [0, 2], [1, 1]) - 1) <= 1e-9)
        #expect(Cosine.sparse([0, 1], [1, 0], [1, 2], [1, 1]) == 0)
    }

    @Test("neighbour lists never hold the item itself and a zero vector has none (C14)")
    func cosineNeighbours() throws {
        let url = SharedFolder.caseInput("C14").appendingPathComponent("vectors.json")
        let v = try JSONDecoder().decode([String: [Double]].self, from: Data(contentsOf: url))
        let names = ["a", "b", "c", "d"]
        let rows = names.map { name in v[name]!.enumerated().map { (column: $0.offset, value: Float($0.element)) } }
        let content = ContentModel(vectors: SparseRowMatrix(columnCount: 3, rows: rows))
        #expect(content.topNeighbours(item: 0, k: 3).isEmpty)
        #expect(content.topNeighbours(item: 1, k: 3).map(\.item) == [3])
        #expect(content.topNeighbours(item: 2, k: 3).isEmpty)
        #expect(content.topNeighbours(item: 3, k: 3).map(\.item) == [1])
    }

    @Test("top-K through the inverted index equals brute-force cosine on a small corpus (C15)")
    func invertedIndexEqualsBruteForce() {
        // 300 synthetic movies: 2–4 title words from 60 and 1–3 genres from 12, seeded.
        var rng = SplitMix64(seed: 1)
        let genres = (0..<12).map { "genre\($0)" }
        let movies = (1...300).map { id -> Movie in
            let words = (0..<(2 + rng.nextInt(below: 3))).map { _ in "word\(rng.nextInt(below: 60))" }
            let picked = (0..<(1 + rng.nextInt(below: 3))).map { _ in genres[rng.nextInt(below: 12)] }
            return Movie(id: id, title: words.joined(separator: " "), genres: picked)
        }
        let content = ContentModel(catalog: Catalog(movies))
        let table = content.neighbourTable(k: 10, threads: 4)
        for item in 0..<300 {
            var brute: [(Float, Int)] = []
            for other in 0..<300 where other != item {
                let s = content.cosine(item, other)
                if s > 0 { brute.append((s, other)) }
            }
            brute.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            let expected = brute.prefix(10).map { Neighbour(item: $0.1, similarity: $0.0) }
            #expect(content.topNeighbours(item: item, k: 10) == expected)
            #expect(table.neighbours(of: item) == expected)
        }
        #expect(content.neighbourTable(k: 10, threads: 1).items == table.items)
    }
}
