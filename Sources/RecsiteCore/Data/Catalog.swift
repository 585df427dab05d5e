/// The movies of a data set, sorted by id, with a dense index per movie.
///
/// Dense indices (0..<count) are what models and matrices use; `Movie.id` is what pages show.
package struct Catalog: Sendable {
    /// Movies in ascending id order; `movies[i]` has dense index `i`.
    package let movies: [Movie]
    private let indexByID: [Int: Int]

    /// Builds a catalog; movies with a repeated id keep the first occurrence.
    package init(_ movies: [Movie]) {
        var seen = Set<Int>()
        let unique = movies.filter { seen.insert($0.id).inserted }
        self.movies = unique.sorted { $0.id < $1.id }
        var index = [Int: Int](minimumCapacity: unique.count)
        for (i, movie) in self.movies.enumerated() { index[movie.id] = i }
        self.indexByID = index
    }

    package var count: Int { movies.count }

    /// The dense index of a movie id, or nil when the catalog does not have it.
    package func index(of movieID: Int) -> Int? { indexByID[movieID] }

    package subscript(index: Int) -> Movie { movies[index] }

    package func movie(id: Int) -> Movie? { indexByID[id].map { movies[$0] } }
}
