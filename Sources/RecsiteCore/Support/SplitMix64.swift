import Foundation

/// A small seeded random number generator (SplitMix64) whose stream depends only on its seed.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the standard library promises no
/// stable algorithm behind its distributions, so models that must give the same factors on every
/// run and every machine draw from this generator and convert bits to numbers themselves.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    /// A generator for one member of a family, e.g. (training seed, side, row): each stream is
    /// independent of how work is split between threads, which keeps results thread-count free.
    package init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SplitMix64(seed: seed)
        let a = mixer.next()
        var second = SplitMix64(seed: a ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        let b = second.next()
        var third = SplitMix64(seed: b ^ (index &* 0xBF58_476D_1CE4_E5B9))
        state = third.next()
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    package mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal draw (Box–Muller, one value per call so the stream stays simple).
    package mutating func nextGaussian() -> Double {
        // 1 − u keeps the logarithm's argument in (0, 1], never 0.
        let u1 = 1.0 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method), for samplers.
    package mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold {
                product = next().multipliedFullWidth(by: b)
            }
        }
        return Int(product.high)
    }
}
