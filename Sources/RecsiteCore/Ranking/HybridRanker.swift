/// Ranks the unseen movies of one user three ways: CF, content, and a hybrid per α.
///
/// - Candidates: every catalog movie the user has not rated in `history`; rated movies are
///   never recommended.
/// - CF: ALS's predicted rating. Movies without a factor (nobody rated them in training) are
///   left out of the CF list.
/// - Content: the mean cosine of the movie to the user's liked movies (rating ≥ threshold); a
///   user who liked nothing is profiled by their highest-rated movies instead, and the result
///   says so (`profileRating`).
/// - Hybrid: α·content + (1 − α)·CF on the chosen `HybridScale`. Min-max scaling uses the
///   user's candidates (CF over the movies ALS can score). A movie ALS cannot score takes the
///   CF floor (0, the lowest scaled value, or a raw rating of 0), so at α = 1 the hybrid list is
///   exactly the content list and such movies are not dropped from the blend.
/// - Fallbacks, stated in the result: no ALS factor for the user → content alone; no rated
///   movie with words to compare (or no content model) → CF alone; neither → the most-rated
///   unseen movies.
/// - Order: higher score first, equal scores by ascending movie id; top-N by a bounded heap,
///   never a full sort of the catalog. No NaN can reach a list.
package struct HybridRanker: Sendable {
    package let catalog: Catalog
    /// The ratings that define what each user has seen and liked (the training ratings).
    package let history: RatingMatrix
    package let model: ALSModel?
    package let content: ContentModel?
    package let settings: HybridSettings
    package let popularity: PopularityRanker

    /// - Throws: `CoreError.invalidSetting` for a bad count, α or threshold.
    package init(
        catalog: Catalog, history: RatingMatrix, model: ALSModel?, content: ContentModel?,
        settings: HybridSettings = HybridSettings()
    ) throws {
        try settings.validate()
        self.catalog = catalog
        self.history = history
        self.model = model
        self.content = content
        self.settings = settings
        popularity = PopularityRanker(matrix: history, catalog: catalog)
    }

    /// Ranks every requested user, in parallel; the result follows `userIDs`' order.
    package func recommend(userIDs: [Int], threads: Int) -> [UserRecommendations] {
        var results = [UserRecommendations?](repeating: nil, count: userIDs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SharedWriteBuffer(buffer)
            ParallelBlocks.run(count: userIDs.count, blockSize: 8, threads: threads) { blocks in
                for range in blocks {
                    for i in range { out.base[i] = recommend(userID: userIDs[i]) }
                }
            }
        }
        return results.map { $0! }
    }

    /// Ranks one user. A user unknown to both the history and the model gets the popularity lists.
    package func recommend(userID: Int) -> UserRecommendations {
        let n = catalog.count
        var rated = [Bool](repeating: false, count: n)
        var liked: [Int] = []
        var ratedCount = 0
        var best: (rating: Float, items: [Int]) = (-.infinity, [])
        if let row = history.userIndex(of: userID) {
            for e in history.userPointers[row]..<history.userPointers[row + 1] {
                let item = Int(history.userItems[e])
                guard item < n else { continue }
                rated[item] = true
                // Another id of a film the user rated is not a recommendation.
                for copy in catalog.duplicates(of: item) { rated[copy] = true }
                ratedCount += 1
                let value = history.userValues[e]
                if value >= settings.likedThreshold { liked.append(item) }
                if value > best.rating { best = (value, [item]) } else if value == best.rating { best.items.append(item) }
            }
        }
        // Nothing reached the threshold: the user's own best ratings still say what they prefer.
        let profileRating: Float? = liked.isEmpty && !best.items.isEmpty ? best.rating : nil
        let profile = profileRating == nil ? liked : best.items

        // CF part: raw predictions, nil-free via the factor mask.
        var cfStatus = CFAvailability.noModel
        var predicted: [Float]? = nil
        if let model {
            if let user = model.userIndex(of: userID), let scores = model.scores(forUser: user) {
                predicted = scores
                cfStatus = .available
            } else {
                cfStatus = .coldUser
            }
        }
        func canPredict(_ item: Int) -> Bool {
            guard let model, predicted != nil, item < model.itemCount else { return false }
            return model.itemHasFactor[item]
        }

        // Content part.
        var contentStatus = ContentAvailability.noContentSignal
        var cosine: [Float]? = nil
        if profile.isEmpty {
            contentStatus = .noLikedMovies
        } else if let content, content.itemCount == n, profile.contains(where: { !content.isZero(item: $0) }) {
            cosine = content.scores(likedItems: profile)
            contentStatus = .available
        }

        let counts = popularity.ratingCounts
        // One entry per film: a second id of the same film only stands in when the first is filtered out.
        let candidates = (0..<n).filter { item in
            guard !rated[item], counts[item] >= settings.minRatings else { return false }
            let canonical = catalog.canonicalIndex(of: item)
            return canonical == item || counts[canonical] < settings.minRatings
        }
        let warm = candidates.filter(canPredict)
        let cfScale = Self.scaling(settings.scale, values: warm.lazy.map { Double(predicted![$0]) })
        let contentScale = Self.scaling(settings.scale, values: candidates.lazy.map { Double(cosine?[$0] ?? 0) })

        func entry(_ item: Int, score: Double) -> RankedMovie {
            let p: Float? = canPredict(item) ? predicted![item] : nil
            return RankedMovie(
                movieIndex: item, movieID: catalog[item].id, predictedRating: p,
                cfScore: p.map { Float(cfScale.apply(Double($0))) },
                contentScore: cosine.map { Float(contentScale.apply(Double($0[item]))) },
                score: Float(score))
        }
        func top(_ candidates: [Int], _ score: (Int) -> Double) -> [RankedMovie] {
            var selector = TopSelector(capacity: settings.count)
            for item in candidates { selector.consider(score: score(item), index: item) }
            return selector.sorted().map { entry($0.index, score: $0.score) }
        }

        let cfTop = predicted == nil ? [] : top(warm) { cfScale.apply(Double(predicted![$0])) }
        let contentTop = cosine.map { c in top(candidates) { contentScale.apply(Double(c[$0])) } } ?? []

        let basis: HybridBasis
        switch (predicted != nil, cosine != nil) {
        case (true, true): basis = .blend
        case (false, true): basis = .contentOnly
        case (true, false): basis = .cfOnly
        case (false, false): basis = .popularity
        }
        let hybrid = settings.alphas.map { alpha -> HybridList in
            let movies: [RankedMovie]
            switch basis {
            case .blend:
                movies = top(candidates) { item in
                    let cf = canPredict(item) ? cfScale.apply(Double(predicted![item])) : 0
                    return alpha * contentScale.apply(Double(cosine![item])) + (1 - alpha) * cf
                }
            case .contentOnly: movies = contentTop
            case .cfOnly: movies = cfTop
            case .popularity: movies = popularity.top(count: settings.count) { rated[$0] }
            }
            return HybridList(alpha: alpha, movies: movies)
        }

        return UserRecommendations(
            userID: userID, ratedCount: ratedCount, likedMovieIndices: liked.sorted(),
            profileMovieIndices: profile.sorted(), profileRating: profileRating,
            cf: cfStatus, content: contentStatus, basis: basis, candidateCount: candidates.count,
            cfTop: cfTop, contentTop: contentTop, hybrid: hybrid)
    }

    /// A map to [0, 1] (min-max), or the identity (raw).
    struct Scaling {
        var offset = 0.0
        /// Divides rather than multiplies by a reciprocal, so the maximum maps to exactly 1.
        var range = 1.0
        func apply(_ x: Double) -> Double { range > 0 ? (x - offset) / range : 0 }
    }

    /// Min-max over `values`; when all values are equal (or there are none) every score maps to 0,
    /// so a constant part adds nothing instead of dividing by zero.
    static func scaling<S: Sequence>(_ scale: HybridScale, values: S) -> Scaling where S.Element == Double {
        guard scale == .minMax else { return Scaling() }
        var low = Double.infinity, high = -Double.infinity
        for v in values {
            low = min(low, v)
            high = max(high, v)
        }
        guard high > low else { return Scaling(offset: 0, range: 0) }
        return Scaling(offset: low, range: high - low)
    }
}
