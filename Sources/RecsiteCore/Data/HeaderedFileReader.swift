/// Reads movies and ratings files whose first line names the columns: the CSV releases,
/// ml_belief_2024 and RecBole atomic files differ only in separator and column names.
enum HeaderedFileReader {
    /// How a layout's movies file is written.
    struct MoviesFormat {
        var separator: FieldSeparator
        /// Between genre names inside the genres cell: `|` in CSV, a space in RecBole.
        var genreSeparator: Character
    }

    static func readMovies(_ file: DataFile, format: MoviesFormat, issues: inout IssueRecorder) throws -> MoviesCollector {
        var collector = MoviesCollector(file: file)
        try file.withBytes { bytes in
            let encoding = TextDecoding.detect(bytes)
            var scanner = ByteScanner(bytes: bytes, separator: format.separator)
            guard scanner.nextRecord() else { return }
            let header = HeaderColumns(scanner)
            let headerText = scanner.headerText(separator: format.separator.display)
            let headerLine = scanner.line
            let idColumn = try header.require(HeaderColumns.movie, role: "movie id", file: file.name, line: headerLine, header: headerText)
            let titleColumn = try header.require(HeaderColumns.title, role: "title", file: file.name, line: headerLine, header: headerText)
            let yearColumn = header.index(of: HeaderColumns.year)
            let genresColumn = header.index(of: HeaderColumns.genres)

            while scanner.nextRecord() {
                let line = scanner.line
                if let problem = scanner.quoteProblem {
                    try collector.malformed(line: line, problem.message, issues: &issues)
                    continue
                }
                guard scanner.fieldCount == header.count else {
                    try collector.malformed(
                        line: line, "expected \(header.count) fields like the header, found \(scanner.fieldCount)", issues: &issues)
                    continue
                }
                guard let id = try collector.id(scanner, scanner[idColumn], issues: &issues) else { continue }
                let title = try collector.text(scanner, scanner[titleColumn], encoding: encoding, line: line, issues: &issues)
                // RecBole keeps the year in its own column and the title without it.
                var year: Int? = nil
                if let yearColumn {
                    year = MovieFields.year(fromYearField: try collector.text(scanner, scanner[yearColumn], encoding: encoding, line: line, issues: &issues))
                }
                year = year ?? MovieFields.year(fromTitle: title)
                var genres: [String] = []
                if let genresColumn {
                    genres = MovieFields.genres(try collector.text(scanner, scanner[genresColumn], encoding: encoding, line: line, issues: &issues),
                                                separator: format.genreSeparator)
                }
                try collector.add(Movie(id: id, title: title, year: year, genres: genres), line: line, issues: &issues)
            }
        }
        return collector
    }

    static func readRatings(
        _ file: DataFile, separator: FieldSeparator, moviesFile: String, movies: MovieIDLookup,
        issues: inout IssueRecorder
    ) throws -> RatingsCollector {
        try file.withBytes { bytes in
            var scanner = ByteScanner(bytes: bytes, separator: separator)
            var collector = RatingsCollector(
                file: file.name, moviesFile: moviesFile, movies: movies, expectedRows: scanner.estimatedLineCount)
            guard scanner.nextRecord() else { return collector }
            let header = HeaderColumns(scanner)
            let headerText = scanner.headerText(separator: separator.display)
            let line = scanner.line
            let userColumn = try header.require(HeaderColumns.user, role: "user id", file: file.name, line: line, header: headerText)
            let movieColumn = try header.require(HeaderColumns.movie, role: "movie id", file: file.name, line: line, header: headerText)
            let ratingColumn = try header.require(HeaderColumns.rating, role: "rating", file: file.name, line: line, header: headerText)
            // Without a time column every rating gets timestamp 0 and duplicates keep the later row.
            let timeColumn = header.index(of: HeaderColumns.timestamp)

            while scanner.nextRecord() {
                if let problem = scanner.quoteProblem {
                    try collector.malformed(line: scanner.line, problem.message, issues: &issues)
                    continue
                }
                guard scanner.fieldCount == header.count else {
                    try collector.malformed(
                        line: scanner.line, "expected \(header.count) fields like the header, found \(scanner.fieldCount)",
                        issues: &issues)
                    continue
                }
                // No closure here: capturing the scanner would copy it for every row.
                var time: FieldSpan? = nil
                if let timeColumn { time = scanner[timeColumn] }
                try collector.add(
                    scanner, user: scanner[userColumn], movie: scanner[movieColumn], rating: scanner[ratingColumn],
                    timestamp: time, issues: &issues)
            }
            return collector
        }
    }
}

extension FieldSeparator {
    /// How the separator is written when a header is quoted back in a message.
    var display: String {
        switch self {
        case .csv: ","
        case .doubleColon: "::"
        case let .byte(b): b == UInt8(ascii: "\t") ? "\t" : String(UnicodeScalar(b))
        }
    }
}
