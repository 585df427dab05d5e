import Foundation

/// The knobs of explicit-feedback ALS, with Spark MLlib's defaults as the reference notebook set them.
///
/// Only explicit ALS exists in recsite. Spark's `alpha` and `implicitPrefs` belong to implicit
/// feedback (confidence weights), which predicts preferences rather than star ratings; decoding
/// accepts `alpha` and ignores it (Spark ignores it too when `implicitPrefs` is false, case C10 A)
/// but rejects `implicitPrefs: true`, so a settings file asking for implicit mode fails loudly
/// instead of silently producing something else.
package struct ALSSettings: Sendable, Equatable, Codable {
    /// Number of latent factors per user and per movie.
    package var rank: Int = 10
    /// Alternations; each solves all movies, then all users.
    package var iterations: Int = 10
    /// λ in ALS-WR: each row's penalty is λ × (the row's number of ratings) × ‖x‖².
    package var regParam: Double = 0.1
    /// Solve each row with NNLS so every factor component is ≥ 0 (the reference's setting).
    package var nonnegative: Bool = true
    /// Seed of the factor initialisation.
    package var seed: UInt64 = 42
    /// Worker threads; the factors do not depend on this number (and it is not encoded).
    package var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    package init(
        rank: Int = 10, iterations: Int = 10, regParam: Double = 0.1, nonnegative: Bool = true,
        seed: UInt64 = 42, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.rank = rank
        self.iterations = iterations
        self.regParam = regParam
        self.nonnegative = nonnegative
        self.seed = seed
        self.threads = threads
    }

    private enum CodingKeys: String, CodingKey {
        case rank, iterations, regParam, nonnegative, seed, threads
        // Accepted for compatibility with Spark parameter files; see the type's documentation.
        case alpha, implicitPrefs
    }

    /// Missing keys keep their defaults, so a settings file may name only what it changes.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ALSSettings()
        rank = try c.decodeIfPresent(Int.self, forKey: .rank) ?? defaults.rank
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? defaults.iterations
        regParam = try c.decodeIfPresent(Double.self, forKey: .regParam) ?? defaults.regParam
        nonnegative = try c.decodeIfPresent(Bool.self, forKey: .nonnegative) ?? defaults.nonnegative
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? defaults.threads
        _ = try c.decodeIfPresent(Double.self, forKey: .alpha)
        if try c.decodeIfPresent(Bool.self, forKey: .implicitPrefs) == true {
            throw CoreError.invalidSetting(
                name: "implicitPrefs",
                reason: "implicit-feedback ALS is not supported; recsite trains explicit ALS on star ratings")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(regParam, forKey: .regParam)
        try c.encode(nonnegative, forKey: .nonnegative)
        try c.encode(seed, forKey: .seed)
        // `threads` is left out on purpose: it changes nothing in the result, and writing it would
        // make a site built on an 8-core machine differ from one built on a 2-core machine.
    }

    /// Checks every value a user can set, naming the first one that is out of range.
    package func validate() throws {
        if rank < 1 || rank > 1_000 {
            throw CoreError.invalidSetting(name: "rank", reason: "\(rank) is not between 1 and 1000")
        }
        if iterations < 0 {
            throw CoreError.invalidSetting(name: "iterations", reason: "\(iterations) is negative")
        }
        if !regParam.isFinite || regParam < 0 {
            throw CoreError.invalidSetting(name: "regParam", reason: "\(regParam) is not a finite number ≥ 0")
        }
        if threads < 1 {
            throw CoreError.invalidSetting(name: "threads", reason: "\(threads) is not at least 1")
        }
    }
}
