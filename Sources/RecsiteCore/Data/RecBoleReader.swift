/// Reads RecBole atomic files: `NAME.item` and `NAME.inter`, tab-separated with a typed header
/// (`item_id:token	movie_title:token_seq	release_year:token	class:token_seq`).
///
/// RecBole stores the title without its year and the year in `release_year`; the title is
/// kept as RecBole has it and `Movie.year` comes from that column. Genres in `class` are
/// separated by spaces.
enum RecBoleReader {
    static let moviesExtension = "item"
    static let ratingsExtension = "inter"

    static let moviesFormat = HeaderedFileReader.MoviesFormat(separator: .tab, genreSeparator: " ")

    static func readMovies(_ file: DataFile, issues: inout IssueRecorder) throws -> MoviesCollector {
        try HeaderedFileReader.readMovies(file, format: moviesFormat, issues: &issues)
    }

    static func readRatings(
        _ file: DataFile, moviesFile: String, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try HeaderedFileReader.readRatings(file, separator: .tab, moviesFile: moviesFile, movies: movies, issues: &issues)
    }
}
