/// Reads MovieLens 100K as published: `u.item` (pipe-separated, Latin-1, 19 genre flags)
/// and `u.data` (tab-separated `user item rating timestamp`, no header).
enum MovieLens100KReader {
    static let moviesFile = "u.item"
    static let ratingsFile = "u.data"

    /// The names of u.item's 19 genre flags, in column order (from ml-100k's `u.genre`).
    static let genreNames = [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
        "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]

    /// id, title, release date, video release date, IMDb URL, then the flags.
    private static let fieldCount = 5 + 19

    static func readMovies(_ file: DataFile, issues: inout IssueRecorder) throws -> MoviesCollector {
        var collector = MoviesCollector(file: file)
        try file.withBytes { bytes in
            // The published u.item is ISO-8859-1 (é in "Misérables"); a re-saved UTF-8 copy also works.
            let encoding = TextDecoding.detect(bytes)
            var scanner = ByteScanner(bytes: bytes, separator: .pipe)
            while scanner.nextRecord() {
                let line = scanner.line
                guard scanner.fieldCount == fieldCount else {
                    try collector.malformed(
                        line: line,
                        "expected \(fieldCount) fields separated by '|' (id, title, release date, video release date, URL, 19 genre flags), found \(scanner.fieldCount)",
                        issues: &issues)
                    continue
                }
                guard let id = try collector.id(scanner, scanner[0], issues: &issues) else { continue }
                var genres: [String] = []
                var badFlag: Int? = nil
                for k in 0..<genreNames.count {
                    let flag = scanner.slice(scanner[5 + k])
                    if flag.count == 1, flag[0] == UInt8(ascii: "1") {
                        genres.append(genreNames[k])
                    } else if !(flag.count == 1 && flag[0] == UInt8(ascii: "0")) {
                        badFlag = k
                        break
                    }
                }
                if let k = badFlag {
                    try collector.malformed(
                        line: line, "genre flag \(genreNames[k]) is \(scanner.quoted(scanner[5 + k])), expected 0 or 1", issues: &issues)
                    continue
                }
                let title = try collector.text(scanner, scanner[1], encoding: encoding, line: line, issues: &issues)
                let releaseDate = try collector.text(scanner, scanner[2], encoding: encoding, line: line, issues: &issues)
                let year = MovieFields.year(fromTitle: title) ?? MovieFields.year(fromReleaseDate: releaseDate)
                // The `unknown` flag marks movies with no genre (items 267 and 1373), not a genre.
                genres.removeAll { MovieFields.noGenreSentinels.contains($0) }
                try collector.add(Movie(id: id, title: title, year: year, genres: genres), line: line, issues: &issues)
            }
        }
        return collector
    }

    static func readRatings(
        _ file: DataFile, moviesFile: String, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try file.withBytes { bytes in
            var scanner = ByteScanner(bytes: bytes, separator: .tab)
            var collector = RatingsCollector(
                file: file.name, moviesFile: moviesFile, movies: movies, expectedRows: scanner.estimatedLineCount)
            while scanner.nextRecord() {
                guard scanner.fieldCount == 4 else {
                    try collector.malformed(
                        line: scanner.line,
                        "expected 4 tab-separated fields (user id, item id, rating, timestamp), found \(scanner.fieldCount)",
                        issues: &issues)
                    continue
                }
                try collector.add(
                    scanner, user: scanner[0], movie: scanner[1], rating: scanner[2], timestamp: scanner[3], issues: &issues)
            }
            return collector
        }
    }
}
