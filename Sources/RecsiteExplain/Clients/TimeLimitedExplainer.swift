import Foundation

/// Gives every explanation a total time limit, whatever the server sends.
///
/// The clients' read timeout is an idle timeout (it restarts with every chunk, so a cold model
/// load may stay silent for minutes); a server that trickles a token now and then would never trip
/// it. This wrapper cancels the request once `seconds` have passed since it started — the
/// transport turns cancellation into closing the connection — and fails with `tooSlow`.
package struct TimeLimitedExplainer: Explainer {
    package let base: any Explainer
    package let seconds: TimeInterval
    /// The server and its kind, for the error message.
    package let server: String
    package let backend: LLMBackend

    package init(wrapping base: any Explainer, seconds: TimeInterval, server: String, backend: LLMBackend) {
        self.base = base; self.seconds = seconds; self.server = server; self.backend = backend
    }

    package var source: ExplanationSource { base.source }

    package func explain(_ request: ExplanationRequest) async throws -> Explanation {
        try await explain(request, onToken: nil)
    }

    package func explain(_ request: ExplanationRequest, onToken: TokenProgress?) async throws -> Explanation {
        let base = base, limit = seconds
        return try await withThrowingTaskGroup(of: Explanation?.self) { group in
            group.addTask { try await base.explain(request, onToken: onToken) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, limit) * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            // The first child to finish decides: the answer (or its error), or the timer.
            if let first = try await group.next(), let explanation = first { return explanation }
            throw ExplainError.tooSlow(url: server, seconds: limit, backend: backend)
        }
    }
}

/// An explainer that talks to a language-model server, named in errors such as `tooSlow`.
package protocol LanguageModelServerClient: Explainer {
    var serverDescription: String { get }
    var backend: LLMBackend { get }
}

extension OllamaClient: LanguageModelServerClient {
    package var backend: LLMBackend { .ollama }
}

extension OpenAICompatibleClient: LanguageModelServerClient {
    package var backend: LLMBackend { .openAI }
}
