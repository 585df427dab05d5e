import Foundation
import RecsiteCore
import RecsiteTestSupport

/// Small builders for the model and ranking tests: ratings, catalogs and the field cases' CSVs.
enum ModelFixtures {
    /// A ratings table from (user, movie, rating) triples.
    static func ratings(_ triples: [(user: Int, movie: Int, rating: Float)]) -> RatingsTable {
        var table = RatingsTable()
        for t in triples {
            table.append(user: Int32(t.user), movie: Int32(t.movie), rating: t.rating, timestamp: 0)
        }
        return table
    }

    /// A catalog of untitled movies with these ids.
    static func catalog(ids: [Int]) -> Catalog {
        Catalog(ids.map { Movie(id: $0, title: "Movie \($0)", genres: []) })
    }

    /// Rows of a field case's CSV file, header skipped, split on commas (these files have no quotes).
    static func caseRows(_ caseID: String, _ file: String) throws -> [[String]] {
        let url = SharedFolder.caseInput(caseID).appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// A field case's `userId,movieId,rating[,…]` file as a ratings table.
    static func caseRatings(_ caseID: String, _ file: String) throws -> RatingsTable {
        ratings(try caseRows(caseID, file).map { (Int($0[0])!, Int($0[1])!, Float($0[2])!) })
    }

    /// A field case's `movieId,title,genres` file (no quoted titles) as a catalog; the
    /// "(no genres listed)" sentinel becomes no genres, as the readers do.
    static func caseCatalog(_ caseID: String, _ file: String) throws -> Catalog {
        Catalog(try caseRows(caseID, file).map { row in
            let genres = row[2] == "(no genres listed)" ? [] : row[2].split(separator: "|").map(String.init)
            return Movie(id: Int(row[0])!, title: row[1], genres: genres)
        })
    }

    /// Random ratings on a users × items grid: each cell is rated with probability `density`,
    /// values in 1...5 in half steps, deterministic for a seed.
    static func randomRatings(users: Int, items: Int, density: Double, seed: UInt64) -> RatingsTable {
        var rng = SplitMix64(seed: seed)
        var table = RatingsTable()
        for u in 1...users {
            for i in 1...items where rng.nextUnitDouble() < density {
                table.append(user: Int32(u), movie: Int32(i), rating: Float(2 + rng.nextInt(below: 9)) / 2, timestamp: 0)
            }
        }
        return table
    }
}
