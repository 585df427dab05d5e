/// How CF and content scores are put on a common footing before they are blended.
package enum HybridScale: String, Sendable, Codable, CaseIterable {
    /// Min-max scale both scores to [0, 1] over the user's candidates (the default): α then
    /// weighs two comparable numbers.
    case minMax
    /// The reference notebook's mix: α·cosine + (1 − α)·predicted rating, unscaled. The rating
    /// (0–5+) dwarfs the cosine (0–1), so α = 0.5 is almost pure CF; kept for comparison.
    case raw
}

/// What a ranking run produces and how it blends.
package struct HybridSettings: Sendable, Equatable, Codable {
    /// Length of each list (top-N).
    package var count: Int = 10
    /// The blend weights to rank with; each in [0, 1], 0 = pure CF, 1 = pure content.
    package var alphas: [Double] = [0, 0.25, 0.5, 0.75, 1]
    package var scale: HybridScale = .minMax
    /// A rating at or above this marks a movie as liked (the content part's input).
    package var likedThreshold: Float = 4
    /// Only movies with at least this many ratings in the history are recommended (0: every movie).
    package var minRatings: Int = 0

    package init(count: Int = 10, alphas: [Double] = [0, 0.25, 0.5, 0.75, 1],
                 scale: HybridScale = .minMax, likedThreshold: Float = 4, minRatings: Int = 0) {
        self.minRatings = minRatings
        self.count = count
        self.alphas = alphas
        self.scale = scale
        self.likedThreshold = likedThreshold
    }

    /// Names the first setting a user could have got wrong.
    package func validate() throws {
        if count < 1 {
            throw CoreError.invalidSetting(name: "top-N count", reason: "\(count) is not at least 1")
        }
        if alphas.isEmpty {
            throw CoreError.invalidSetting(name: "alpha", reason: "no blend weight given")
        }
        if let bad = alphas.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw CoreError.invalidSetting(name: "alpha", reason: "\(bad) is not between 0 and 1")
        }
        if minRatings < 0 {
            throw CoreError.invalidSetting(name: "minimum ratings", reason: "\(minRatings) is negative")
        }
        if !likedThreshold.isFinite {
            throw CoreError.invalidSetting(name: "liked threshold", reason: "\(likedThreshold) is not a number")
        }
    }
}
