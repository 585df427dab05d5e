import Foundation
@testable import RecsiteExplain
import RecsiteTestSupport
import Testing

/// The client against the Ollama test double over real HTTP: wire format (C17) and answers.
@Suite("OllamaClient: requests and answers")
struct OllamaClientTests {
    static let c17Text = "## Why these picks\n\n* **Casino (1995)** shares the crime focus of Heat."

    func withDouble(models: [String] = ["gemma3:latest"], reply: String = Self.c17Text,
                    _ body: (OllamaTestDouble, OllamaClient) async throws -> Void) async throws {
        let double = OllamaTestDouble(models: models, reply: reply)
        defer { double.stop() }
        let client = OllamaClient(baseURL: try double.start(), model: "gemma3",
                                  configuration: .init(readTimeout: 20))
        try await body(double, client)
    }

    @Test("C17: a streamed NDJSON answer is joined into the exact text")
    func joinsStreamedAnswer() async throws {
        try await withDouble { double, client in
            let explanation = try await client.explain(ExplainTestFixtures.request())
            #expect(explanation.markdown == Self.c17Text)
            #expect(explanation.source == ExplanationSource(explainer: "ollama", model: "gemma3"))
            #expect(explanation.cutShort == false)
            #expect(double.requests(path: "/api/chat").count == 1)
        }
    }

    @Test("C17: the chat request sends stream as a JSON boolean and options inside options")
    func wireFormat() async throws {
        try await withDouble { double, client in
            let request = ExplainTestFixtures.request()
            _ = try await client.explain(request)
            let sent = try #require(double.requests(path: "/api/chat").first)
            let json = try #require(sent.json)
            #expect(sent.method == "POST")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(json.keys == ["keep_alive", "messages", "model", "options", "stream"])
            #expect(json["stream"] == .bool(true))
            #expect(json["streaming"] == nil)
            #expect(json["model"] == .string("gemma3"))
            #expect(json["keep_alive"] == .string("15m"))
            let options = try #require(json["options"])
            #expect(options.keys == ["num_ctx", "num_predict", "seed", "temperature"])
            #expect(options["seed"] == .number(42))
            #expect(options["temperature"] == .number(0.2))
            #expect(options["num_predict"] == .number(700))
            let prompt = PromptBuilder.build(request)
            let tokens = PromptBuilder.estimateTokens(prompt.system) + PromptBuilder.estimateTokens(prompt.user)
            let expectedContext = max(2048, (tokens + 700 + 1023) / 1024 * 1024)
            #expect(options["num_ctx"] == .number(Double(expectedContext)))
            let messages = try #require(json["messages"]?.array)
            #expect(messages.map { $0["role"]?.string } == ["system", "user"])
            #expect(messages.map { $0["content"]?.string } == [prompt.system, prompt.user])
        }
    }

    @Test("num_ctx is prompt + num_predict rounded up to 1024, at least 2048")
    func contextSize() {
        #expect(OllamaClient.contextSize(promptTokens: 100, numPredict: 700) == 2048)
        #expect(OllamaClient.contextSize(promptTokens: 1348, numPredict: 700) == 2048)
        #expect(OllamaClient.contextSize(promptTokens: 1349, numPredict: 700) == 3072)
        #expect(OllamaClient.contextSize(promptTokens: 5000, numPredict: 700) == 6144)
    }

    @Test("C17: a stream:false reply from the double is one JSON object the reader also accepts")
    func nonStreamedReply() async throws {
        try await withDouble { double, _ in
            let url = try #require(double.baseURL).appendingPathComponent("api/generate")
            let body = Data(#"{"model":"gemma3","prompt":"Why?","stream":false}"#.utf8)
            let response = try await URLSessionTransport().send(
                HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: body, timeout: 10))
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
            let result = try await OllamaAnswerReader(url: "double", readTimeout: 10).read(response.body)
            #expect(result.text == Self.c17Text)
            #expect(result.doneReason == "stop")
        }
    }

    @Test("the double streams NDJSON when stream is absent (C17 request_without_stream.json)")
    func streamsWhenStreamIsAbsent() async throws {
        try await withDouble { double, _ in
            let url = try #require(double.baseURL).appendingPathComponent("api/generate")
            for fixture in ["request_without_stream.json", "request_typo_streaming_key.json"] {
                let response = try await URLSessionTransport().send(HTTPRequest(
                    method: "POST", url: url, body: try ExplainTestFixtures.c17(fixture), timeout: 10))
                #expect(response.headers["content-type"] == "application/x-ndjson")
                let lines = String(decoding: try await response.collectBody(), as: UTF8.self).split(separator: "\n")
                #expect(lines.count > 2)
                let result = try await OllamaAnswerReader(url: "double", readTimeout: 10)
                    .read(Data(lines.joined(separator: "\n").utf8))
                #expect(result.text == Self.c17Text)
            }
        }
    }

    @Test("done_reason length marks the explanation as cut short")
    func lengthIsCutShort() async throws {
        try await withDouble { double, client in
            double.script([.doneReasonLength])
            let explanation = try await client.explain(ExplainTestFixtures.request())
            #expect(explanation.cutShort)
            #expect(explanation.markdown == Self.c17Text)
        }
    }

    @Test("the server's counters are recorded")
    func recordsCounters() async throws {
        try await withDouble(reply: "one two three") { _, client in
            let (explanation, stats) = try await client.explainWithStats(ExplainTestFixtures.request())
            #expect(explanation.markdown == "one two three")
            #expect(stats.evalCount == 3)
            #expect((stats.promptEvalCount ?? 0) > 100)
            #expect(stats.doneReason == "stop")
        }
    }

    @Test("an error line mid-stream is an error, never part of the text")
    func midStreamError() async throws {
        try await withDouble { double, client in
            double.script([.errorMidStream(afterChunks: 2, message: "llama runner process has terminated")])
            await #expect(throws: ExplainError.streamError(message: "llama runner process has terminated",
                                                           url: client.serverDescription)) {
                try await client.explain(ExplainTestFixtures.request())
            }
        }
    }

    @Test("HTTP 500 carries the server's error message")
    func serverError() async throws {
        try await withDouble { double, client in
            double.script([.status(500, message: "out of memory")])
            let error = await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
            #expect(error == .httpStatus(code: 500, message: "out of memory", url: client.serverDescription))
            #expect(error?.description == "the Ollama server at \(client.serverDescription) answered HTTP 500: out of memory")
        }
    }

    @Test("a line that is not JSON, or a connection closed mid-answer, is a malformed response",
          arguments: [OllamaTestDouble.Fault.malformedJSON(afterChunks: 1), .closeMidStream(afterChunks: 2)])
    func brokenStream(fault: OllamaTestDouble.Fault) async throws {
        try await withDouble { double, client in
            double.script([fault])
            let error = await #expect(throws: ExplainError.self) { try await client.explain(ExplainTestFixtures.request()) }
            guard case let .malformedResponse(url, _, _)? = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(url == client.serverDescription)
            #expect(double.requests(path: "/api/chat").count == 1)
        }
    }

    @Test("warm-up loads the model with a prompt-less generate that sends keep_alive")
    func warmUp() async throws {
        try await withDouble { double, client in
            try await client.warmUp()
            let sent = try #require(double.requests(path: "/api/generate").first?.json)
            #expect(sent == .object(["model": .string("gemma3"), "keep_alive": .string("15m"), "stream": .bool(false)]))
        }
    }
}
