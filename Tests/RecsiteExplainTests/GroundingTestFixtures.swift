import RecsiteCore
@testable import RecsiteExplain

/// A small catalog with the shapes grounding must handle: trailing articles, diacritics, aka names,
/// one-word and one-letter titles, a film listed twice, a sequel sharing a prefix.
enum GroundingTestFixtures {
    static let movies: [Movie] = [
        Movie(id: 1, title: "Toy Story (1995)", year: 1995, genres: ["Animation", "Comedy"]),
        Movie(id: 2, title: "Toy Story 2 (1999)", year: 1999, genres: ["Animation", "Comedy"]),
        Movie(id: 6, title: "Heat (1995)", year: 1995, genres: ["Action", "Crime", "Thriller"]),
        Movie(id: 16, title: "Casino (1995)", year: 1995, genres: ["Crime", "Drama"]),
        Movie(id: 20, title: "Matrix, The (1999)", year: 1999, genres: ["Action", "Sci-Fi"]),
        Movie(id: 21, title: "Misérables, Les (1995)", year: 1995, genres: ["Drama"]),
        Movie(id: 22, title: "Ciudad, La (1998)", year: 1998, genres: ["Drama"]),
        Movie(id: 23, title: "Queen Margot (Reine Margot, La) (1994)", year: 1994, genres: ["Drama", "Romance"]),
        Movie(id: 24, title: "Enfer, L' (1994)", year: 1994, genres: ["Drama"]),
        Movie(id: 25, title: "Terminator, The (1984)", year: 1984, genres: ["Action", "Sci-Fi"]),
        Movie(id: 26, title: "It (1990)", year: 1990, genres: ["Horror"]),
        Movie(id: 27, title: "M (1931)", year: 1931, genres: ["Crime"]),
        Movie(id: 28, title: "9 (2009)", year: 2009, genres: ["Animation"]),
        Movie(id: 29, title: "Saint, The (1997)", year: 1997, genres: ["Action"]),
        Movie(id: 30, title: "Fargo (1996)", year: 1996, genres: ["Crime", "Drama"]),
        Movie(id: 31, title: "Star Wars (1977)", year: 1977, genres: ["Action", "Sci-Fi"]),
        Movie(id: 32, title: "Sense and Sensibility (1995)", year: 1995, genres: ["Drama", "Romance"]),
        Movie(id: 246, title: "Chasing Amy (1997)", year: 1997, genres: ["Comedy", "Drama"]),
        Movie(id: 268, title: "Chasing Amy (1997)", year: 1997, genres: ["Comedy", "Drama"]),
        Movie(id: 33, title: "Schindler's List (1993)", year: 1993, genres: ["Drama", "War"]),
        Movie(id: 34, title: "Seven (a.k.a. Se7en) (1995)", year: 1995, genres: ["Crime", "Thriller"]),
        Movie(id: 35, title: "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", year: 2001, genres: ["Comedy", "Romance"]),
        Movie(id: 274, title: "Sabrina (1995)", year: 1995, genres: ["Comedy", "Romance"]),
        Movie(id: 486, title: "Sabrina (1954)", year: 1954, genres: ["Comedy", "Romance"]),
    ]

    static let catalog = Catalog(movies)
    static let index = TitleIndex(catalog: catalog)
    static let grounder = ExplanationGrounder(index: index)

    /// The catalog index of a movie id.
    static func at(_ id: Int) -> Int { catalog.index(of: id)! }

    /// A page listing Casino, Toy Story 2, The Matrix and Chasing Amy (268); the user rated Heat,
    /// Toy Story, It and Les Misérables (only Heat and Toy Story are in the liked table).
    static let context = GroundingContext(
        listMovies: [at(16), at(2), at(20), at(268)],
        historyMovies: [at(6), at(1), at(26), at(21)],
        anchoredMovies: [at(16), at(2), at(20), at(268), at(6), at(1)])

    /// Grounds plain paragraphs (one segment each).
    static func ground(_ paragraphs: String..., context: GroundingContext = context) -> GroundingReport {
        grounder.ground(paragraphs.map(GroundingSegment.plain), context: context)
    }

    /// (text, kind, movie id) of each mention, for exact comparisons.
    static func found(_ report: GroundingReport) -> [String] {
        report.mentions.map { m in
            "\(m.mention.text) → \(m.kind.rawValue)" + (m.movieIndex.map { " \(catalog[$0].id)" } ?? "")
        }
    }
}
