import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// Missing models (C19), a missing server and slow model loads (C20).
@Suite("OllamaClient: missing models, missing server, slow loads")
struct OllamaClientFailureTests {
    /// The model names in C19's `response_tags.json`: gemma3:12b and llama3.2:latest.
    static func c19Models() throws -> [String] {
        let data = try Data(contentsOf: SharedFolder.caseInput("C19").appendingPathComponent("response_tags.json"))
        return try JSONDecoder().decode(OllamaWire.TagsResponse.self, from: data).models.map(\.name)
    }

    // MARK: C19

    @Test("C19: preflight for gemma3 fails naming the model, the gemma3 tags found and the pull command")
    func preflightMissingModel() async throws {
        let double = OllamaTestDouble(models: try Self.c19Models())
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3")
        let error = await #expect(throws: ExplainError.self) { try await client.preflight() }
        #expect(error == .modelMissing(model: "gemma3", available: ["gemma3:12b"], url: client.serverDescription))
        let message = error?.description ?? ""
        #expect(message.contains("'gemma3'"))
        #expect(message.contains("gemma3:12b"))
        #expect(message.contains("`ollama pull gemma3`"))
        #expect(!message.contains("llama3.2"))
        // The tag list, then the server's own word on the name; never a generation.
        #expect(double.requests.map(\.path) == ["/api/tags", "/api/show"])
    }

    @Test("a name the server runs but does not list (an alias behind a proxy) passes the preflight through /api/show")
    func aliasPassesThroughShow() async throws {
        let double = OllamaTestDouble(models: ["gemma3:270m"], reply: "## Your taste\n\nDrama.")
        defer { double.stop() }
        double.setAliases(["gemma3:latest"])
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3")
        let tag = try await client.preflight()
        #expect(tag.name == "gemma3" && tag.digest == nil)
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "## Your taste\n\nDrama.")
        // Without the alias, as a real Ollama with only gemma3:270m pulled: missing, naming the tag it has.
        double.setAliases([])
        await #expect(throws: ExplainError.modelMissing(model: "gemma3", available: ["gemma3:270m"], url: client.serverDescription)) {
            try await client.preflight()
        }
    }

    @Test("C19: gemma3:12b passes the preflight and explains")
    func preflightExactTag() async throws {
        let double = OllamaTestDouble(models: try Self.c19Models(), reply: "## Your taste\n\nCrime.")
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3:12b")
        let tag = try await client.preflight()
        #expect(tag.name == "gemma3:12b")
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "## Your taste\n\nCrime.")
    }

    @Test("C19: gemma3 matches gemma3:latest, and a tag must match exactly", arguments: [
        ("gemma3", ["gemma3:latest"], true), ("GEMMA3", ["gemma3:latest"], true),
        ("gemma3:latest", ["gemma3:latest"], true), ("gemma3:4b", ["gemma3:latest", "gemma3:12b"], false),
        ("gemma3", ["gemma3:4b"], false),
    ])
    func modelNameMatching(model: String, pulled: [String], found: Bool) async throws {
        let double = OllamaTestDouble(models: pulled)
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: model)
        let matched = (try? await client.preflight()) != nil
        #expect(matched == found)
    }

    @Test("C19: a 404 during chat is a missing model, told by the status code whatever the text says")
    func notFoundDuringChat() async throws {
        let double = OllamaTestDouble(models: ["gemma3:latest"])
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3")
        try await client.preflight()
        double.setModels(["gemma3:12b"])  // removed mid-run
        await #expect(throws: ExplainError.modelMissing(model: "gemma3", available: ["gemma3:12b"],
                                                        url: client.serverDescription)) {
            try await client.explain(ExplainTestFixtures.request())
        }
        double.script([.status(404, message: "something else entirely")])
        await #expect(throws: ExplainError.modelMissing(model: "gemma3", available: ["gemma3:12b"],
                                                        url: client.serverDescription)) {
            try await client.explain(ExplainTestFixtures.request())
        }
    }

    @Test("C19: both 404 wordings become modelMissing, never an explanation",
          arguments: ["response_404_generate.json", "response_404_generate_older_wording.json"])
    func notFoundWordings(fixture: String) async throws {
        let body = try Data(contentsOf: SharedFolder.caseInput("C19").appendingPathComponent(fixture))
        let transport = ScriptedTransport { request, _ in
            request.url.path.hasSuffix("/api/tags")
                ? HTTPResponse(status: 200, data: Data(#"{"models":[]}"#.utf8))
                : HTTPResponse(status: 404, data: body)
        }
        let client = OllamaClient(model: "gemma3", transport: transport)
        await #expect(throws: ExplainError.modelMissing(model: "gemma3", available: [], url: "http://127.0.0.1:11434")) {
            try await client.explain(ExplainTestFixtures.request())
        }
    }

    // MARK: C20

    @Test("C20: connection refused fails within 5 s, naming the URL and how to start Ollama")
    func refusedFailsFast() async throws {
        let port = try ExplainTestFixtures.closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        let client = OllamaClient(baseURL: url, model: "gemma3")
        for call in ["preflight", "explain"] {
            let start = Date()
            let error = await #expect(throws: ExplainError.self) {
                if call == "preflight" { try await client.preflight() } else { _ = try await client.explain(ExplainTestFixtures.request()) }
            }
            #expect(Date().timeIntervalSince(start) < 5, "\(call) took too long")
            #expect(error == .serverUnreachable(url: "http://127.0.0.1:\(port)", reason: "connection refused"))
            let message = error?.description ?? ""
            #expect(message.contains("http://127.0.0.1:\(port)"))
            #expect(message.contains("`ollama serve`"))
            #expect(message.contains("`--explainer offline`"))
        }
    }

    @Test("C20: retries while refused are bounded (1 + connectRetries attempts)")
    func boundedRetries() async throws {
        let transport = ScriptedTransport { _, _ in throw HTTPTransportError.cannotConnect(reason: "connection refused") }
        let client = OllamaClient(model: "gemma3", configuration: .init(retryDelay: 0.01), transport: transport)
        await #expect(throws: ExplainError.self) { try await client.preflight() }
        #expect(transport.sent.count == 3)
    }

    @Test("C20: generation waits up to a long read timeout (default ≥ 120 s); the preflight uses the short one")
    func timeouts() async throws {
        #expect(OllamaClient.Configuration().readTimeout >= 120)
        #expect(OllamaClient.Configuration().connectTimeout <= 5)
        let tags = Data(#"{"models":[{"name":"gemma3:latest"}]}"#.utf8)
        let done = Data(#"{"message":{"content":"ok"},"done":true}"#.utf8)
        let transport = ScriptedTransport { request, _ in
            HTTPResponse(status: 200, data: request.method == "GET" ? tags : done)
        }
        let client = OllamaClient(model: "gemma3", configuration: .init(readTimeout: 600), transport: transport)
        try await client.preflight()
        _ = try await client.explain(ExplainTestFixtures.request())
        #expect(transport.sent.map(\.timeout) == [5, 600])
    }

    @Test("C20: a slow first reply within the timeout is waited for, not cancelled and re-sent")
    func slowReplyIsNotResent() async throws {
        let double = OllamaTestDouble(reply: "## Loaded\n\nfinally")
        defer { double.stop() }
        double.script([.delay(seconds: 2)])
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: .init(readTimeout: 10))
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "## Loaded\n\nfinally")
        #expect(double.requests(path: "/api/chat").count == 1)
    }

    @Test("C20: a reply slower than the read timeout fails once with the timeout and the flag to raise it")
    func timeoutNamesFlag() async throws {
        let double = OllamaTestDouble()
        defer { double.stop() }
        double.script([.delay(seconds: 12)])
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: .init(readTimeout: 1))
        let start = Date()
        let error = await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
        // Gave up at the timeout, well before the reply would have come: not a speed measurement.
        #expect(Date().timeIntervalSince(start) < 9)
        #expect(error == .timeout(url: client.serverDescription, seconds: 1))
        #expect(error?.description.contains("1 s") == true)
        #expect(error?.description.contains("`--llm-timeout <seconds>`") == true)
        #expect(double.requests(path: "/api/chat").count == 1)
    }

    @Test("C20: a steady stream longer than the read timeout is not cut (the timeout is idle time)")
    func idleTimeout() async throws {
        let double = OllamaTestDouble(reply: "a b c d e")
        defer { double.stop() }
        double.setChunkDelay(0.6)
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: .init(readTimeout: 2))
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "a b c d e")
    }

    @Test("a server that trickles text forever is stopped at the total limit, with the flag that raises it")
    func totalLimit() async throws {
        let double = OllamaTestDouble(reply: Array(repeating: "word", count: 200).joined(separator: " "))
        defer { double.stop() }
        double.setChunkDelay(0.25)  // 50 s in all, never silent for the 2 s idle timeout
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3", configuration: .init(readTimeout: 2))
        let limited = TimeLimitedExplainer(wrapping: client, seconds: 1.5, server: client.serverDescription, backend: .ollama)
        let start = Date()
        let error = await #expect(throws: ExplainError.self) { try await limited.explain(ExplainTestFixtures.request()) }
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(error == .tooSlow(url: client.serverDescription, seconds: 1.5))
        #expect(error?.description.contains("`--llm-max-time <seconds>`") == true)
        #expect(limited.source == client.source)
        // Within the limit the answer and its errors pass through unchanged.
        double.setChunkDelay(0)
        #expect(try await limited.explain(ExplainTestFixtures.request()).markdown.hasPrefix("word word"))
        for _ in 0..<3 { double.script([.status(500, message: "boom")]) }  // the first try and both retries
        let failure = await #expect(throws: ExplainError.self) { try await limited.explain(ExplainTestFixtures.request()) }
        if case .httpStatus(500, _, _, _) = failure {} else { Issue.record("expected the HTTP 500, got \(String(describing: failure))") }
    }

    @Test("a model the server lists but refuses to run gets advice that does not contradict the list")
    func listedButMissing() {
        let message = ExplainError.modelMissing(model: "gemma3", available: ["gemma3:latest"], url: "http://127.0.0.1:11434").description
        #expect(message == "the Ollama server at http://127.0.0.1:11434 lists 'gemma3' but answered that it has no such model "
            + "when asked to generate (was it removed while recsite ran?). Pull it again with `ollama pull gemma3`.")
        let other = ExplainError.modelMissing(model: "gemma3:4b", available: ["gemma3:latest"], url: "http://h").description
        #expect(other.contains("has no model 'gemma3:4b'") && other.contains("pass `--model gemma3:latest`"))
    }

    @Test("waiting for a slow model costs no CPU: the plain-http transport blocks in poll instead of spinning")
    func waitingIsIdle() async throws {
        let double = OllamaTestDouble(reply: "## Done\n\nAfter a wait.")
        defer { double.stop() }
        double.script([.delay(seconds: 3)])
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3")
        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        let before = cpuSeconds()
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "## Done\n\nAfter a wait.")
        // URLSession on Linux burned about 0.8 CPU-seconds per second of waiting here. RUSAGE_SELF
        // counts the whole test process, so this holds in the serial run `make test` does.
        #expect(cpuSeconds() - before < 1.0)
    }

    @Test("C20: every request sends keep_alive")
    func keepAliveEveryTime() async throws {
        let double = OllamaTestDouble()
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3")
        _ = try await client.explain(ExplainTestFixtures.request(userID: 1))
        _ = try await client.explain(ExplainTestFixtures.request(userID: 2))
        #expect(double.requests(path: "/api/chat").map { $0.json?["keep_alive"] } == [.string("15m"), .string("15m")])
    }
}
