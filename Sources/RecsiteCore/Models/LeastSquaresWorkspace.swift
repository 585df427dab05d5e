/// The k × k normal equation of one ALS row, accumulated and solved in reusable buffers.
///
/// One workspace belongs to one worker thread and is reset for every row, so the hot loop
/// allocates nothing. Accumulation and solving run in `Double` (Spark does the same) because
/// summing thousands of rank-one `Float` updates for a popular movie loses digits otherwise.
///
/// Two solvers, as in Spark MLlib's ALS:
/// - unconstrained: Cholesky factorisation of `AᵀA + λI` (symmetric positive definite when λ > 0);
/// - nonnegative: the projected-gradient / conjugate-gradient NNLS method of Spark's
///   `mllib.optimization.NNLS` (Polyak's bound-constrained CG, using a CG direction only when the
///   previous step hit no new bound), working on the same normal equation.
package final class LeastSquaresWorkspace {
    package let rank: Int
    /// Σ y yᵀ, full row-major k × k (both halves, so the update loop vectorises).
    private let gram: UnsafeMutablePointer<Double>
    /// Σ r y.
    private let rhs: UnsafeMutablePointer<Double>
    /// The source factor of the current entry, widened to Double once per entry.
    private let y: UnsafeMutablePointer<Double>
    /// The regularised matrix (Cholesky factor in place, or NNLS's AᵀA).
    private let a: UnsafeMutablePointer<Double>
    private let x: UnsafeMutablePointer<Double>
    private let grad: UnsafeMutablePointer<Double>
    private let dir: UnsafeMutablePointer<Double>
    private let lastDir: UnsafeMutablePointer<Double>
    private let res: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let buffers: [UnsafeMutablePointer<Double>]

    package init(rank: Int) {
        self.rank = rank
        let k = rank
        gram = .allocate(capacity: k * k)
        a = .allocate(capacity: k * k)
        rhs = .allocate(capacity: k)
        y = .allocate(capacity: k)
        x = .allocate(capacity: k)
        grad = .allocate(capacity: k)
        dir = .allocate(capacity: k)
        lastDir = .allocate(capacity: k)
        res = .allocate(capacity: k)
        scratch = .allocate(capacity: k)
        buffers = [gram, a, rhs, y, x, grad, dir, lastDir, res, scratch]
        reset()
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Clears the accumulated equation before the next row.
    package func reset() {
        gram.update(repeating: 0, count: rank * rank)
        rhs.update(repeating: 0, count: rank)
    }

    /// Adds one observation: Σ y yᵀ += y yᵀ and Σ r y += r y.
    @inline(__always)
    package func add(_ factor: UnsafePointer<Float>, rating: Float) {
        // Locals, so the optimiser need not reload the pointers after every store through them.
        let k = rank, y = self.y, rhs = self.rhs, gram = self.gram
        let r = Double(rating)
        for i in 0..<k { y[i] = Double(factor[i]) }
        for i in 0..<k {
            let yi = y[i]
            rhs[i] += r * yi
            let row = gram + i * k
            for j in 0..<k { row[j] += yi * y[j] }
        }
    }

    /// Solves (Σ y yᵀ + λ I) x = Σ r y and writes x as `Float`s to `output`.
    ///
    /// - Parameter lambda: the full diagonal term; ALS-WR passes regParam × (number of ratings).
    package func solve(lambda: Double, nonnegative: Bool, into output: UnsafeMutablePointer<Float>) {
        let k = rank
        if nonnegative {
            a.update(from: gram, count: k * k)
            for i in 0..<k { a[i * k + i] += lambda }
            solveNonnegative()
        } else {
            solveCholesky(lambda: lambda)
        }
        for i in 0..<k { output[i] = Float(x[i]) }
    }

    // MARK: - Cholesky

    /// Factorises and solves; a matrix that is not positive definite (possible only with
    /// regParam 0 and fewer ratings than the rank) is retried with a tiny growing ridge so the
    /// result stays finite and deterministic instead of aborting the run.
    private func solveCholesky(lambda: Double) {
        let k = rank
        var maxDiagonal = 0.0
        for i in 0..<k { maxDiagonal = max(maxDiagonal, gram[i * k + i]) }
        var ridge = 0.0
        for attempt in 0..<12 {
            a.update(from: gram, count: k * k)
            for i in 0..<k { a[i * k + i] += lambda + ridge }
            if factorise() {
                substitute()
                return
            }
            ridge = max(maxDiagonal, 1) * 1e-12 * pow10(attempt)
        }
        x.update(repeating: 0, count: k)
    }

    private func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// In-place lower Cholesky factor of `a` (row-major); false when a pivot is not positive.
    private func factorise() -> Bool {
        let k = rank
        for j in 0..<k {
            var d = a[j * k + j]
            for p in 0..<j { d -= a[j * k + p] * a[j * k + p] }
            guard d > 0, d.isFinite else { return false }
            let pivot = d.squareRoot()
            a[j * k + j] = pivot
            for i in (j + 1)..<k {
                var s = a[i * k + j]
                for p in 0..<j { s -= a[i * k + p] * a[j * k + p] }
                a[i * k + j] = s / pivot
            }
        }
        return true
    }

    /// Forward then back substitution with the factor L: L z = b, Lᵀ x = z.
    private func substitute() {
        let k = rank
        for i in 0..<k {
            var s = rhs[i]
            for p in 0..<i { s -= a[i * k + p] * x[p] }
            x[i] = s / a[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = x[i]
            for p in (i + 1)..<k { s -= a[p * k + i] * x[p] }
            x[i] = s / a[i * k + i]
        }
    }

    // MARK: - NNLS

    /// Minimises ½ xᵀAx − xᵀb subject to x ≥ 0, starting from x = 0 (Spark's NNLS method).
    private func solveNonnegative() {
        let k = rank
        x.update(repeating: 0, count: k)
        lastDir.update(repeating: 0, count: k)
        let maxIterations = max(400, 20 * k)
        var lastNorm = 0.0
        var lastWall = 0
        var iteration = 0
        while iteration < maxIterations {
            // Residual (= gradient) A x − b.
            multiply(x, into: res)
            for i in 0..<k {
                res[i] -= rhs[i]
                // Project: a coordinate held at its bound with an outward gradient stays put.
                grad[i] = (res[i] > 0 && x[i] == 0) ? 0 : res[i]
            }
            let gradNorm = dot(grad, grad)
            dir.update(from: grad, count: k)
            var step = stepLength(grad)
            var dirNorm: Double
            let xNorm = dot(x, x)
            if iteration > lastWall + 1 {
                // Conjugate direction, kept only when it does not look like premature convergence.
                let beta = gradNorm / lastNorm
                for i in 0..<k { dir[i] += beta * lastDir[i] }
                let cgStep = stepLength(dir)
                dirNorm = dot(dir, dir)
                if Self.shouldStop(step: cgStep, dirNorm: dirNorm, xNorm: xNorm) {
                    dir.update(from: grad, count: k)
                    dirNorm = dot(dir, dir)
                } else {
                    step = cgStep
                }
            } else {
                dirNorm = dot(dir, dir)
            }
            if Self.shouldStop(step: step, dirNorm: dirNorm, xNorm: xNorm) { return }
            // Shorten the step so no coordinate crosses zero ("don't run through the walls").
            for i in 0..<k where step * dir[i] > x[i] {
                step = x[i] / dir[i]
            }
            for i in 0..<k {
                if step * dir[i] > x[i] * (1 - 1e-14) {
                    x[i] = 0
                    lastWall = iteration
                } else {
                    x[i] -= step * dir[i]
                }
            }
            iteration += 1
            lastDir.update(from: dir, count: k)
            lastNorm = gradNorm
        }
    }

    /// The exact line-search step along `direction` for the quadratic, (dᵀr) / (dᵀAd).
    private func stepLength(_ direction: UnsafeMutablePointer<Double>) -> Double {
        let top = dot(direction, res)
        multiply(direction, into: scratch)
        // The 1e-20 keeps a zero direction from dividing by zero (it then stops on "step < 1e-7").
        return top / (dot(scratch, direction) + 1e-20)
    }

    private static func shouldStop(step: Double, dirNorm: Double, xNorm: Double) -> Bool {
        step.isNaN || step < 1e-7 || step > 1e40 || dirNorm < 1e-12 * xNorm || dirNorm < 1e-32
    }

    private func multiply(_ v: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let k = rank
        for i in 0..<k {
            var s = 0.0
            let row = a + i * k
            for j in 0..<k { s += row[j] * v[j] }
            out[i] = s
        }
    }

    private func dot(_ u: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>) -> Double {
        var s = 0.0
        for i in 0..<rank { s += u[i] * v[i] }
        return s
    }
}
