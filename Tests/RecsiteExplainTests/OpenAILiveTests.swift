import Foundation
@testable import RecsiteExplain
import Testing

/// Against a real OpenAI-compatible server, only when `RECSITE_OPENAI_LIVE=1` is set (e.g. the
/// llama.cpp server that `../shared/tools/llm/start.sh` runs on 127.0.0.1:8088 with the base
/// Gemma 3 270M). The API root comes from `RECSITE_OPENAI_URL` (default `http://127.0.0.1:8088/v1`),
/// the model from `RECSITE_OPENAI_MODEL` (default: the first one the server lists).
@Suite("OpenAICompatibleClient against a live server (RECSITE_OPENAI_LIVE=1)",
       .enabled(if: ProcessInfo.processInfo.environment["RECSITE_OPENAI_LIVE"] == "1",
                "set RECSITE_OPENAI_LIVE=1 with an OpenAI-compatible server running"))
struct OpenAILiveTests {
    func client(api: OpenAICompatibleClient.API) throws -> OpenAICompatibleClient {
        let environment = ProcessInfo.processInfo.environment
        let url = try #require(URL(string: environment["RECSITE_OPENAI_URL"] ?? "http://127.0.0.1:8088/v1"))
        return OpenAICompatibleClient(baseURL: url, model: environment["RECSITE_OPENAI_MODEL"] ?? "",
                                      configuration: .init(api: api, maxTokens: 120))
    }

    @Test("completions (plain prompt) and chat: an answer streams back with usage", arguments: [OpenAICompatibleClient.API.completions, .chat])
    func roundTrip(api: OpenAICompatibleClient.API) async throws {
        let client = try await client(api: api).resolvingModel()
        let (explanation, stats) = try await client.explainWithStats(ExplainTestFixtures.request())
        #expect(stats.finishReason == "stop" || stats.finishReason == "length")
        #expect(explanation.cutShort == (stats.finishReason == "length"))
        #expect((stats.completionTokens ?? 0) <= 120)
        #expect(!explanation.markdown.contains("\"error\""))
        print("live \(api.rawValue): \(stats.promptTokens ?? -1) prompt tokens (estimate \(explanation.estimatedPromptTokens ?? -1)), "
            + "\(stats.completionTokens ?? -1) generated in \(explanation.durationSeconds ?? -1) s, finish \(stats.finishReason ?? "nil")")
    }
}
