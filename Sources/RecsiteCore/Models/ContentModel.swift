/// Content similarity between movies from their TF-IDF vectors, with no movie × movie matrix.
///
/// The reference built `linear_kernel(tfidf)`, a dense n × n matrix (16 GB at 44,730 movies,
/// 41 GiB at 105k). Here every question is answered from the sparse, L2-normalised rows:
/// - a user's content score for every movie is one sparse mat-vec against the mean of the
///   liked rows, which equals the mean cosine to the liked movies (the reference's `cb_score`);
/// - neighbours come from an inverted index (term → movies), touching only movies that share a term.
/// A movie whose document is empty has a zero row: cosine 0 with everything, no neighbours.
package struct ContentModel: Sendable {
    /// One unit-norm (or zero) row per catalog movie, columns = `vocabulary` positions.
    package let vectors: SparseRowMatrix
    /// Terms in code-point order (empty when built from raw vectors without names).
    package let vocabulary: [String]
    /// The transpose of `vectors`: for each term, the movies that contain it and their weights.
    package let postings: SparseRowMatrix
    /// The most postings one movie's terms lead to: the size of a neighbour search's touched list.
    private let maxPostingVisits: Int

    /// Vectorises every movie of the catalog; row i is the movie with dense index i.
    package init(catalog: Catalog, vectorizer: TFIDFVectorizer = TFIDFVectorizer()) {
        let fitted = vectorizer.fit(catalog.movies.map(TFIDFVectorizer.document(for:)))
        self.init(normalizedVectors: fitted.matrix, vocabulary: fitted.vocabulary)
    }

    /// Wraps arbitrary vectors (one row per movie), scaling each row to unit length first.
    package init(vectors: SparseRowMatrix, vocabulary: [String] = []) {
        self.init(normalizedVectors: vectors.rowNormalized(), vocabulary: vocabulary)
    }

    private init(normalizedVectors: SparseRowMatrix, vocabulary: [String]) {
        vectors = normalizedVectors
        self.vocabulary = vocabulary
        postings = normalizedVectors.transposed()
        var most = 0
        for item in 0..<normalizedVectors.rowCount {
            var visits = 0
            for e in normalizedVectors.range(ofRow: item) {
                visits += postings.range(ofRow: Int(normalizedVectors.columns[e])).count
            }
            most = max(most, visits)
        }
        maxPostingVisits = most
    }

    package var itemCount: Int { vectors.rowCount }

    /// False when no movie has a single term (e.g. every title is a stop word, case C13):
    /// content scores are then all zero and rankings should say content is unavailable.
    package var hasSignal: Bool { vectors.nonZeroCount > 0 }

    /// Whether a movie's vector is all zero (its document had no tokens).
    package func isZero(item: Int) -> Bool { vectors.range(ofRow: item).isEmpty }

    /// The cosine similarity of two movies; 0 when either vector is zero, including cos(a, a).
    package func cosine(_ a: Int, _ b: Int) -> Float {
        Float(vectors.dot(row: a, row: b))
    }

    /// Mean cosine similarity of every movie to the liked movies, in catalog order.
    ///
    /// Computed as rows · mean(liked rows): O(non-zeros), no pairwise matrix. Liked movies with
    /// a zero vector count in the mean (each contributes cosine 0), as in the reference's
    /// `cos_sim[idx, liked].mean()`. Indices outside the catalog are ignored; with no liked
    /// movie every score is 0. Never NaN.
    package func scores(likedItems: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: itemCount)
        let liked = likedItems.filter { $0 >= 0 && $0 < itemCount }
        guard !liked.isEmpty, hasSignal else { return out }
        var mean = [Double](repeating: 0, count: vectors.columnCount)
        for item in liked {
            for e in vectors.range(ofRow: item) {
                mean[Int(vectors.columns[e])] += Double(vectors.values[e])
            }
        }
        let scale = 1 / Double(liked.count)
        for t in 0..<mean.count { mean[t] *= scale }
        vectors.columns.withUnsafeBufferPointer { columns in
            vectors.values.withUnsafeBufferPointer { values in
                for item in 0..<itemCount {
                    var s = 0.0
                    for e in vectors.range(ofRow: item) {
                        s += Double(values[e]) * mean[Int(columns[e])]
                    }
                    out[item] = Float(s)
                }
            }
        }
        return out
    }

    /// The liked movies most similar to `item`, best first, for explanations ("because you
    /// liked …"). Only positive similarities; the item itself is skipped; ties by ascending index.
    package func nearestLiked(item: Int, liked: [Int], count: Int) -> [Neighbour] {
        guard item >= 0, item < itemCount else { return [] }
        var selector = TopSelector(capacity: count)
        for other in Set(liked) where other != item && other >= 0 && other < itemCount {
            let similarity = vectors.dot(row: item, row: other)
            if similarity > 0 { selector.consider(score: similarity, index: other) }
        }
        return selector.sorted().map { Neighbour(item: $0.index, similarity: Float($0.score)) }
    }

    /// The `k` movies most similar to `item` through the inverted index, best first.
    ///
    /// Only movies sharing a term are visited, and each similarity is summed in ascending term
    /// order, so the list equals a brute-force scan over `cosine` exactly (case C15). The item
    /// itself and zero similarities are excluded; ties go to the lower index.
    package func topNeighbours(item: Int, k: Int) -> [Neighbour] {
        guard item >= 0, item < itemCount, k > 0 else { return [] }
        return neighbours(of: item, using: makeScratch(k: k))
    }

    /// Buffers for `neighbours(of:using:)`: the touched list is sized to the largest number of
    /// postings one movie can visit, so it never grows during a search.
    func makeScratch(k: Int) -> NeighbourScratch {
        NeighbourScratch(itemCount: itemCount, maxPostingsPerItem: maxPostingVisits, k: k)
    }

    /// The shared inverted-index search; `scratch` is left clean so workers can reuse it.
    ///
    /// The accumulation visits every posting of every term of the item (tens of thousands for a
    /// common genre), so it runs over raw buffers. A movie is recorded as touched when its sum is
    /// still 0 before the add; should a sum of mixed-sign weights return to 0 and be recorded twice,
    /// the second record reads the already-cleared 0 and is skipped.
    func neighbours(of item: Int, using scratch: NeighbourScratch) -> [Neighbour] {
        let accumulated = scratch.accumulated, touched = scratch.touched
        var touchedCount = 0
        postings.columns.withUnsafeBufferPointer { postingItems in
            postings.values.withUnsafeBufferPointer { postingWeights in
                for e in vectors.range(ofRow: item) {
                    let weight = Double(vectors.values[e])
                    for p in postings.range(ofRow: Int(vectors.columns[e])) {
                        let other = Int(postingItems[p])
                        if accumulated[other] == 0 {
                            touched[touchedCount] = Int32(other)
                            touchedCount += 1
                        }
                        accumulated[other] += weight * Double(postingWeights[p])
                    }
                }
            }
        }
        scratch.selector.removeAll()
        for t in 0..<touchedCount {
            let other = Int(touched[t])
            let similarity = accumulated[other]
            if other != item && similarity > 0 { scratch.selector.consider(score: similarity, index: other) }
            accumulated[other] = 0
        }
        return scratch.selector.sorted().map { Neighbour(item: $0.index, similarity: Float($0.score)) }
    }
}

/// A similar movie and its cosine similarity.
package struct Neighbour: Sendable, Equatable {
    /// The movie's dense catalog index.
    package var item: Int
    package var similarity: Float

    package init(item: Int, similarity: Float) {
        self.item = item
        self.similarity = similarity
    }
}

/// Per-worker buffers of the neighbour search, sized to the catalog once.
final class NeighbourScratch {
    /// Similarity sums per movie; all zero between searches.
    let accumulated: UnsafeMutableBufferPointer<Double>
    /// Movies whose sum was touched in the current search (a movie can touch at most once per
    /// non-zero posting, but the sum-was-zero test bounds entries by the postings visited).
    let touched: UnsafeMutableBufferPointer<Int32>
    var selector: TopSelector

    init(itemCount: Int, maxPostingsPerItem: Int, k: Int) {
        accumulated = .allocate(capacity: itemCount)
        accumulated.initialize(repeating: 0)
        touched = .allocate(capacity: max(1, maxPostingsPerItem))
        selector = TopSelector(capacity: k)
    }

    deinit {
        accumulated.deallocate()
        touched.deallocate()
    }
}
