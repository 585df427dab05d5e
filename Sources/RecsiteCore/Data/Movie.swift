/// One movie of the catalog, as every reader produces it.
package struct Movie: Sendable, Hashable, Codable {
    /// The data set's own movie id.
    package var id: Int
    /// The title as published, decoded to Swift text (Latin-1 files are decoded, never replaced with U+FFFD).
    package var title: String
    /// The release year when the title or a date field gives one.
    package var year: Int?
    /// Genre names in the file's order; empty when the file says "(no genres listed)" or nothing.
    package var genres: [String]

    package init(id: Int, title: String, year: Int? = nil, genres: [String]) {
        self.id = id
        self.title = title
        self.year = year
        self.genres = genres
    }
}
