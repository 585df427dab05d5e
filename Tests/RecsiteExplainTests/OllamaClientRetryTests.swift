import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// Retries (only when the server did no work), the truncation warning, streaming progress, the
/// prompt plan on the wire and the cache identity.
@Suite("OllamaClient: retries, warnings, progress")
struct OllamaClientRetryTests {
    static let fast = OllamaClient.Configuration(readTimeout: 20, retryDelay: 0.01, statusRetryDelay: 0.01)

    func withDouble(reply: String = "## Fine\n\nAll good.", configuration: OllamaClient.Configuration = Self.fast,
                    _ body: (OllamaTestDouble, OllamaClient) async throws -> Void) async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"], reply: reply)
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: configuration)
        try await body(double, client)
    }

    @Test("a 503 (queue full) is retried and the second answer is used")
    func retriesServiceUnavailable() async throws {
        try await withDouble { double, client in
            double.script([.status(503, message: "server busy, please try again.  maximum pending requests exceeded")])
            let explanation = try await client.explain(ExplainTestFixtures.request())
            #expect(explanation.markdown == "## Fine\n\nAll good.")
            #expect(double.requests(path: "/api/chat").count == 2)
        }
    }

    @Test("503 on every attempt: 1 + statusRetries requests, then the server's message")
    func retriesAreBounded() async throws {
        try await withDouble { double, client in
            for _ in 0..<3 { double.script([.status(503, message: "busy")]) }
            await #expect(throws: ExplainError.httpStatus(code: 503, message: "busy", url: client.serverDescription)) {
                try await client.explain(ExplainTestFixtures.request())
            }
            #expect(double.requests(path: "/api/chat").count == 3)
        }
    }

    @Test("a 500 (the runner failed on this request) is not retried by default")
    func noRetryOn500() async throws {
        try await withDouble { double, client in
            double.script([.status(500, message: "llama runner process has terminated")])
            await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
            #expect(double.requests(path: "/api/chat").count == 1)
        }
    }

    @Test("which transport failures are retried: only a refused connection and 502/503/504", arguments: [
        ("refused", 3), ("timed out", 1), ("connection lost", 1), ("503", 3), ("502", 3), ("504", 3), ("500", 1), ("429", 1),
    ])
    func retryRules(failure: String, attempts: Int) async throws {
        let transport = ScriptedTransport { _, _ in
            switch failure {
            case "refused": throw HTTPTransportError.cannotConnect(reason: "connection refused")
            case "timed out": throw HTTPTransportError.timedOut
            case "connection lost": throw HTTPTransportError.connectionLost(reason: "reset")
            default: return HTTPResponse(status: Int(failure) ?? 500, data: Data(#"{"error":"no"}"#.utf8))
            }
        }
        let client = OllamaClient(model: "gemma3", configuration: Self.fast, transport: transport)
        await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
        #expect(transport.sent.count == attempts)
    }

    @Test("default retry policy: 2 retries after 1 s then 2 s for 502/503/504; 0.25 s, 0.5 s while refused")
    func defaultPolicy() {
        let policy = OllamaClient.Configuration().retry
        #expect(policy == RetryPolicy(connectRetries: 2, connectDelay: 0.25, statusRetries: 2, statusDelay: 1,
                                      retryStatuses: [502, 503, 504]))
        #expect([0, 1].map { RetryPolicy.pause(first: policy.statusDelay, attempt: $0) } == [1, 2])
        #expect([0, 1].map { RetryPolicy.pause(first: policy.connectDelay, attempt: $0) } == [0.25, 0.5])
    }

    @Test("prompt_eval_count under half the estimate gives the truncation warning")
    func truncationWarning() async throws {
        try await withDouble { double, client in
            double.setPromptEvalCount(40)
            let request = ExplainTestFixtures.request()
            let plan = client.promptPlan(for: request)
            let explanation = try await client.explain(request)
            #expect(explanation.warnings == [
                "Ollama evaluated 40 prompt tokens of an estimated \(DecimalFormat.grouped(plan.estimatedTokens)): "
                    + "the prompt was probably truncated; raise num_ctx",
            ])
            #expect(explanation.promptTokens == 40)
            #expect(explanation.estimatedPromptTokens == plan.estimatedTokens)
        }
    }

    @Test("a whole prompt gives no warning, and the counters reach the explanation")
    func noWarning() async throws {
        try await withDouble(reply: "one two three") { _, client in
            let request = ExplainTestFixtures.request()
            let (explanation, stats) = try await client.explainWithStats(request)
            #expect(explanation.warnings == [])
            #expect(explanation.promptTokens == stats.promptEvalCount)
            #expect(explanation.evalCount == 3)
            #expect(explanation.estimatedPromptTokens == client.promptPlan(for: request).estimatedTokens)
            #expect((explanation.durationSeconds ?? 0) > 0)
            #expect(explanation.fromCache == false)
        }
    }

    @Test("onToken counts the streamed pieces as they arrive")
    func progress() async throws {
        try await withDouble(reply: "one two three four") { _, client in
            let seen = Recorder<Int>()
            let explanation = try await client.explain(ExplainTestFixtures.request(), onToken: { seen.append($0) })
            #expect(explanation.markdown == "one two three four")
            #expect(seen.values == [1, 2, 3, 4])
        }
    }

    @Test("a small context budget shortens the liked list, sends the plan's num_ctx and warns")
    func shrinkOnTheWire() async throws {
        var configuration = Self.fast
        configuration.numPredict = 200
        configuration.maxContext = 1000
        try await withDouble(configuration: configuration) { double, client in
            let request = PromptPlanTests.longLikedRequest()
            let plan = client.promptPlan(for: request)
            #expect(plan.shrunkLikedFrom == 20)
            let explanation = try await client.explain(request)
            #expect(explanation.warnings == plan.warnings)
            let sent = try #require(double.requests(path: "/api/chat").first?.json)
            #expect(sent["options"]?["num_ctx"] == .number(Double(plan.numCtx)))
            #expect(sent["messages"]?.array?.last?["content"]?.string == plan.user)
        }
    }

    @Test("preflighted() carries the model digest into the cache identity")
    func digestInIdentity() async throws {
        try await withDouble { _, client in
            let checked = try await client.preflighted()
            #expect(checked.modelDigest == String(repeating: "ab", count: 32))
            let request = ExplainTestFixtures.request()
            #expect(checked.cacheIdentity(for: request) != client.cacheIdentity(for: request))
            #expect(checked.cacheIdentity(for: request).contains("\"modelDigest\":\"abab"))
        }
    }

    @Test("the cache identity is stable and changes with the prompt, the model and every option")
    func identity() {
        let request = ExplainTestFixtures.request()
        let base = OllamaClient(model: "gemma3")
        #expect(base.cacheIdentity(for: request) == OllamaClient(model: "gemma3:latest").cacheIdentity(for: request))
        var other = request
        other.likedMovies[0].rating = 4.5
        var variants = [base.cacheIdentity(for: other), OllamaClient(model: "gemma3:12b").cacheIdentity(for: request)]
        for change in [{ (c: inout OllamaClient.Configuration) in c.temperature = 0 }, { $0.seed = 7 }, { $0.numPredict = 300 }] {
            var configuration = OllamaClient.Configuration()
            change(&configuration)
            variants.append(OllamaClient(model: "gemma3", configuration: configuration).cacheIdentity(for: request))
        }
        #expect(Set(variants + [base.cacheIdentity(for: request)]).count == 6)
    }
}

/// Collects values from `@Sendable` callbacks.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    func append(_ value: Value) { lock.withLock { stored.append(value) } }
    var values: [Value] { lock.withLock { stored } }
}
