/// What one user's page shows, by catalog index: the grounding of that user's explanation is
/// measured against it.
package struct GroundingContext: Sendable, Equatable {
    /// Movies of the hybrid, CF and content lists on the page.
    package var listMovies: Set<Int>
    /// Movies the user rated (the liked table shows the best of them).
    package var historyMovies: Set<Int>
    /// Movies that have a row on the page with the anchor `m-<movieId>`, so a mention can link to it.
    package var anchoredMovies: Set<Int>

    package init(listMovies: Set<Int>, historyMovies: Set<Int>, anchoredMovies: Set<Int>) {
        self.listMovies = listMovies; self.historyMovies = historyMovies; self.anchoredMovies = anchoredMovies
    }

    /// A page with no lists and no history: every catalog title is an outside suggestion.
    package static let empty = GroundingContext(listMovies: [], historyMovies: [], anchoredMovies: [])

    /// Whether the page has the movie in a list or the user rated it.
    package func knows(_ index: Int) -> Bool { listMovies.contains(index) || historyMovies.contains(index) }
}
