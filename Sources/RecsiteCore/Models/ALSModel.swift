/// A trained explicit ALS model: one factor per user of the training matrix and per rated movie.
///
/// Factors are stored flat, row-major, `rank` floats per row. Users are the training matrix's
/// dense user indices (ids in `userIDs`); items are the catalog's dense movie indices. A movie
/// nobody rated in training has no factor, and every API says so with `nil` or a mask rather than
/// returning NaN (Spark's "nan" cold-start output), which would poison sorting and averages.
package struct ALSModel: Sendable {
    package let rank: Int
    /// The settings the model was trained with (threads aside, they fully determine it).
    package let settings: ALSSettings
    /// Dense user index → the data set's user id, ascending (the training matrix's order).
    package let userIDs: [Int]
    /// `userIDs.count × rank` floats.
    package let userFactors: [Float]
    /// `itemCount × rank` floats; zeros for movies without a factor.
    package let itemFactors: [Float]
    /// Whether each catalog movie has a factor (was rated in training).
    package let itemHasFactor: [Bool]
    private let userIndexByID: [Int: Int]

    /// Builds a model from factors, e.g. trained ones or hand-made ones in tests.
    package init(
        rank: Int, userIDs: [Int], userFactors: [Float], itemFactors: [Float],
        itemHasFactor: [Bool], settings: ALSSettings = ALSSettings()
    ) {
        precondition(userFactors.count == userIDs.count * rank, "userFactors must hold rank floats per user")
        precondition(itemFactors.count == itemHasFactor.count * rank, "itemFactors must hold rank floats per item")
        self.rank = rank
        self.settings = settings
        self.userIDs = userIDs
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        self.itemHasFactor = itemHasFactor
        var index = [Int: Int](minimumCapacity: userIDs.count)
        for (i, id) in userIDs.enumerated() { index[id] = i }
        userIndexByID = index
    }

    package var userCount: Int { userIDs.count }
    package var itemCount: Int { itemHasFactor.count }

    /// The dense index of a user id, or nil for a user the model never saw (cold user).
    package func userIndex(of userID: Int) -> Int? { userIndexByID[userID] }

    /// One user's factor, or nil when the index is out of range.
    package func userFactor(_ user: Int) -> ArraySlice<Float>? {
        guard user >= 0, user < userCount else { return nil }
        return userFactors[(user * rank)..<((user + 1) * rank)]
    }

    /// One movie's factor, or nil when the movie has none (cold) or the index is out of range.
    package func itemFactor(_ item: Int) -> ArraySlice<Float>? {
        guard item >= 0, item < itemCount, itemHasFactor[item] else { return nil }
        return itemFactors[(item * rank)..<((item + 1) * rank)]
    }

    /// The predicted rating x_u · y_i (no bias, no clipping, as Spark), or nil when either
    /// side has no factor.
    package func predict(user: Int, item: Int) -> Float? {
        guard user >= 0, user < userCount, item >= 0, item < itemCount, itemHasFactor[item] else { return nil }
        return userFactors.withUnsafeBufferPointer { u in
            itemFactors.withUnsafeBufferPointer { v in
                Self.dot(u.baseAddress! + user * rank, v.baseAddress! + item * rank, rank)
            }
        }
    }

    /// Predicted ratings of every catalog movie for one user, in catalog order.
    ///
    /// Movies without a factor get 0 here; read `itemHasFactor` to leave them out. Returns nil
    /// for a user index the model does not have.
    package func scores(forUser user: Int) -> [Float]? {
        guard user >= 0, user < userCount else { return nil }
        var out = [Float](repeating: 0, count: itemCount)
        let k = rank
        userFactors.withUnsafeBufferPointer { u in
            itemFactors.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    let x = u.baseAddress! + user * k
                    for item in 0..<itemCount where itemHasFactor[item] {
                        o[item] = Self.dot(x, v.baseAddress! + item * k, k)
                    }
                }
            }
        }
        return out
    }

    /// The ALS-WR objective on `matrix`: Σ (r − x·y)² + λ (Σ_u n_u‖x_u‖² + Σ_i n_i‖y_i‖²).
    ///
    /// Users are matched by id; ratings whose user or movie has no factor are left out.
    /// Training never raises this value from one iteration to the next.
    package func loss(_ matrix: RatingMatrix) -> Double {
        let lambda = settings.regParam
        var squared = 0.0
        var penalty = 0.0
        var itemRatings = [Int](repeating: 0, count: itemCount)
        forEachRating(in: matrix) { user, item, rating, prediction in
            let e = Double(rating) - Double(prediction)
            squared += e * e
            penalty += lambda * Self.squaredNorm(userFactors, row: user, rank)
            itemRatings[item] += 1
        }
        for item in 0..<itemCount where itemRatings[item] > 0 {
            penalty += lambda * Double(itemRatings[item]) * Self.squaredNorm(itemFactors, row: item, rank)
        }
        return squared + penalty
    }

    /// Root-mean-square error of the predictions on `matrix`'s ratings that the model can score,
    /// or nil when it can score none.
    package func trainingRMSE(_ matrix: RatingMatrix) -> Double? {
        var squared = 0.0
        var count = 0
        forEachRating(in: matrix) { _, _, rating, prediction in
            let e = Double(rating) - Double(prediction)
            squared += e * e
            count += 1
        }
        return count > 0 ? (squared / Double(count)).squareRoot() : nil
    }

    /// Visits each rating of `matrix` that both factors cover, with the model's user index.
    private func forEachRating(in matrix: RatingMatrix, _ body: (Int, Int, Float, Float) -> Void) {
        for row in 0..<matrix.userCount {
            guard let user = userIndex(of: matrix.userIDs[row]) else { continue }
            for e in matrix.userPointers[row]..<matrix.userPointers[row + 1] {
                let item = Int(matrix.userItems[e])
                guard let prediction = predict(user: user, item: item) else { continue }
                body(user, item, matrix.userValues[e], prediction)
            }
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ k: Int) -> Float {
        // Accumulate in Double: the ranking compares these values, and summation error would
        // otherwise depend on the rank more than on the factors.
        var s = 0.0
        for c in 0..<k { s += Double(a[c]) * Double(b[c]) }
        return Float(s)
    }

    private static func squaredNorm(_ factors: [Float], row: Int, _ k: Int) -> Double {
        var s = 0.0
        for c in 0..<k {
            let v = Double(factors[row * k + c])
            s += v * v
        }
        return s
    }
}
