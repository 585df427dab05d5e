import Foundation
@testable import RecsiteExplain
import Testing

/// Against a real server, only when `RECSITE_OLLAMA_LIVE=1` is set (e.g. after
/// `../shared/tools/llm/start.sh`, a Gemma 3 270M behind an Ollama-compatible API). The server is
/// found through `OLLAMA_HOST`, the model through `RECSITE_OLLAMA_MODEL` (default `gemma3:270m`).
@Suite("OllamaClient against a live server (RECSITE_OLLAMA_LIVE=1)",
       .enabled(if: ProcessInfo.processInfo.environment["RECSITE_OLLAMA_LIVE"] == "1",
                "set RECSITE_OLLAMA_LIVE=1 with an Ollama server running"))
struct OllamaLiveTests {
    let client: OllamaClient = {
        let environment = ProcessInfo.processInfo.environment
        return OllamaClient(baseURL: OllamaHost.resolve(environment: environment),
                            model: environment["RECSITE_OLLAMA_MODEL"] ?? "gemma3:270m",
                            configuration: .init(numPredict: 120))
    }()

    @Test("preflight finds the model, and one explanation streams back with token counts")
    func roundTrip() async throws {
        let tag = try await client.preflight()
        #expect(!(tag.digest ?? "").isEmpty)
        let (explanation, stats) = try await client.explainWithStats(ExplainTestFixtures.request())
        #expect(stats.doneReason == "stop" || stats.doneReason == "length")
        #expect(explanation.cutShort == (stats.doneReason == "length"))
        #expect((stats.promptEvalCount ?? 0) > 100)
        #expect((stats.evalCount ?? 0) <= 120)
        #expect(!explanation.markdown.contains("\"error\""))
    }

    @Test("a model the server has not pulled is reported by the preflight")
    func missingModel() async throws {
        let missing = OllamaClient(baseURL: client.baseURL, model: "gemma3:999b")
        await #expect(throws: ExplainError.self) { try await missing.preflight() }
    }
}
