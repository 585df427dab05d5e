/// Collects the movies a reader parsed, dropping rows with a bad or repeated id.
///
/// A repeated id keeps its first row, as `Catalog` does, but here the later row is counted
/// (under `malformedRow`) so the cleaning report shows it instead of it vanishing.
struct MoviesCollector {
    let file: DataFile
    private(set) var movies: [Movie] = []
    private(set) var rowsRead = 0
    private var lineByID: [Int: Int] = [:]

    init(file: DataFile) {
        self.file = file
    }

    /// Counts a row the reader could not use.
    mutating func malformed(line: Int, _ message: @autoclosure () -> String, issues: inout IssueRecorder) throws {
        rowsRead += 1
        try issues.drop(.malformedRow, file: file.name, line: line, message())
    }

    /// Parses the id field; a bad id drops the row and returns nil.
    mutating func id(_ scanner: borrowing ByteScanner, _ span: FieldSpan, issues: inout IssueRecorder) throws -> Int? {
        guard let id = RatingsCollector.id(scanner, span) else {
            try malformed(line: scanner.line, "movie id \(scanner.quoted(span)) \(RatingsCollector.idRule)", issues: &issues)
            return nil
        }
        return Int(id)
    }

    /// A text field of the row at `line` in the file's encoding; in a mostly-UTF-8 file a field that
    /// needed Latin-1 is reported (strict mode stops on it).
    mutating func text(_ scanner: borrowing ByteScanner, _ span: FieldSpan, encoding: TextEncoding, line: Int,
                       issues: inout IssueRecorder) throws -> String {
        let text = scanner.text(span, encoding: encoding)
        if scanner.needsLatin1(span, encoding: encoding) {
            try issues.repair(.latin1Field, file: file.name, line: line, failsStrict: true,
                              "\(scanner.quoted(span)) is not valid UTF-8 though the rest of the file is; read as Latin-1")
        }
        return text
    }

    /// Adds a parsed movie after cleaning its title (control characters out; an empty title gets
    /// a placeholder, so its ratings still count and its pages still have something to show).
    mutating func add(_ parsed: Movie, line: Int, issues: inout IssueRecorder) throws {
        var movie = parsed
        let cleaned = MovieFields.cleanTitle(movie.title)
        if cleaned.removedControls {
            try issues.repair(.controlCharacters, file: file.name, line: line, failsStrict: false,
                              "control characters removed from the title of movie \(movie.id)")
        }
        movie.title = cleaned.title
        if movie.title.isEmpty {
            try issues.repair(.emptyTitle, file: file.name, line: line, failsStrict: true,
                              "movie \(movie.id) has no title; shown as “Untitled (movie \(movie.id))”")
            movie.title = "Untitled (movie \(movie.id))"
        }
        if let first = lineByID[movie.id] {
            try malformed(line: line, "movie \(movie.id) appears again (first on line \(first)); the first row was kept", issues: &issues)
            return
        }
        rowsRead += 1
        lineByID[movie.id] = line
        movies.append(movie)
    }

    /// The catalog, or an error when the file gave no movies: every rating would then be
    /// dropped as an unknown movie, and "no ratings" would hide the real cause.
    func catalog() throws -> Catalog {
        guard !movies.isEmpty else {
            throw CoreError.unreadableFile(
                path: file.url.path,
                reason: rowsRead == 0 ? "it holds no movie rows" : "none of its \(rowsRead) movie rows could be read")
        }
        return Catalog(movies)
    }
}

extension ByteScanner {
    /// About how many lines the buffer holds, from the first megabyte, so readers can reserve
    /// capacity once instead of growing arrays through 25M appends.
    var estimatedLineCount: Int {
        let sampleSize = min(bytes.count, 1 << 20)
        guard sampleSize > 0 else { return 0 }
        var newlines = 0
        for i in 0..<sampleSize where bytes[i] == UInt8(ascii: "\n") { newlines += 1 }
        if sampleSize == bytes.count { return newlines + 1 }
        let perLine = Double(sampleSize) / Double(max(newlines, 1))
        return Int(Double(bytes.count) / perLine * 1.02) + 16
    }
}
