/// Reads the CSV releases (ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m):
/// `movies.csv` (`movieId,title,genres`, `|`-separated genres) and `ratings.csv`
/// (`userId,movieId,rating,timestamp`), both RFC 4180 with a header line.
enum CSVLayoutReader {
    static let moviesFile = "movies.csv"
    static let ratingsFile = "ratings.csv"

    /// Quoted titles (`"American President, The (1995)"`) are why this is RFC 4180, not a comma split.
    static let moviesFormat = HeaderedFileReader.MoviesFormat(separator: .csv, genreSeparator: "|")

    static func readMovies(_ file: DataFile, issues: inout IssueRecorder) throws -> MoviesCollector {
        try HeaderedFileReader.readMovies(file, format: moviesFormat, issues: &issues)
    }

    static func readRatings(
        _ file: DataFile, moviesFile: String, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try HeaderedFileReader.readRatings(file, separator: .csv, moviesFile: moviesFile, movies: movies, issues: &issues)
    }
}
