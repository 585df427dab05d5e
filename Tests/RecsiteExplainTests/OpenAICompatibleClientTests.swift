import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// The OpenAI-compatible client against the loopback double: both APIs, SSE, errors, retries.
@Suite("OpenAICompatibleClient")
struct OpenAICompatibleClientTests {
    static let reply = "## Your taste\n\nCrime films: Heat, α × content… 東京."
    static let fast = RetryPolicy(connectDelay: 0.01, statusDelay: 0.01)

    func withDouble(models: [String] = ["gemma-3-270m"], api: OpenAICompatibleClient.API = .chat, model: String = "gemma-3-270m",
                    _ body: (OpenAITestDouble, OpenAICompatibleClient) async throws -> Void) async throws {
        let double = OpenAITestDouble(models: models, reply: Self.reply)
        defer { double.stop() }
        let client = OpenAICompatibleClient(baseURL: try double.start(), model: model,
                                            configuration: .init(api: api, readTimeout: 20, retry: Self.fast))
        try await body(double, client)
    }

    @Test("chat: the streamed answer is joined exactly, labelled openai · model")
    func chat() async throws {
        try await withDouble { double, client in
            let explanation = try await client.explain(ExplainTestFixtures.request())
            #expect(explanation.markdown == Self.reply)
            #expect(explanation.source == ExplanationSource(explainer: "openai", model: "gemma-3-270m"))
            #expect(explanation.cutShort == false)
            #expect(explanation.warnings == [])
            #expect(explanation.evalCount == OllamaTestDoubleWords.count(Self.reply))
            #expect(double.requests.map(\.path) == ["/v1/chat/completions"])
        }
    }

    @Test("chat: the request body and headers")
    func chatWireFormat() async throws {
        try await withDouble { double, client in
            let request = ExplainTestFixtures.request()
            _ = try await client.explain(request)
            let sent = try #require(double.requests(path: "/v1/chat/completions").first)
            let json = try #require(sent.json)
            #expect(sent.method == "POST")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(sent.headers["accept"] == "text/event-stream")
            #expect(sent.headers["authorization"] == nil)
            #expect(json.keys == ["max_tokens", "messages", "model", "seed", "stream", "stream_options", "temperature"])
            #expect(json["stream"] == .bool(true))
            #expect(json["stream_options"] == .object(["include_usage": .bool(true)]))
            #expect(json["max_tokens"] == .number(700))
            #expect(json["seed"] == .number(42))
            #expect(json["temperature"] == .number(0.2))
            let plan = client.promptPlan(for: request)
            #expect(json["messages"]?.array?.map { $0["role"]?.string } == ["system", "user"])
            #expect(json["messages"]?.array?.map { $0["content"]?.string } == [plan.system, plan.user])
        }
    }

    @Test("the stream cut into 3-byte pieces (inside lines and UTF-8 characters) gives the same text")
    func oddChunksOverHTTP() async throws {
        try await withDouble { double, client in
            double.setWriteSize(3)
            let text = try await client.explain(ExplainTestFixtures.request()).markdown
            #expect(text == Self.reply)
        }
    }

    @Test("finish_reason length marks the explanation as cut short")
    func lengthIsCutShort() async throws {
        try await withDouble { double, client in
            double.script([.finishLength])
            let explanation = try await client.explain(ExplainTestFixtures.request())
            #expect(explanation.cutShort)
            #expect(explanation.markdown == Self.reply)
        }
    }

    @Test("completions API: one plain prompt from the template's completion section, stop at the next question")
    func completions() async throws {
        try await withDouble(api: .completions) { double, client in
            let request = ExplainTestFixtures.request()
            let explanation = try await client.explain(request)
            #expect(explanation.markdown == Self.reply)
            let json = try #require(double.requests(path: "/v1/completions").first?.json)
            #expect(json.keys == ["max_tokens", "model", "prompt", "seed", "stop", "stream", "stream_options", "temperature"])
            let plan = client.promptPlan(for: request)
            #expect(plan.layout == .completion)
            #expect(json["prompt"] == .string(plan.completion))
            #expect(json["prompt"]?.string?.hasSuffix("\n\nAnswer:") == true)
            #expect(json["stop"] == .array([.string("Question:")]))
            #expect(double.requests(path: "/v1/chat/completions").isEmpty)
        }
    }

    @Test("usage.prompt_tokens reaches the explanation; far under the estimate it warns")
    func usageAndTruncation() async throws {
        try await withDouble { double, client in
            double.setPromptTokens(10)
            let request = ExplainTestFixtures.request()
            let explanation = try await client.explain(request)
            let estimate = client.promptPlan(for: request).estimatedTokens
            #expect(explanation.promptTokens == 10)
            #expect(explanation.estimatedPromptTokens == estimate)
            #expect(explanation.warnings == [
                "The OpenAI-compatible server evaluated 10 prompt tokens of an estimated \(DecimalFormat.grouped(estimate)): "
                    + "the prompt was probably truncated; raise the server's context size (llama.cpp: --n_ctx)",
            ])
        }
    }

    @Test("preflight: a model the server does not serve is named with what it serves")
    func modelMissing() async throws {
        try await withDouble(model: "gemma3") { double, client in
            let error = await #expect(throws: ExplainError.self) { try await client.preflight() }
            #expect(error == .modelMissing(model: "gemma3", available: ["gemma-3-270m"], url: client.serverDescription,
                                           backend: .openAI))
            #expect(error?.description == "the OpenAI-compatible server at \(client.serverDescription) does not serve "
                + "'gemma3'; it serves gemma-3-270m. Pass `--model gemma-3-270m`.")
            #expect(double.requests.map(\.path) == ["/v1/models"])
        }
    }

    @Test("a 404 during generation for a model the server does not list is a missing model")
    func notFoundDuringGeneration() async throws {
        try await withDouble(model: "nope") { _, client in
            await #expect(throws: ExplainError.modelMissing(model: "nope", available: ["gemma-3-270m"],
                                                            url: client.serverDescription, backend: .openAI)) {
                try await client.explain(ExplainTestFixtures.request())
            }
        }
    }

    @Test("resolvingModel turns a file name (or nothing) into the server's exact id; the label stays short")
    func resolvesModel() async throws {
        let path = "/root/.cache/recsite-llm/models/gemma-3-270m-q4_k_m.gguf"
        for wanted in ["gemma-3-270m-q4_k_m", "GEMMA-3-270M-Q4_K_M.gguf", ""] {
            try await withDouble(models: [path], model: wanted) { double, client in
                let resolved = try await client.resolvingModel()
                #expect(resolved.model == path)
                #expect(resolved.source.label == "openai · gemma-3-270m-q4_k_m")
                #expect(try await resolved.explain(ExplainTestFixtures.request()).markdown == Self.reply)
                #expect(double.requests(path: "/v1/chat/completions").first?.json?["model"] == .string(path))
            }
        }
    }

    @Test("HTTP 500 carries the server's error message; it is not retried")
    func serverError() async throws {
        try await withDouble { double, client in
            double.script([.status(500, message: "Requested tokens (9000) exceed context window of 8192")])
            let error = await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
            #expect(error?.description == "the OpenAI-compatible server at \(client.serverDescription) answered HTTP 500: "
                + "Requested tokens (9000) exceed context window of 8192")
            #expect(double.requests.count == 1)
        }
    }

    @Test("a 503 is retried and the second answer used")
    func retries503() async throws {
        try await withDouble { double, client in
            double.script([.status(503, message: "loading model")])
            let text = try await client.explain(ExplainTestFixtures.request()).markdown
            #expect(text == Self.reply)
            #expect(double.requests(path: "/v1/chat/completions").count == 2)
        }
    }

    @Test("an error event mid-stream is a stream error")
    func midStreamError() async throws {
        try await withDouble { double, client in
            double.script([.errorMidStream(afterChunks: 2, message: "slot unavailable")])
            await #expect(throws: ExplainError.streamError(message: "slot unavailable", url: client.serverDescription,
                                                           backend: .openAI)) {
                try await client.explain(ExplainTestFixtures.request())
            }
        }
    }

    @Test("a connection closed mid-stream is malformed and never re-sent")
    func closedMidStream() async throws {
        try await withDouble { double, client in
            double.script([.closeMidStream(afterChunks: 2)])
            let error = await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
            guard case let .malformedResponse(url, _, backend)? = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(url == client.serverDescription)
            #expect(backend == .openAI)
            #expect(double.requests.count == 1)
        }
    }

    @Test("a stream without data: [DONE] but with a finish_reason is accepted")
    func missingDone() async throws {
        try await withDouble { double, client in
            double.script([.omitDone])
            let text = try await client.explain(ExplainTestFixtures.request()).markdown
            #expect(text == Self.reply)
        }
    }

    @Test("connection refused: fails fast, naming the URL and how to start a server")
    func refused() async throws {
        let port = try ExplainTestFixtures.closedPort()
        let client = OpenAICompatibleClient(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)/v1")), model: "m",
                                            configuration: .init(retry: Self.fast))
        let error = await #expect(throws: ExplainError.self) { try await client.preflight() }
        #expect(error == .serverUnreachable(url: "http://127.0.0.1:\(port)/v1", reason: "connection refused", backend: .openAI))
        #expect(error?.description.contains("`make llm` starts a local Gemma 3") == true)
    }

    @Test("a server that ignores stream:true and sends one JSON object is still read")
    func nonStreamedReply() async throws {
        let transport = ScriptedTransport { _, _ in
            HTTPResponse(status: 200, headers: ["content-type": "application/json"], data: Data(
                #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Whole."},"finish_reason":"stop"}]}"#.utf8))
        }
        let client = OpenAICompatibleClient(baseURL: try #require(URL(string: "http://h:1/v1")), model: "m", transport: transport)
        #expect(try await client.explain(ExplainTestFixtures.request()).markdown == "Whole.")
    }

    @Test("an API key is sent as a bearer token")
    func apiKey() async throws {
        let transport = ScriptedTransport { _, _ in HTTPResponse(status: 200, data: Data(#"{"data":[{"id":"m"}]}"#.utf8)) }
        let client = OpenAICompatibleClient(baseURL: try #require(URL(string: "http://h:1/v1")), model: "m",
                                            configuration: .init(apiKey: "sk-local"), transport: transport)
        try await client.preflight()
        #expect(transport.sent.first?.headers["Authorization"] == "Bearer sk-local")
        #expect(transport.sent.first?.url.absoluteString == "http://h:1/v1/models")
    }

    @Test("the API root gets /v1 only when the URL has no path", arguments: [
        ("http://127.0.0.1:8088", "http://127.0.0.1:8088/v1"), ("http://127.0.0.1:8088/", "http://127.0.0.1:8088/v1"),
        ("http://127.0.0.1:8088/v1/", "http://127.0.0.1:8088/v1"), ("http://host/api/v1", "http://host/api/v1"),
    ])
    func baseURL(given: String, expected: String) throws {
        #expect(OpenAICompatibleClient.normalizedBaseURL(try #require(URL(string: given))).absoluteString == expected)
    }

    @Test("the cache identity differs between the chat and completions APIs and with the model")
    func identity() throws {
        let url = try #require(URL(string: "http://h:1/v1"))
        let request = ExplainTestFixtures.request()
        let ids = [
            OpenAICompatibleClient(baseURL: url, model: "m").cacheIdentity(for: request),
            OpenAICompatibleClient(baseURL: url, model: "m", configuration: .init(api: .completions)).cacheIdentity(for: request),
            OpenAICompatibleClient(baseURL: url, model: "n").cacheIdentity(for: request),
        ]
        #expect(Set(ids).count == 3)
        #expect(ids[0] == OpenAICompatibleClient(baseURL: url, model: "m").cacheIdentity(for: request))
    }
}

/// The number of pieces the doubles stream a reply in (a word at a time, spaces kept with the next word).
enum OllamaTestDoubleWords {
    static func count(_ text: String) -> Int {
        var pieces = 0
        var current = ""
        for character in text {
            if character == " " && !current.isEmpty && current.last != " " { pieces += 1; current = "" }
            current.append(character)
        }
        return pieces + (current.isEmpty ? 0 : 1)
    }
}
