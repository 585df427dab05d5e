import Foundation

/// Loads and cleans a MovieLens data set from a folder, whatever its layout.
///
/// The steps are the same for every layout: read the movies into a `Catalog`, read the
/// ratings while checking each row against it, keep the latest rating per (user, movie),
/// and fail with `CoreError.noRatings` when nothing usable is left.
package enum DatasetLoader {
    /// Detects the layout of `directory`, reads it and cleans it.
    ///
    /// - Parameters:
    ///   - name: the data set's name for pages; defaults to the folder's name. For RecBole
    ///     it is also the preferred `NAME` of `NAME.inter`.
    ///   - strict: when true the first bad row throws `CoreError.malformedRow` (file, line,
    ///     reason) instead of being skipped and counted. Re-ratings of the same movie are
    ///     still resolved to the latest one: they are history, not damage.
    package static func load(directory: URL, name: String? = nil, strict: Bool = false) throws -> Dataset {
        let files = try DatasetFiles.locate(directory: directory, name: name)
        return try load(files, name: name ?? files.defaultName, strict: strict)
    }

    /// Reads already located files (the CLI may locate first to report the layout).
    package static func load(_ files: DatasetFiles, name: String, strict: Bool = false) throws -> Dataset {
        var issues = IssueRecorder(strict: strict)
        let movieRows = try readMovies(files, issues: &issues)
        let catalog = try movieRows.catalog()
        var ratingRows = try readRatings(files, movies: MovieIDLookup(catalog), issues: &issues)
        issues.report.movieRowsRead = movieRows.rowsRead
        issues.report.ratingRowsRead = ratingRows.rowsRead

        var ratings = ratingRows.takeTable()
        RatingsDeduplicator.keepLatest(&ratings, lines: ratingRows.lines, file: files.ratings.name, issues: &issues)
        guard ratings.count > 0 else { throw CoreError.noRatings(source: files.ratings.name) }
        return Dataset(name: name, layout: files.layout, catalog: catalog, ratings: ratings, cleaning: issues.report)
    }

    private static func readMovies(_ files: DatasetFiles, issues: inout IssueRecorder) throws -> MoviesCollector {
        switch files.layout {
        case .ml100k: try MovieLens100KReader.readMovies(files.movies, issues: &issues)
        case .recbole: try RecBoleReader.readMovies(files.movies, issues: &issues)
        case .csv: try CSVLayoutReader.readMovies(files.movies, issues: &issues)
        case .dat: try DatLayoutReader.readMovies(files.movies, issues: &issues)
        case .belief2024: try Belief2024Reader.readMovies(files.movies, issues: &issues)
        }
    }

    private static func readRatings(
        _ files: DatasetFiles, movies: MovieIDLookup, issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        let (file, moviesFile) = (files.ratings, files.movies.name)
        switch files.layout {
        case .ml100k:
            return try MovieLens100KReader.readRatings(file, moviesFile: moviesFile, movies: movies, issues: &issues)
        case .recbole:
            return try RecBoleReader.readRatings(file, moviesFile: moviesFile, movies: movies, issues: &issues)
        case .csv:
            return try CSVLayoutReader.readRatings(file, moviesFile: moviesFile, movies: movies, issues: &issues)
        case .dat:
            return try DatLayoutReader.readRatings(file, moviesFile: moviesFile, movies: movies, issues: &issues)
        case .belief2024:
            return try Belief2024Reader.readRatings(file, moviesFile: moviesFile, movies: movies, issues: &issues)
        }
    }
}
