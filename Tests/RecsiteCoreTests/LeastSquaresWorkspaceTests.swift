import Testing
import RecsiteCore

@Suite("LeastSquaresWorkspace")
struct LeastSquaresWorkspaceTests {
    /// Observations y = (1,0) r = 2, (0,1) r = 3, (1,1) r = 4 give
    /// Σ y yᵀ = [[2,1],[1,2]] and Σ r y = (6, 7).
    private func workspace() -> LeastSquaresWorkspace {
        let ws = LeastSquaresWorkspace(rank: 2)
        for (y, r) in [([Float(1), 0], Float(2)), ([0, 1], 3), ([1, 1], 4)] {
            y.withUnsafeBufferPointer { ws.add($0.baseAddress!, rating: r) }
        }
        return ws
    }

    private func solve(_ ws: LeastSquaresWorkspace, lambda: Double, nonnegative: Bool) -> [Float] {
        var x = [Float](repeating: -1, count: 2)
        x.withUnsafeMutableBufferPointer { ws.solve(lambda: lambda, nonnegative: nonnegative, into: $0.baseAddress!) }
        return x
    }

    @Test("Cholesky solves the normal equation: [[2,1],[1,2]] x = (6,7) gives x = (5/3, 8/3)")
    func cholesky() {
        #expect(solve(workspace(), lambda: 0, nonnegative: false) == [Float(5.0 / 3.0), Float(8.0 / 3.0)])
    }

    @Test("the ridge term is added to the diagonal: [[3,1],[1,3]] x = (6,7) gives x = (11/8, 15/8)")
    func ridge() {
        #expect(solve(workspace(), lambda: 1, nonnegative: false) == [Float(11.0 / 8.0), Float(15.0 / 8.0)])
    }

    @Test("NNLS matches the unconstrained solution when it is already nonnegative")
    func nnlsInterior() {
        #expect(solve(workspace(), lambda: 0, nonnegative: true) == [Float(5.0 / 3.0), Float(8.0 / 3.0)])
    }

    @Test("NNLS clamps at the bound: I x = (2, −1) gives (2, 0), where Cholesky gives (2, −1)")
    func nnlsBound() {
        let ws = LeastSquaresWorkspace(rank: 2)
        for (y, r) in [([Float(1), 0], Float(2)), ([0, 1], -1)] {
            y.withUnsafeBufferPointer { ws.add($0.baseAddress!, rating: r) }
        }
        #expect(solve(ws, lambda: 0, nonnegative: true) == [2, 0])
        #expect(solve(ws, lambda: 0, nonnegative: false) == [2, -1])
    }

    @Test("a singular system without regularisation still gives finite numbers")
    func singular() {
        let ws = LeastSquaresWorkspace(rank: 2)
        [Float(1), 1].withUnsafeBufferPointer { ws.add($0.baseAddress!, rating: 2) }
        let x = solve(ws, lambda: 0, nonnegative: false)
        #expect(x.allSatisfy { $0.isFinite })
        #expect(abs(x[0] + x[1] - 2) < 1e-3)
    }
}
