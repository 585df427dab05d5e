import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// Explaining a cohort with bounded concurrency: order, isolation of failures, progress.
@Suite("ExplanationRunner")
struct ExplanationRunnerTests {
    /// Writes "user N" after a delay that shrinks with N (so later users finish first), fails for
    /// the users in `failing`, and records how many calls ran at once.
    final class FakeExplainer: Explainer, @unchecked Sendable {
        struct Failure: Error, Equatable { let userID: Int }
        let failing: Set<Int>
        private let lock = NSLock()
        private var running = 0
        private var peak = 0
        init(failing: Set<Int> = []) { self.failing = failing }
        var maxConcurrent: Int { lock.withLock { peak } }
        var source: ExplanationSource { ExplanationSource(explainer: "fake", model: nil) }

        func explain(_ request: ExplanationRequest) async throws -> Explanation {
            try await explain(request, onToken: nil)
        }

        func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
            lock.withLock { running += 1; peak = max(peak, running) }
            defer { lock.withLock { running -= 1 } }
            try await Task.sleep(nanoseconds: UInt64(max(1, 12 - request.userID)) * 5_000_000)
            onToken?(request.userID)
            if failing.contains(request.userID) { throw Failure(userID: request.userID) }
            return Explanation(markdown: "user \(request.userID)", source: source)
        }
    }

    static let requests = (1...10).map { ExplainTestFixtures.request(userID: $0) }

    @Test("results come back in input order, whatever order they finish in")
    func order() async {
        let results = await ExplanationRunner.run(requests: Self.requests, explainer: FakeExplainer(), concurrency: 4)
        #expect(results.map { (try? $0.get())?.markdown } == (1...10).map { "user \($0)" })
    }

    @Test("one failure is that request's failure; every other request still succeeds")
    func failureIsolated() async {
        let results = await ExplanationRunner.run(requests: Self.requests, explainer: FakeExplainer(failing: [3, 7]),
                                                  concurrency: 3)
        for (index, result) in results.enumerated() {
            switch result {
            case let .success(explanation):
                #expect(![3, 7].contains(index + 1))
                #expect(explanation.markdown == "user \(index + 1)")
            case let .failure(error):
                #expect(error as? FakeExplainer.Failure == FakeExplainer.Failure(userID: index + 1))
            }
        }
        #expect(results.filter { (try? $0.get()) == nil }.count == 2)
    }

    @Test("never more than `concurrency` requests at once, and that many when there is work", arguments: [
        (1, 1), (3, 3), (0, 1), (-2, 1), (25, 10),
    ])
    func bounded(concurrency: Int, expected: Int) async {
        let explainer = FakeExplainer()
        _ = await ExplanationRunner.run(requests: Self.requests, explainer: explainer, concurrency: concurrency)
        #expect(explainer.maxConcurrent == expected)
    }

    @Test("progress is reported once per finished request, counting up to the total")
    func progress() async {
        let seen = Recorder<[Int]>()
        _ = await ExplanationRunner.run(requests: Self.requests, explainer: FakeExplainer(failing: [5]), concurrency: 4,
                                        progress: { seen.append([$0, $1]) })
        #expect(seen.values == (1...10).map { [$0, 10] })
    }

    @Test("token progress names the request it belongs to")
    func tokenProgress() async {
        let seen = Recorder<[Int]>()
        _ = await ExplanationRunner.run(requests: Array(Self.requests.prefix(3)), explainer: FakeExplainer(), concurrency: 3,
                                        onToken: { seen.append([$0, $1]) })
        #expect(seen.values.sorted { $0[0] < $1[0] } == [[0, 1], [1, 2], [2, 3]])
    }

    @Test("no requests, no results")
    func empty() async {
        #expect(await ExplanationRunner.run(requests: [], explainer: FakeExplainer(), concurrency: 4).isEmpty)
    }

    @Test("against the Ollama double: concurrency 2 means at most (and here exactly) 2 requests in flight")
    func boundedOnTheWire() async throws {
        let double = OllamaTestDouble(reply: "a b c d")
        defer { double.stop() }
        double.setChunkDelay(0.03)
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: .init(readTimeout: 20))
        let requests = Array(Self.requests.prefix(5))
        let results = await ExplanationRunner.run(requests: requests, explainer: client, concurrency: 2)
        #expect(results.map { (try? $0.get())?.markdown } == Array(repeating: "a b c d", count: 5))
        #expect(double.requests(path: "/api/chat").count == 5)
        #expect(double.maxConcurrentRequests == 2)
    }
}
