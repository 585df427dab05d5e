/// Cosine similarity that is defined for every input: 0 whenever either vector has zero norm.
///
/// Plain `a·b / (‖a‖‖b‖)` is NaN for a zero vector (0/0), and NaN sorts unpredictably in
/// rankings (case C14). A zero vector is similar to nothing, itself included: cos(a, a) = 0.
package enum Cosine {
    /// Cosine of two dense vectors; a shorter vector counts as padded with zeros.
    package static func dense(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for i in 0..<min(a.count, b.count) {
            dot += a[i] * b[i]
            normA += a[i] * a[i]
            normB += b[i] * b[i]
        }
        for i in min(a.count, b.count)..<a.count { normA += a[i] * a[i] }
        for i in min(a.count, b.count)..<b.count { normB += b[i] * b[i] }
        return ratio(dot: dot, normA: normA, normB: normB)
    }

    /// Cosine of two sparse vectors given as ascending indices with their values.
    package static func sparse(
        _ aIndices: [Int], _ aValues: [Double], _ bIndices: [Int], _ bValues: [Double]
    ) -> Double {
        var normA = 0.0, normB = 0.0, dot = 0.0
        for v in aValues { normA += v * v }
        for v in bValues { normB += v * v }
        var i = 0, j = 0
        while i < aIndices.count && j < bIndices.count {
            if aIndices[i] == bIndices[j] {
                dot += aValues[i] * bValues[j]
                i += 1
                j += 1
            } else if aIndices[i] < bIndices[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return ratio(dot: dot, normA: normA, normB: normB)
    }

    private static func ratio(dot: Double, normA: Double, normB: Double) -> Double {
        guard normA > 0, normB > 0, normA.isFinite, normB.isFinite else { return 0 }
        let value = dot / (normA.squareRoot() * normB.squareRoot())
        return value.isFinite ? value : 0
    }
}
