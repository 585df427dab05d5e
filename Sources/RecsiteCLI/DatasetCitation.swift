import RecsiteCore

/// The citation and licence terms a published site must state for its data set (REFERENCE.md §4).
package enum DatasetCitation {
    static let harperKonstan = "F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4: 19:1–19:19. https://doi.org/10.1145/2827872"

    /// Chooses the terms from the folder name and layout; `warning` is set for releases whose
    /// licence forbids redistribution without permission.
    package static func forDataset(name: String, layout: DatasetLayout) -> (description: String, citation: String, licence: String, warning: String?) {
        let lower = name.lowercased()
        let restricted = "MovieLens data may be used for research only, may not be redistributed without separate permission from GroupLens, and may not be used commercially or to imply GroupLens endorsement. This report is a transformation of it: it shows, for a cohort of pseudonymous users, the movies they liked and the recommendations computed from the data. Publish it only where the licence allows."
        let redistributable = "MovieLens data may be used for research only; transformations may be redistributed under these same terms; no commercial use; no implied endorsement by GroupLens or the University of Minnesota."
        if layout == .belief2024 || lower.contains("belief") {
            return ("MovieLens Beliefs 2024, GroupLens Research",
                    "Guy Aridor, Duarte Gonçalves, Rufus Kong, Daniel Kluver and Joseph Konstan. 2024. The MovieLens Beliefs Dataset: Collecting Pre-Choice Data for Online Recommender Systems. RecSys 2024.",
                    redistributable, nil)
        }
        if lower.contains("latest") || lower.contains("32m") {
            return ("MovieLens \(name), GroupLens Research", harperKonstan, redistributable, nil)
        }
        let title = lower.contains("100k") || layout == .ml100k || layout == .recbole ? "MovieLens 100K" : "MovieLens \(name)"
        return ("\(title), GroupLens Research", harperKonstan, restricted,
                "\(title) may not be redistributed without separate permission from GroupLens.")
    }
}
