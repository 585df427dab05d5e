import Foundation

/// A small, deterministic MovieLens-format data set (ml-latest CSV layout) for end-to-end tests:
/// users who like one of three genre groups and rate its movies high, the others low.
package enum SyntheticMovieLens {
    package static let genreGroups = [["Comedy", "Romance"], ["Action", "Thriller"], ["Animation", "Children's"]]

    /// Writes `movies.csv` and `ratings.csv` into `folder` and returns it.
    @discardableResult
    package static func write(into folder: URL, users: Int = 30, movies: Int = 40, extraMovies: [(id: Int, title: String, genres: String)] = []) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var movieLines = ["movieId,title,genres"]
        for m in 1...movies {
            let group = genreGroups[m % 3]
            let title = m % 7 == 0 ? "\"Movie \(m), The (\(1980 + m % 30))\"" : "Movie \(m) (\(1980 + m % 30))"
            movieLines.append("\(m),\(title),\(group.joined(separator: "|"))")
        }
        for extra in extraMovies { movieLines.append("\(extra.id),\(csvField(extra.title)),\(extra.genres)") }
        var ratingLines = ["userId,movieId,rating,timestamp"]
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for u in 1...users {
            let taste = u % 3
            for m in 1...movies where next() % 3 != 0 {
                let liked = m % 3 == taste
                let base = liked ? 4.0 : 2.0
                let rating = min(5, max(0.5, base + Double(next() % 3) * 0.5 - 0.5))
                ratingLines.append("\(u),\(m),\(rating),\(978300000 + u * 1000 + m)")
            }
            for extra in extraMovies where u % 2 == 0 {
                ratingLines.append("\(u),\(extra.id),3.0,\(978300000 + u * 1000)")
            }
        }
        try (movieLines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("movies.csv"), atomically: true, encoding: .utf8)
        try (ratingLines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// The repository's root folder (for `templates/` and `data/`).
package enum PackageRoot {
    package static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
