import Foundation

/// Wraps a language-model explainer with the explanation cache: a request whose identity (model,
/// options, full prompt) is stored is answered from the file without calling the model; a new one
/// goes to the model and, when the answer is whole, is stored for the next build.
///
/// Never stored: a failure (the error is rethrown) or an empty answer; an answer cut short at the
/// token limit is stored with its cut-short flag, never as a whole answer. Explainers that are not `CacheableExplainer` (the offline one, which is cheap and
/// deterministic) pass straight through. Safe to call from many tasks at once.
package final class CachedExplainer: Explainer, @unchecked Sendable {
    /// What happened during a run, readable at any time.
    package struct Statistics: Sendable, Equatable {
        /// Answers taken from the cache.
        package var hits = 0
        /// Requests that went to the model (whether or not they succeeded).
        package var misses = 0
        /// Answers written to the cache.
        package var stored = 0
        /// Model answers not stored because they were empty.
        package var notStored = 0
        /// Requests the model failed on.
        package var failures = 0
        /// Cache files that could not be written.
        package var writeFailures = 0
        /// Requests passed to an explainer that has no cache identity (offline).
        package var passedThrough = 0
        /// Seconds spent waiting for the model, summed over the misses (by the cache's clock).
        package var llmSeconds = 0.0

        package init() {}
    }

    /// The explainer asked on a miss.
    package let inner: any Explainer
    package let cache: ExplanationCache
    /// Ask the model for every request and overwrite the entries (`--refresh-explanations`).
    package let refresh: Bool
    private let lock = NSLock()
    private var counters = Statistics()
    private var lastWriteError: ExplanationCacheError?

    package init(wrapping inner: any Explainer, cache: ExplanationCache, refresh: Bool = false) {
        self.inner = inner; self.cache = cache; self.refresh = refresh
    }

    package var source: ExplanationSource { inner.source }

    /// The counters so far.
    package var statistics: Statistics { lock.withLock { counters } }

    /// The last cache write that failed, for the build summary.
    package var lastCacheWriteError: ExplanationCacheError? { lock.withLock { lastWriteError } }

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        try await explain(request, onToken: nil)
    }

    package func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
        guard let cacheable = inner as? any CacheableExplainer else {
            count { $0.passedThrough += 1 }
            return try await inner.explain(request, onToken: onToken)
        }
        let key = ExplanationCache.key(for: cacheable.cacheIdentity(for: request))
        if !refresh, let entry = cache.entry(forKey: key) {
            count { $0.hits += 1 }
            return entry.explanation
        }
        count { $0.misses += 1 }
        let start = cache.now()
        let answer: Explanation
        do {
            answer = try await inner.explain(request, onToken: onToken)
        } catch {
            let seconds = cache.now().timeIntervalSince(start)
            count { $0.failures += 1; $0.llmSeconds += seconds }
            throw error
        }
        let seconds = cache.now().timeIntervalSince(start)
        count { $0.llmSeconds += seconds }
        guard Self.isCacheable(answer) else {
            count { $0.notStored += 1 }
            return answer
        }
        do {
            try cache.store(answer, forKey: key)
            count { $0.stored += 1 }
        } catch {
            lock.withLock {
                counters.writeFailures += 1
                lastWriteError = error
            }
        }
        return answer
    }

    /// Answers worth keeping: not empty and not itself from a cache. An answer cut short at the
    /// token limit is kept *as cut short* (its flag is stored and the page says so on every build):
    /// asked again with the same prompt, options and seed, the model writes the same cut-off text,
    /// so asking again costs the model's time for nothing. More room (`num_predict`) is a new key.
    package static func isCacheable(_ explanation: Explanation) -> Bool {
        !explanation.isBlank && !explanation.fromCache
    }

    private func count(_ change: (inout Statistics) -> Void) {
        lock.withLock { change(&counters) }
    }
}
