/// The column positions a header line names, looked up by meaning rather than position.
///
/// Header names vary between releases (`timestamp` vs ml_belief_2024's `tstamp`, RecBole's
/// typed `item_id:token`), and a column order change should not shift every field; so names
/// are normalised (lowercase, no `_`, RecBole `:type` suffix removed) and matched to roles.
struct HeaderColumns {
    /// Normalised header names in file order.
    let names: [String]

    /// Reads the names from the scanner's current record.
    init(_ scanner: ByteScanner) {
        names = scanner.fields.map { Self.normalise(scanner.text($0, encoding: .utf8)) }
    }

    var count: Int { names.count }

    /// The first column whose normalised name is one of `aliases`.
    func index(of aliases: [String]) -> Int? {
        let wanted = aliases.map(Self.normalise)
        return names.firstIndex { wanted.contains($0) }
    }

    /// Like `index(of:)` but a missing column is an error naming the header the file has.
    func require(_ aliases: [String], role: String, file: String, line: Int, header: String) throws -> Int {
        guard let index = index(of: aliases) else {
            throw CoreError.malformedRow(
                file: file, line: line,
                reason: "the header has no \(role) column (\(aliases.map { "'\($0)'" }.joined(separator: " or "))); found '\(header)'")
        }
        return index
    }

    /// `user_id:token` → `userid`, `movieId` → `movieid`, ` rating ` → `rating`.
    static func normalise(_ name: String) -> String {
        let base = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return base.trimmingSpaces.lowercased().filter { $0 != "_" }
    }

    // Accepted names per role, written as files spell them; matching ignores case and `_`.
    static let user = ["userId", "user_id"]
    static let movie = ["movieId", "item_id"]
    static let rating = ["rating"]
    static let timestamp = ["timestamp", "tstamp"]
    static let title = ["title", "movie_title"]
    static let year = ["release_year", "year"]
    static let genres = ["genres", "genre", "class"]
}

extension ByteScanner {
    /// The raw text of the current record's line, for messages about a header.
    func headerText(separator: String) -> String {
        self.fields.map { text($0, encoding: .utf8) }.joined(separator: separator)
    }
}
