/// Trains explicit-feedback matrix factorisation by alternating least squares, as Spark MLlib does.
///
/// Formulation (Spark's `ALS` with `implicitPrefs = false`, from Zhou et al., "Large-scale
/// Parallel Collaborative Filtering for the Netflix Prize", ALS-WR):
///
///     minimise  Σ_(u,i) (r_ui − x_u·y_i)²  +  λ (Σ_u n_u ‖x_u‖² + Σ_i n_i ‖y_i‖²)
///
/// where n_u and n_i count the ratings of the user and of the movie. With one side fixed each row
/// is an independent ridge regression whose normal equation is
/// `(Σ_i y_i y_iᵀ + λ n_u I) x_u = Σ_i r_ui y_i`; it is solved by Cholesky, or, when
/// `nonnegative` is set, by Spark's NNLS method on the same equation (every component ≥ 0).
///
/// - Initialisation: every user and movie factor is k draws of N(0, 1) scaled to unit L2 norm
///   (uniform on the sphere, as Spark). The draws come from `SplitMix64` seeded by
///   (seed, side, row index), so they do not depend on threads or block layout. (Spark seeds per
///   block, so exact Spark factors are not reproduced; the method and its fixed points are.)
/// - Order: each iteration solves all movies from the users, then all users from the movies.
/// - Cold rows: a movie nobody rated gets no factor (`ALSModel.itemHasFactor` is false) and no
///   prediction, never NaN. Every user of the matrix has at least one rating, hence a factor.
/// - Implicit feedback (`implicitPrefs`, `alpha`) is not implemented: explicit ALS ignores alpha.
/// - Each iteration can only lower the objective above, since every half-step solves its rows
///   exactly (NNLS: to its tolerance).
/// - Rows are solved in parallel over fixed blocks, each row by one thread with its own
///   workspace, so the factors are bit-identical for any `threads` value.
package enum ALSTrainer {
    /// Trains a model on every rating of `matrix`.
    ///
    /// - Parameter progress: called on the caller's thread after each iteration with its number (1-based).
    /// - Throws: `CoreError.invalidSetting` when a setting is out of range.
    package static func train(
        _ matrix: RatingMatrix, settings: ALSSettings = ALSSettings(), progress: ((Int) -> Void)? = nil
    ) throws -> ALSModel {
        try settings.validate()
        let k = settings.rank
        var userFactors = initialFactors(count: matrix.userCount, rank: k, seed: settings.seed, side: 0)
        var itemFactors = initialFactors(count: matrix.itemCount, rank: k, seed: settings.seed, side: 1)
        var itemHasFactor = [Bool](repeating: false, count: matrix.itemCount)
        for item in 0..<matrix.itemCount where matrix.itemPointers[item + 1] > matrix.itemPointers[item] {
            itemHasFactor[item] = true
        }
        // A cold movie keeps a zero vector, so a stray dot product with it is 0, not noise.
        for item in 0..<matrix.itemCount where !itemHasFactor[item] {
            for c in 0..<k { itemFactors[item * k + c] = 0 }
        }

        for iteration in 0..<settings.iterations {
            solveRows(
                pointers: matrix.itemPointers, indices: matrix.itemUsers, values: matrix.itemValues,
                source: userFactors, target: &itemFactors, settings: settings)
            solveRows(
                pointers: matrix.userPointers, indices: matrix.userItems, values: matrix.userValues,
                source: itemFactors, target: &userFactors, settings: settings)
            progress?(iteration + 1)
        }
        return ALSModel(
            rank: k, userIDs: matrix.userIDs, userFactors: userFactors,
            itemFactors: itemFactors, itemHasFactor: itemHasFactor, settings: settings)
    }

    /// Unit-norm Gaussian factors, each row from its own seeded stream.
    static func initialFactors(count: Int, rank k: Int, seed: UInt64, side: UInt64) -> [Float] {
        var factors = [Float](repeating: 0, count: count * k)
        var draw = [Double](repeating: 0, count: k)
        for row in 0..<count {
            var rng = SplitMix64(seed: seed, stream: side, index: UInt64(row))
            var norm = 0.0
            for c in 0..<k {
                draw[c] = rng.nextGaussian()
                norm += draw[c] * draw[c]
            }
            norm = norm.squareRoot()
            for c in 0..<k {
                // A zero draw (probability 0) would divide by zero: fall back to a basis vector.
                factors[row * k + c] = norm > 0 ? Float(draw[c] / norm) : (c == 0 ? 1 : 0)
            }
        }
        return factors
    }

    /// Solves every non-empty row of one side from the other side's factors.
    ///
    /// Rows with no entries are left untouched (cold). Each worker owns one workspace and writes
    /// only the `rank` floats of the rows in its blocks.
    static func solveRows(
        pointers: [Int], indices: [Int32], values: [Float],
        source: [Float], target: inout [Float], settings: ALSSettings
    ) {
        let k = settings.rank
        let rowCount = pointers.count - 1
        let regParam = settings.regParam
        let nonnegative = settings.nonnegative
        pointers.withUnsafeBufferPointer { pointerBuffer in
            indices.withUnsafeBufferPointer { indexBuffer in
                values.withUnsafeBufferPointer { valueBuffer in
                    source.withUnsafeBufferPointer { sourceBuffer in
                        target.withUnsafeMutableBufferPointer { targetBuffer in
                            let p = SharedReadBuffer(pointerBuffer)
                            let idx = SharedReadBuffer(indexBuffer)
                            let vals = SharedReadBuffer(valueBuffer)
                            let src = SharedReadBuffer(sourceBuffer)
                            let dst = SharedWriteBuffer(targetBuffer)
                            ParallelBlocks.run(count: rowCount, threads: settings.threads) { blocks in
                                guard let srcBase = src.base.baseAddress, let dstBase = dst.base.baseAddress else { return }
                                let workspace = LeastSquaresWorkspace(rank: k)
                                for range in blocks {
                                    for row in range {
                                        let start = p.base[row], end = p.base[row + 1]
                                        if start == end { continue }
                                        workspace.reset()
                                        for e in start..<end {
                                            workspace.add(srcBase + Int(idx.base[e]) * k, rating: vals.base[e])
                                        }
                                        workspace.solve(
                                            lambda: regParam * Double(end - start), nonnegative: nonnegative,
                                            into: dstBase + row * k)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
