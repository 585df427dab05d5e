/// Reads MovieLens Beliefs 2024 (ml_belief_2024): `data_release/movies.csv` and
/// `data_release/user_rating_history.csv`.
///
/// The files are CSV like the other releases, but the rating history's time column is named
/// `tstamp` and holds `YYYY-MM-DD HH:MM:SS` text, ratings include `NA`, and some movies have
/// an empty genres cell; `HeaderColumns`, `TimestampParser` and `RatingsCollector` accept
/// all of these, so this reader only names the files.
enum Belief2024Reader {
    static let folder = "data_release"
    static let moviesFile = "movies.csv"
    static let ratingsFile = "user_rating_history.csv"

    static func readMovies(_ file: DataFile, issues: inout IssueRecorder) throws -> MoviesCollector {
        try HeaderedFileReader.readMovies(file, format: CSVLayoutReader.moviesFormat, issues: &issues)
    }

    static func readRatings(
        _ file: DataFile, moviesFile: String, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try HeaderedFileReader.readRatings(file, separator: .csv, moviesFile: moviesFile, movies: movies, issues: &issues)
    }
}
