import Foundation

/// Reads the ratings of users to fold into a saved model (`recsite build --new-ratings FILE`).
///
/// The file is CSV (RFC 4180) with a header naming the columns `userId,movieId,rating` and
/// optionally `timestamp` (epoch seconds or `YYYY-MM-DD HH:MM:SS`), in any order, as
/// ml-latest's `ratings.csv`. Rows are checked by the same rules as a data set's ratings: ids
/// are whole numbers from 0 to 2³¹−1, ratings 0.5–5, the movie must be in the data set's catalog,
/// and a (user, movie) pair given twice keeps the latest rating. A bad row is skipped and counted
/// with `file:line: reason`, or stops the run in strict mode.
package enum NewRatingsReader {
    /// The new ratings and what cleaning dropped.
    package struct Result: Sendable {
        package var ratings: RatingsTable
        package var cleaning: CleaningReport
    }

    /// Reads `url` against `catalog`.
    ///
    /// - Parameter name: how messages name the file (the path the user gave).
    /// - Throws: `CoreError.unreadableFile`, `.malformedRow` (a missing column in the header, or any
    ///   bad row in strict mode) and `.noRatings` when no row is usable.
    package static func read(_ url: URL, name: String, catalog: Catalog, moviesFile: String, strict: Bool) throws -> Result {
        let file = DataFile(url: url, name: name)
        var issues = IssueRecorder(strict: strict)
        var rows = try HeaderedFileReader.readRatings(
            file, separator: .csv, moviesFile: moviesFile, movies: MovieIDLookup(catalog), issues: &issues)
        issues.report.ratingRowsRead = rows.rowsRead
        var ratings = rows.takeTable()
        RatingsDeduplicator.keepLatest(&ratings, lines: rows.lines, file: name, issues: &issues)
        guard ratings.count > 0 else { throw CoreError.noRatings(source: name) }
        return Result(ratings: ratings, cleaning: issues.report)
    }
}
