import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// The cache in front of a model: hits skip it, changes miss, failures and partial answers never stick.
@Suite("CachedExplainer")
struct CachedExplainerTests {
    /// A clock that moves 2.5 s every time it is read.
    final class SteppingClock: @unchecked Sendable {
        private let lock = NSLock()
        private var reads = 0
        func now() -> Date {
            lock.withLock {
                defer { reads += 1 }
                return Date(timeIntervalSince1970: 1_735_689_600 + 2.5 * Double(reads))
            }
        }
    }

    struct Setup {
        let double: OllamaTestDouble
        let folder: TemporaryDirectory
        let client: OllamaClient
        let cache: ExplanationCache

        func explainer(refresh: Bool = false, client: OllamaClient? = nil) -> CachedExplainer {
            CachedExplainer(wrapping: client ?? self.client, cache: cache, refresh: refresh)
        }
    }

    func withSetup(reply: String = "## Cached\n\nFrom the model.", _ body: (Setup) async throws -> Void) async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: reply)
        let folder = try TemporaryDirectory()
        defer { double.stop(); folder.remove() }
        let clock = SteppingClock()
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3",
                                  configuration: .init(readTimeout: 20, statusRetries: 0))
        try await body(Setup(double: double, folder: folder, client: client,
                             cache: ExplanationCache(directory: folder.url, now: { clock.now() })))
    }

    @Test("a second build with the same prompt takes the answer from the cache: the model sees no new request")
    func hitSkipsModel() async throws {
        try await withSetup { setup in
            let request = ExplainTestFixtures.request()
            let first = setup.explainer()
            let fresh = try await first.explain(request)
            #expect(fresh.fromCache == false)
            #expect(first.statistics.misses == 1)
            #expect(first.statistics.stored == 1)
            #expect(first.statistics.llmSeconds == 2.5)
            #expect(setup.double.requests(path: "/api/chat").count == 1)

            let second = setup.explainer()  // the next build
            let cached = try await second.explain(request)
            #expect(setup.double.requests(path: "/api/chat").count == 1)
            #expect(cached.markdown == "## Cached\n\nFrom the model.")
            #expect(cached.source == fresh.source)
            #expect(cached.fromCache)
            #expect(second.statistics.hits == 1)
            #expect(second.statistics.misses == 0)
            #expect(second.statistics.llmSeconds == 0)
        }
    }

    @Test("a changed prompt or changed options miss and ask the model")
    func changesMiss() async throws {
        try await withSetup { setup in
            let request = ExplainTestFixtures.request()
            _ = try await setup.explainer().explain(request)
            var retrained = request
            retrained.recommendations[0].cfScore = 0.5  // the list's numbers moved after retraining
            var colder = setup.client.configuration
            colder.temperature = 0
            let colderClient = OllamaClient(baseURL: setup.client.baseURL, model: "gemma3", configuration: colder)
            let explainer = setup.explainer()
            _ = try await explainer.explain(retrained)
            _ = try await setup.explainer(client: colderClient).explain(request)
            _ = try await explainer.explain(request)
            #expect(setup.double.requests(path: "/api/chat").count == 3)
            #expect(explainer.statistics == {
                var s = CachedExplainer.Statistics(); s.hits = 1; s.misses = 1; s.stored = 1; s.llmSeconds = 2.5; return s
            }())
            #expect(setup.cache.keys().count == 3)
        }
    }

    @Test("--refresh-explanations asks the model even for stored prompts and overwrites the entry")
    func refresh() async throws {
        try await withSetup { setup in
            let request = ExplainTestFixtures.request()
            _ = try await setup.explainer().explain(request)
            setup.double.setReply("## New\n\nRewritten.")
            let refreshed = try await setup.explainer(refresh: true).explain(request)
            #expect(refreshed.markdown == "## New\n\nRewritten.")
            #expect(setup.double.requests(path: "/api/chat").count == 2)
            let again = try await setup.explainer().explain(request).markdown
            #expect(again == "## New\n\nRewritten.")
            #expect(setup.double.requests(path: "/api/chat").count == 2)
        }
    }

    @Test("a failed generation is never cached: the next build asks again")
    func failureNotCached() async throws {
        try await withSetup { setup in
            setup.double.script([.status(500, message: "out of memory")])
            let explainer = setup.explainer()
            await #expect(throws: ExplainError.httpStatus(code: 500, message: "out of memory",
                                                          url: setup.client.serverDescription)) {
                try await explainer.explain(ExplainTestFixtures.request())
            }
            #expect(setup.cache.keys() == [])
            #expect(explainer.statistics.failures == 1)
            #expect(explainer.statistics.misses == 1)
            _ = try await explainer.explain(ExplainTestFixtures.request())
            #expect(setup.double.requests(path: "/api/chat").count == 2)
            #expect(setup.cache.keys().count == 1)
        }
    }

    @Test("a cut-short answer is cached as cut short: the next build shows it, still marked, without asking again")
    func cutShortCachedAsCutShort() async throws {
        try await withSetup { setup in
            setup.double.script([.doneReasonLength])
            let explainer = setup.explainer()
            let answer = try await explainer.explain(ExplainTestFixtures.request())
            #expect(answer.cutShort)
            #expect(setup.cache.keys().count == 1)
            #expect(explainer.statistics.stored == 1 && explainer.statistics.notStored == 0)
            let again = try await setup.explainer().explain(ExplainTestFixtures.request())
            #expect(again.cutShort && again.fromCache && again.markdown == answer.markdown)
            #expect(setup.double.requests(path: "/api/chat").count == 1)
        }
    }

    @Test("an empty answer is returned but never cached")
    func emptyNotCached() async throws {
        try await withSetup(reply: "") { setup in
            let explainer = setup.explainer()
            let text = try await explainer.explain(ExplainTestFixtures.request()).markdown
            #expect(text == "")
            #expect(setup.cache.keys() == [])
            #expect(explainer.statistics.notStored == 1)
        }
    }

    @Test("the offline explainer passes straight through: no files, no hits or misses")
    func offlinePassesThrough() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let explainer = CachedExplainer(wrapping: OfflineExplainer(), cache: ExplanationCache(directory: folder.url))
        let request = ExplainTestFixtures.request()
        #expect(try await explainer.explain(request) == (try await OfflineExplainer().explain(request)))
        #expect(explainer.source == OfflineExplainer().source)
        var expected = CachedExplainer.Statistics()
        expected.passedThrough = 1
        #expect(explainer.statistics == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == [])
    }

    @Test("counters stay exact when many requests run at once")
    func concurrentCounters() async throws {
        try await withSetup { setup in
            let requests = (1...6).map { ExplainTestFixtures.request(userID: $0) }
            let explainer = setup.explainer()
            let first = await ExplanationRunner.run(requests: requests, explainer: explainer, concurrency: 4)
            #expect(first.allSatisfy { (try? $0.get()) != nil })
            let again = await ExplanationRunner.run(requests: requests, explainer: explainer, concurrency: 4)
            #expect(again.compactMap { try? $0.get().fromCache } == Array(repeating: true, count: 6))
            let stats = explainer.statistics
            #expect(stats.misses == 6)
            #expect(stats.stored == 6)
            #expect(stats.hits == 6)
            #expect(setup.double.requests(path: "/api/chat").count == 6)
        }
    }
}
