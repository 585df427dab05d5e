/// The MovieLens layouts recsite can read, detected from a folder's files.
package enum DatasetLayout: String, Sendable, Codable, CaseIterable {
    /// `u.data` (tab-separated) and `u.item` (pipe-separated, Latin-1, 19 genre flags).
    case ml100k
    /// RecBole atomic files: `<name>.inter` and `<name>.item` with typed header lines.
    case recbole
    /// `ratings.csv` and `movies.csv` (ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m).
    case csv
    /// `ratings.dat` and `movies.dat` with `::` separators (ml-1m, ml-10m).
    case dat
    /// `data_release/movies.csv` and `data_release/user_rating_history.csv` (ml_belief_2024).
    case belief2024

    /// What a user sees in summaries and in the "no layout matched" error.
    package var summary: String {
        switch self {
        case .ml100k: "MovieLens 100K as published: u.data + u.item"
        case .recbole: "RecBole atomic files: NAME.inter + NAME.item"
        case .csv: "ml-latest / ml-20m / ml-25m / ml-32m: ratings.csv + movies.csv"
        case .dat: "ml-1m / ml-10m: ratings.dat + movies.dat (:: separated)"
        case .belief2024: "MovieLens beliefs 2024: data_release/movies.csv + data_release/user_rating_history.csv"
        }
    }
}

/// A loaded, cleaned data set: the catalog, the ratings and what cleaning did.
package struct Dataset: Sendable {
    /// A short name for pages, usually the folder's name ("ml-100k").
    package var name: String
    package var layout: DatasetLayout
    package var catalog: Catalog
    /// Cleaned ratings: every movie is in the catalog, every value is finite and in range,
    /// and each (user, movie) pair appears once.
    package var ratings: RatingsTable
    package var cleaning: CleaningReport

    package init(name: String, layout: DatasetLayout, catalog: Catalog, ratings: RatingsTable, cleaning: CleaningReport) {
        self.name = name
        self.layout = layout
        self.catalog = catalog
        self.ratings = ratings
        self.cleaning = cleaning
    }
}
