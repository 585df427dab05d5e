/// Which kind of language-model server an error comes from, so its message gives that server's advice.
package enum LLMBackend: String, Sendable, Equatable, Codable, CaseIterable {
    /// Ollama's native API (`/api/tags`, `/api/chat`).
    case ollama
    /// An OpenAI-compatible server (llama.cpp's server, vLLM, LM Studio): `/v1/models`, `/v1/chat/completions`.
    case openAI = "openai"

    /// "the Ollama server", "the OpenAI-compatible server".
    package var serverName: String {
        switch self {
        case .ollama: "the Ollama server"
        case .openAI: "the OpenAI-compatible server"
        }
    }
}

/// Errors from talking to a language-model server, each a sentence that says what to do next.
///
/// Every case names the server URL so a user with several machines or an `OLLAMA_HOST` set
/// somewhere can see which one failed. `backend` defaults to Ollama, the first backend, so the
/// Ollama cases read as they always have.
package enum ExplainError: Error, Equatable, CustomStringConvertible {
    /// No server answered at `url` (connection refused, unknown host, or nothing within the connect timeout).
    case serverUnreachable(url: String, reason: String, backend: LLMBackend = .ollama)
    /// The server runs but has not pulled (or does not serve) `model`; `available` lists what it has
    /// of the same family (Ollama) or everything it serves (OpenAI-compatible).
    case modelMissing(model: String, available: [String], url: String, backend: LLMBackend = .ollama)
    /// The server answered with an HTTP error status; `message` is its error text (or the raw body).
    case httpStatus(code: Int, message: String, url: String, backend: LLMBackend = .ollama)
    /// The answer started (HTTP 200) and then an error arrived in the stream instead of more text.
    case streamError(message: String, url: String, backend: LLMBackend = .ollama)
    /// The body could not be read as the server's JSON / NDJSON / SSE, or it ended before its final line.
    case malformedResponse(url: String, reason: String, backend: LLMBackend = .ollama)
    /// Nothing arrived for `seconds` (the read timeout) while waiting for the answer.
    case timeout(url: String, seconds: Double, backend: LLMBackend = .ollama)
    /// The answer was still not complete after `seconds` in all (a server trickling text forever).
    case tooSlow(url: String, seconds: Double, backend: LLMBackend = .ollama)

    /// The command-line flag that raises the read timeout; named in the `timeout` message.
    package static let timeoutFlag = "--llm-timeout"
    /// The command-line flag that raises the total time one explanation may take.
    package static let maxTimeFlag = "--llm-max-time"
    /// The command-line setting that writes explanations without a language model.
    package static let offlineFlag = "--explainer offline"
    /// The command-line flag that points recsite at an OpenAI-compatible server.
    package static let urlFlag = "--llm-url"

    package var description: String {
        switch self {
        case let .serverUnreachable(url, reason, .ollama):
            return "cannot reach the Ollama server at \(url) (\(reason)). Start it with `ollama serve` "
                + "(or set OLLAMA_HOST to where it runs), or use `\(Self.offlineFlag)` to write the "
                + "explanations without a language model."
        case let .serverUnreachable(url, reason, .openAI):
            return "cannot reach the OpenAI-compatible server at \(url) (\(reason)). Start it (llama.cpp's "
                + "server, vLLM or LM Studio; `make llm` starts a local Gemma 3) or fix `\(Self.urlFlag)` "
                + "(it ends in /v1), or use `\(Self.offlineFlag)` to write the explanations without a language model."
        case let .modelMissing(model, available, url, .ollama)
            where available.contains(model) || (!model.contains(":") && available.contains(model + ":latest")):
            // Listed by /api/tags yet refused by a generation call: removed or renamed meanwhile.
            return "the Ollama server at \(url) lists '\(model)' but answered that it has no such model when asked to "
                + "generate (was it removed while recsite ran?). Pull it again with `ollama pull \(model)`."
        case let .modelMissing(model, available, url, .ollama):
            let found = available.isEmpty
                ? "it has no \(Self.family(of: model)) models"
                : "\(Self.family(of: model)) models it has: \(available.joined(separator: ", "))"
            var text = "the Ollama server at \(url) has no model '\(model)'"
            if !model.contains(":") { text += " ('\(model)' means '\(model):latest')" }
            text += "; \(found). Pull it with `ollama pull \(model)`"
            if let first = available.first { text += ", or pass `--model \(first)`" }
            return text + "."
        case let .modelMissing(model, available, url, .openAI):
            guard let first = available.first else {
                return "the OpenAI-compatible server at \(url) serves no models (GET /v1/models listed none)."
            }
            return "the OpenAI-compatible server at \(url) does not serve '\(model)'; it serves "
                + "\(available.joined(separator: ", ")). Pass `--model \(first)`."
        case let .httpStatus(code, message, url, backend):
            return "\(backend.serverName) at \(url) answered HTTP \(code): \(message)"
        case let .streamError(message, url, backend):
            return "\(backend.serverName) at \(url) stopped the answer with an error: \(message)"
        case let .malformedResponse(url, reason, backend):
            return "\(backend.serverName) at \(url) sent an answer recsite cannot read: \(reason)"
        case let .timeout(url, seconds, backend):
            let slow = backend == .ollama ? "a cold model load on a CPU can take minutes" : "a long prompt on a CPU can take minutes"
            return "\(backend.serverName) at \(url) sent nothing for \(DecimalFormat.seconds(seconds)) "
                + "(\(slow)). Raise the limit with `\(Self.timeoutFlag) <seconds>`, or use `\(Self.offlineFlag)`."
        case let .tooSlow(url, seconds, backend):
            return "\(backend.serverName) at \(url) had not finished the answer after \(DecimalFormat.seconds(seconds)) in all; "
                + "the request was stopped. Raise the limit with `\(Self.maxTimeFlag) <seconds>`, or use `\(Self.offlineFlag)`."
        }
    }

    /// "gemma3" for "gemma3:12b": the part of a model name before its tag.
    static func family(of model: String) -> String {
        String(model.split(separator: ":", maxSplits: 1).first ?? Substring(model))
    }
}
