/// Checks one ratings row field by field and appends it, or drops it with a reason.
///
/// Every layout's reader finds the four fields and hands their spans here, so the cleaning
/// rules (ids, rating range, timestamps, catalog membership) are written once.
struct RatingsCollector {
    let file: String
    /// The catalog file's name, for the "movie 5 is not in movies.csv" message.
    let moviesFile: String
    let movies: MovieIDLookup
    /// Ratings-file rows read (not counting a header or blank lines).
    private(set) var rowsRead = 0
    private(set) var table = RatingsTable()
    /// Source line of each kept row, for duplicate-pair messages written after parsing.
    private(set) var lines = LineMap()

    init(file: String, moviesFile: String, movies: MovieIDLookup, expectedRows: Int) {
        self.file = file
        self.moviesFile = moviesFile
        self.movies = movies
        table.reserveCapacity(expectedRows)
    }

    /// Counts a row that the reader rejected before its fields could be checked.
    mutating func malformed(line: Int, _ message: @autoclosure () -> String, issues: inout IssueRecorder) throws {
        rowsRead += 1
        try issues.drop(.malformedRow, file: file, line: line, message())
    }

    /// Moves the collected table out, so cleaning it in place does not copy 25M rows.
    mutating func takeTable() -> RatingsTable {
        var taken = RatingsTable()
        swap(&taken, &table)
        return taken
    }

    mutating func add(
        _ scanner: borrowing ByteScanner,
        user: FieldSpan, movie: FieldSpan, rating: FieldSpan, timestamp: FieldSpan?,
        issues: inout IssueRecorder
    ) throws {
        rowsRead += 1
        let line = scanner.line
        guard let userID = Self.id(scanner, user) else {
            return try issues.drop(.malformedRow, file: file, line: line, "user id \(scanner.quoted(user)) \(Self.idRule)")
        }
        guard let movieID = Self.id(scanner, movie) else {
            return try issues.drop(.malformedRow, file: file, line: line, "movie id \(scanner.quoted(movie)) \(Self.idRule)")
        }
        let ratingBytes = scanner.slice(rating)
        // Parse first: the missing-value spellings are only checked on the rare failure.
        guard let value = ByteNumbers.double(ratingBytes) else {
            if ByteNumbers.isMissingValue(ratingBytes) {
                return try issues.drop(.missingRating, file: file, line: line, "rating is missing (\(scanner.quoted(rating)))")
            }
            return try issues.drop(.invalidRating, file: file, line: line, "rating \(scanner.quoted(rating)) is not a number")
        }
        // Written as a positive range test so NaN fails it too.
        guard value >= 0.5, value <= 5 else {
            return try issues.drop(.outOfRangeRating, file: file, line: line, "rating \(scanner.quoted(rating)) is outside 0.5–5")
        }
        var seconds: Int64 = 0
        if let timestamp, !timestamp.isEmpty {
            guard let parsed = TimestampParser.seconds(scanner.slice(timestamp)) else {
                return try issues.drop(
                    .malformedRow, file: file, line: line,
                    "timestamp \(scanner.quoted(timestamp)) is neither epoch seconds nor a YYYY-MM-DD HH:MM:SS date")
            }
            seconds = parsed
        }
        guard movies.contains(movieID) else {
            return try issues.drop(.unknownMovie, file: file, line: line, "movie \(movieID) is not in \(moviesFile)")
        }
        lines.record(row: table.count, line: line)
        table.append(user: userID, movie: movieID, rating: Float(value), timestamp: seconds)
    }

    static let idRule = "is not a whole number from 0 to \(Int32.max)"

    /// A non-negative id that fits the 32-bit storage of `RatingsTable`.
    static func id(_ scanner: borrowing ByteScanner, _ span: FieldSpan) -> Int32? {
        guard let value = scanner.int(span), value >= 0, value <= Int64(Int32.max) else { return nil }
        return Int32(value)
    }
}

/// Fast "is this movie in the catalog?" for every ratings row.
///
/// MovieLens ids are dense enough (ml-32m tops out near 300k) for a flat table indexed by
/// id, which beats hashing 25M times; sparse or huge ids fall back to a set.
struct MovieIDLookup {
    private let table: [Bool]
    private let fallback: Set<Int32>

    init(_ catalog: Catalog) {
        let maxID = catalog.movies.last?.id ?? -1
        if maxID < 1 << 26 {
            var table = [Bool](repeating: false, count: maxID + 1)
            for movie in catalog.movies { table[movie.id] = true }
            self.table = table
            fallback = []
        } else {
            table = []
            fallback = Set(catalog.movies.compactMap { Int32(exactly: $0.id) })
        }
    }

    func contains(_ id: Int32) -> Bool {
        let index = Int(id)
        if index < table.count { return table[index] }
        return !fallback.isEmpty && fallback.contains(id)
    }
}

/// Row index → source line, stored only where the two stop moving together.
///
/// Usually line = row + header lines, so a breakpoint is needed only after a skipped row,
/// a blank line or a multi-line quoted field: a few entries instead of one per rating.
struct LineMap {
    private var rows: [Int] = []
    private var offsets: [Int] = []

    mutating func record(row: Int, line: Int) {
        let offset = line - row
        if offsets.last != offset {
            rows.append(row)
            offsets.append(offset)
        }
    }

    func line(ofRow row: Int) -> Int {
        // The last breakpoint at or before `row`.
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid] <= row { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? row : row + offsets[low - 1]
    }
}
