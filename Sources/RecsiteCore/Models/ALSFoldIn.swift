/// Adds users to a trained ALS model without retraining it: each new user's factor is solved
/// from their ratings against the model's fixed item factors.
///
/// This is exactly one user half-step of `ALSTrainer`: the same normal equation
/// `(Σ_i y_i y_iᵀ + λ n_u I) x_u = Σ_i r_ui y_i` with ALS-WR's λ × (the user's number of ratings),
/// solved by the same `LeastSquaresWorkspace` (Cholesky, or NNLS when the model is nonnegative),
/// with the model's own `regParam` and `nonnegative` settings. Since ALS's last half-step of every
/// iteration solves the users from the items, re-solving a trained user from their training ratings
/// reproduces their factor bit for bit.
///
/// - Ratings of a movie the model has no factor for (nobody rated it in training) carry no
///   information about the user in this model, so they are left out of the solve and of n_u, as
///   training would have left them out had the movie never been rated; they still count as seen.
/// - A new user whose every rating is of such a movie gets no factor (the model stays as it was
///   for them) and is listed in `withoutFactor`; their lists then come from content similarity.
/// - The item factors are not changed: other users' predictions are exactly as before.
package enum ALSFoldIn {
    /// What folding in did.
    package struct Result: Sendable {
        /// The model with the new users' factors merged in (user ids ascending, as training gives).
        package var model: ALSModel
        /// New users that got a factor, ascending.
        package var foldedUserIDs: [Int]
        /// New users none of whose rated movies has a factor, ascending.
        package var withoutFactor: [Int]
        /// Ratings that entered the solves.
        package var ratingsUsed: Int
        /// Ratings of movies without a factor, left out of the solves.
        package var ratingsIgnored: Int
    }

    /// Solves a factor for every user of `newRatings` against `model`'s item factors.
    ///
    /// - Parameters:
    ///   - newRatings: the new users' ratings, as a matrix over the catalog the model was trained on
    ///     (`RatingMatrix(ratings:catalog:)` with that catalog).
    ///   - threads: worker threads (the factors do not depend on it).
    /// - Throws: `FoldInError.usersAlreadyInModel` when a user of `newRatings` has a factor in `model`
    ///   (changing a trained user's ratings needs retraining); `.catalogMismatch` when the matrix's
    ///   columns are not the model's movies.
    package static func foldIn(_ newRatings: RatingMatrix, into model: ALSModel, threads: Int = 1) throws -> Result {
        guard newRatings.itemCount == model.itemCount else {
            throw FoldInError.catalogMismatch(modelMovies: model.itemCount, ratingsMovies: newRatings.itemCount)
        }
        let known = newRatings.userIDs.filter { model.userIndex(of: $0) != nil }
        if !known.isEmpty { throw FoldInError.usersAlreadyInModel(ids: known) }

        // Keep only ratings of movies with a factor, user by user, in the matrix's column order.
        let k = model.rank
        var pointers = [0]
        var items: [Int32] = []
        var values: [Float] = []
        var folded: [Int] = []
        var withoutFactor: [Int] = []
        var ignored = 0
        for row in 0..<newRatings.userCount {
            let (rowItems, rowValues) = newRatings.row(row)
            let before = items.count
            for (item, value) in zip(rowItems, rowValues) {
                if model.itemHasFactor[Int(item)] {
                    items.append(item)
                    values.append(value)
                } else {
                    ignored += 1
                }
            }
            if items.count == before {
                withoutFactor.append(newRatings.userIDs[row])
            } else {
                folded.append(newRatings.userIDs[row])
                pointers.append(items.count)
            }
        }

        var settings = model.settings
        settings.threads = max(1, threads)
        var newFactors = [Float](repeating: 0, count: folded.count * k)
        ALSTrainer.solveRows(pointers: pointers, indices: items, values: values,
                             source: model.itemFactors, target: &newFactors, settings: settings)

        // Merge by id so the model's users stay in ascending id order.
        let merged = (model.userIDs.indices.map { (id: model.userIDs[$0], old: true, row: $0) }
            + folded.indices.map { (id: folded[$0], old: false, row: $0) }).sorted { $0.id < $1.id }
        var userFactors = [Float]()
        userFactors.reserveCapacity(merged.count * k)
        for entry in merged {
            let source = entry.old ? model.userFactors : newFactors
            userFactors.append(contentsOf: source[(entry.row * k)..<((entry.row + 1) * k)])
        }
        let combined = ALSModel(rank: k, userIDs: merged.map(\.id), userFactors: userFactors,
                                itemFactors: model.itemFactors, itemHasFactor: model.itemHasFactor, settings: model.settings)
        return Result(model: combined, foldedUserIDs: folded, withoutFactor: withoutFactor,
                      ratingsUsed: items.count, ratingsIgnored: ignored)
    }
}

/// Why new users cannot be folded into a model.
package enum FoldInError: Error, Equatable, CustomStringConvertible {
    /// These users already have factors in the model.
    case usersAlreadyInModel(ids: [Int])
    /// The ratings matrix was built over a different catalog than the model's.
    case catalogMismatch(modelMovies: Int, ratingsMovies: Int)

    package var description: String {
        switch self {
        case let .usersAlreadyInModel(ids):
            let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
            let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
            let noun = ids.count == 1 ? "user \(shown) is" : "users \(shown)\(more) are"
            return "\(noun) already in the model; only users the model has never seen can be folded in "
                + "(to change a trained user's ratings, add them to the data and retrain)"
        case let .catalogMismatch(modelMovies, ratingsMovies):
            return "the new ratings cover \(ratingsMovies) movies but the model \(modelMovies); build them over the model's catalog"
        }
    }
}
