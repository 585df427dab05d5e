/// Reads ml-1m and ml-10m: `movies.dat` (`MovieID::Title::Genres`) and `ratings.dat`
/// (`UserID::MovieID::Rating::Timestamp`), no header.
///
/// Fields are split on the literal `::` only: titles contain single colons
/// (`Star Wars: Episode V …`) and may begin with a quote (`"Great Performances" Cats`),
/// which here is an ordinary character. ml-1m's movies.dat is Latin-1.
enum DatLayoutReader {
    static let moviesFile = "movies.dat"
    static let ratingsFile = "ratings.dat"

    static func readMovies(_ file: DataFile, issues: inout IssueRecorder) throws -> MoviesCollector {
        var collector = MoviesCollector(file: file)
        try file.withBytes { bytes in
            let encoding = TextDecoding.detect(bytes)
            var scanner = ByteScanner(bytes: bytes, separator: .doubleColon)
            while scanner.nextRecord() {
                let line = scanner.line
                guard scanner.fieldCount == 3 else {
                    try collector.malformed(
                        line: line, "expected 3 fields separated by '::' (id, title, genres), found \(scanner.fieldCount)",
                        issues: &issues)
                    continue
                }
                guard let id = try collector.id(scanner, scanner[0], issues: &issues) else { continue }
                let title = try collector.text(scanner, scanner[1], encoding: encoding, line: line, issues: &issues)
                let genreCell = try collector.text(scanner, scanner[2], encoding: encoding, line: line, issues: &issues)
                let genres = MovieFields.genres(genreCell, separator: "|")
                try collector.add(
                    Movie(id: id, title: title, year: MovieFields.year(fromTitle: title), genres: genres),
                    line: line, issues: &issues)
            }
        }
        return collector
    }

    static func readRatings(
        _ file: DataFile, moviesFile: String, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try file.withBytes { bytes in
            var scanner = ByteScanner(bytes: bytes, separator: .doubleColon)
            var collector = RatingsCollector(
                file: file.name, moviesFile: moviesFile, movies: movies, expectedRows: scanner.estimatedLineCount)
            while scanner.nextRecord() {
                guard scanner.fieldCount == 4 else {
                    try collector.malformed(
                        line: scanner.line,
                        "expected 4 fields separated by '::' (user id, movie id, rating, timestamp), found \(scanner.fieldCount)",
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
