/// Explains a cohort with at most `concurrency` requests in flight: results come back in input
/// order, and one user's failure is that user's `.failure`, never the end of the run.
package enum ExplanationRunner {
    /// Explains every request.
    /// - Parameters:
    ///   - concurrency: requests in flight at once; values below 1 mean 1. Match it to the
    ///     server's parallelism (`OLLAMA_NUM_PARALLEL`, llama.cpp's slots): more only queues.
    ///   - progress: called as (finished, total) after each request ends, success or failure,
    ///     one call at a time.
    ///   - onToken: called as (request index, pieces so far) while answers stream in, from the
    ///     requests' tasks (possibly at the same time for different indexes).
    /// - Returns: one result per request, in the order of `requests`.
    package static func run(requests: [ExplanationRequest], explainer: any Explainer, concurrency: Int,
                            progress: (@Sendable (Int, Int) -> Void)? = nil,
                            onToken: (@Sendable (Int, Int) -> Void)? = nil) async -> [Result<Explanation, any Error>] {
        let total = requests.count
        guard total > 0 else { return [] }
        let width = max(1, min(concurrency, total))
        // Child tasks return a named struct, not an (Int, Result) tuple: destructuring that tuple
        // from `group.next()` read a garbage index in Swift 6.3's release build and trapped.
        let results = await withTaskGroup(of: Finished.self, returning: [Result<Explanation, any Error>?].self) { group in
            var results = [Result<Explanation, any Error>?](repeating: nil, count: total)
            var started = 0
            var finished = 0
            func record(_ done: Finished) {
                results[done.index] = done.result
                finished += 1
                progress?(finished, total)
            }
            while started < total {
                if started - finished >= width, let done = await group.next() { record(done) }
                let index = started
                let request = requests[index]
                let tokens: TokenProgress? = onToken.map { report in { @Sendable pieces in report(index, pieces) } }
                group.addTask {
                    do {
                        return Finished(index: index, result: .success(try await explainer.explain(request, onToken: tokens)))
                    } catch {
                        return Finished(index: index, result: .failure(error))
                    }
                }
                started += 1
            }
            while let done = await group.next() { record(done) }
            return results
        }
        return results.map { $0 ?? .failure(CancellationError()) }
    }

    private struct Finished: Sendable {
        var index: Int
        var result: Result<Explanation, any Error>
    }
}
