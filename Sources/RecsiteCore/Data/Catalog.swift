/// The movies of a data set, sorted by id, with a dense index per movie.
///
/// Dense indices (0..<count) are what models and matrices use; `Movie.id` is what pages show.
package struct Catalog: Sendable {
    /// Movies in ascending id order; `movies[i]` has dense index `i`.
    package let movies: [Movie]
    private let indexByID: [Int: Int]
    /// Other indices of the same film, for movies listed under more than one id (ml-100k lists
    /// 18 films twice, e.g. "Chasing Amy (1997)" as 246 and 268). Same film = same title and year,
    /// compared case-insensitively.
    private let otherCopies: [Int: [Int]]

    /// Builds a catalog; movies with a repeated id keep the first occurrence.
    package init(_ movies: [Movie]) {
        var seen = Set<Int>()
        let unique = movies.filter { seen.insert($0.id).inserted }
        self.movies = unique.sorted { $0.id < $1.id }
        var index = [Int: Int](minimumCapacity: unique.count)
        for (i, movie) in self.movies.enumerated() { index[movie.id] = i }
        self.indexByID = index
        var groups: [String: [Int]] = [:]
        for (i, movie) in self.movies.enumerated() {
            groups[movie.title.lowercased() + "\u{1}" + (movie.year.map(String.init) ?? ""), default: []].append(i)
        }
        var copies: [Int: [Int]] = [:]
        for group in groups.values where group.count > 1 {
            for i in group { copies[i] = group.filter { $0 != i } }
        }
        self.otherCopies = copies
    }

    /// The other catalog indices listing the same film (empty for almost every movie).
    package func duplicates(of index: Int) -> [Int] { otherCopies[index] ?? [] }

    /// The lowest index of the same film: one key per film for de-duplicating lists.
    package func canonicalIndex(of index: Int) -> Int { min(index, otherCopies[index]?.min() ?? index) }

    package var count: Int { movies.count }

    /// The dense index of a movie id, or nil when the catalog does not have it.
    package func index(of movieID: Int) -> Int? { indexByID[movieID] }

    package subscript(index: Int) -> Movie { movies[index] }

    package func movie(id: Int) -> Movie? { indexByID[id].map { movies[$0] } }
}
