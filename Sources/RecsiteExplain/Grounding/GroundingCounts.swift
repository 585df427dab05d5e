/// How many distinct titles an explanation (or a cohort's explanations) names, by how they relate
/// to the user's page. A title named three times counts once; cohort totals add the users' counts.
package struct GroundingCounts: Sendable, Equatable, Codable {
    /// In the hybrid, CF or content list on the page.
    package var inLists: Int
    /// Rated by the user.
    package var inHistory: Int
    /// In the catalog, but neither in the lists nor rated: the model went beyond what it was given.
    package var outside: Int
    /// Title-like, marked as a name (emphasis, quotes, a list item's lead, a year), and not in the catalog.
    package var unverified: Int

    package init(inLists: Int = 0, inHistory: Int = 0, outside: Int = 0, unverified: Int = 0) {
        self.inLists = inLists; self.inHistory = inHistory; self.outside = outside; self.unverified = unverified
    }

    package static let zero = GroundingCounts()

    /// Titles the page shows (lists or history).
    package var grounded: Int { inLists + inHistory }
    /// Every distinct title named.
    package var total: Int { inLists + inHistory + outside + unverified }

    package static func + (a: GroundingCounts, b: GroundingCounts) -> GroundingCounts {
        GroundingCounts(inLists: a.inLists + b.inLists, inHistory: a.inHistory + b.inHistory,
                        outside: a.outside + b.outside, unverified: a.unverified + b.unverified)
    }
}
