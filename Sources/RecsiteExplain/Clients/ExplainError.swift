/// Errors from talking to a language-model server, each a sentence that says what to do next.
///
/// Every case names the server URL so a user with several machines or an `OLLAMA_HOST` set
/// somewhere can see which one failed.
package enum ExplainError: Error, Equatable, CustomStringConvertible {
    /// No server answered at `url` (connection refused, unknown host, or nothing within the connect timeout).
    case serverUnreachable(url: String, reason: String)
    /// The server runs but has not pulled `model`; `available` lists the tags it has of the same family.
    case modelMissing(model: String, available: [String], url: String)
    /// The server answered with an HTTP error status; `message` is its `{"error": ...}` text (or the raw body).
    case httpStatus(code: Int, message: String, url: String)
    /// The answer started (HTTP 200) and then an `{"error": ...}` line arrived instead of more text.
    case streamError(message: String, url: String)
    /// The body could not be read as Ollama's JSON / NDJSON, or it ended before `done: true`.
    case malformedResponse(url: String, reason: String)
    /// Nothing arrived for `seconds` (the read timeout) while waiting for the answer.
    case timeout(url: String, seconds: Double)

    /// The command-line flag that raises the read timeout; named in the `timeout` message.
    package static let timeoutFlag = "--llm-timeout"
    /// The command-line setting that writes explanations without a language model.
    package static let offlineFlag = "--explainer offline"

    package var description: String {
        switch self {
        case let .serverUnreachable(url, reason):
            return "cannot reach the Ollama server at \(url) (\(reason)). Start it with `ollama serve` "
                + "(or set OLLAMA_HOST to where it runs), or use `\(Self.offlineFlag)` to write the "
                + "explanations without a language model."
        case let .modelMissing(model, available, url):
            let found = available.isEmpty
                ? "it has no \(Self.family(of: model)) models"
                : "\(Self.family(of: model)) models it has: \(available.joined(separator: ", "))"
            var text = "the Ollama server at \(url) has no model '\(model)'"
            if !model.contains(":") { text += " ('\(model)' means '\(model):latest')" }
            text += "; \(found). Pull it with `ollama pull \(model)`"
            if let first = available.first { text += ", or pass `--model \(first)`" }
            return text + "."
        case let .httpStatus(code, message, url):
            return "the Ollama server at \(url) answered HTTP \(code): \(message)"
        case let .streamError(message, url):
            return "the Ollama server at \(url) stopped the answer with an error: \(message)"
        case let .malformedResponse(url, reason):
            return "the Ollama server at \(url) sent an answer recsite cannot read: \(reason)"
        case let .timeout(url, seconds):
            return "the Ollama server at \(url) sent nothing for \(DecimalFormat.seconds(seconds)) "
                + "(a cold model load on a CPU can take minutes). Raise the limit with "
                + "`\(Self.timeoutFlag) <seconds>`, or use `\(Self.offlineFlag)`."
        }
    }

    /// "gemma3" for "gemma3:12b": the part of a model name before its tag.
    static func family(of model: String) -> String {
        String(model.split(separator: ":", maxSplits: 1).first ?? Substring(model))
    }
}
