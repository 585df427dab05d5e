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
        var results = [Result<Explanation, any Error>?](repeating: nil, count: total)
        await withTaskGroup(of: (Int, Result<Explanation, any Error>).self) { group in
            var next = 0
            var finished = 0
            while next < total {
                if next - finished >= width, let (index, result) = await group.next() {
                    results[index] = result
                    finished += 1
                    progress?(finished, total)
                }
                let index = next
                let request = requests[index]
                let tokens: TokenProgress? = onToken.map { report in { @Sendable pieces in report(index, pieces) } }
                group.addTask {
                    do {
                        return (index, .success(try await explainer.explain(request, onToken: tokens)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                finished += 1
                progress?(finished, total)
            }
        }
        return results.map { $0 ?? .failure(CancellationError()) }
    }
}
