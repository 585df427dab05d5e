import Foundation

/// What one OpenAI-compatible generation produced: the joined text plus the server's counters.
package struct OpenAIResult: Sendable, Equatable {
    /// Every event's `choices[0].delta.content` (chat) or `choices[0].text` (completion), joined.
    package var text: String
    /// "stop", or "length" when `max_tokens` cut the answer short.
    package var finishReason: String?
    /// `usage.prompt_tokens`, when the server sent usage.
    package var promptTokens: Int?
    /// `usage.completion_tokens`, else the number of text pieces streamed.
    package var completionTokens: Int?

    package init(text: String, finishReason: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.text = text; self.finishReason = finishReason
        self.promptTokens = promptTokens; self.completionTokens = completionTokens
    }

    /// The model hit its token limit, so the text stops mid-thought.
    package var cutShort: Bool { finishReason == "length" }
}

/// Reads an OpenAI-compatible generation body: server-sent events (`data: {...}` per piece, then
/// `data: [DONE]`) or one JSON object when the server did not stream. Every event is checked for an
/// `error`, since a failure mid-answer keeps HTTP status 200.
package struct OpenAIAnswerReader: Sendable {
    /// The server, for error messages.
    package var url: String
    /// The idle timeout in force, for the timeout message.
    package var readTimeout: TimeInterval

    package init(url: String, readTimeout: TimeInterval) {
        self.url = url; self.readTimeout = readTimeout
    }

    /// Joins the text of every event up to `data: [DONE]` (stops reading there). A stream that ends
    /// without `[DONE]` is accepted only when an event gave a `finish_reason`. `onToken` gets the
    /// number of text pieces read so far.
    package func read(_ body: AsyncThrowingStream<Data, any Error>, onToken: TokenProgress? = nil) async throws -> OpenAIResult {
        var parser = SSEParser()
        var state = State()
        do {
            for try await chunk in body {
                for event in parser.append(chunk) {
                    if try absorb(event, into: &state, onToken: onToken) { return state.result }
                }
            }
        } catch let error as HTTPTransportError {
            throw ServerConnection.readingError(error, server: url, backend: .openAI, readTimeout: readTimeout)
        }
        if let event = parser.finish(), try absorb(event, into: &state, onToken: onToken) { return state.result }
        guard state.finishReason == nil else { return state.result }
        throw ExplainError.malformedResponse(
            url: url, reason: state.events == 0
                ? "the answer was empty (no `data:` events)"
                : "the stream ended after \(state.events) event(s) without `data: [DONE]` or a finish_reason",
            backend: .openAI)
    }

    /// Reads a whole (non-streamed) reply: `choices[0].message.content` or `choices[0].text`.
    package func readWhole(_ data: Data) throws -> OpenAIResult {
        let chunk = try decode(data, what: "the reply")
        if let error = chunk.error { throw ExplainError.streamError(message: error.message, url: url, backend: .openAI) }
        guard let choice = chunk.choices?.first else {
            throw ExplainError.malformedResponse(url: url, reason: "the reply has no choices", backend: .openAI)
        }
        return OpenAIResult(text: choice.addedText, finishReason: choice.finishReason,
                            promptTokens: chunk.usage?.promptTokens, completionTokens: chunk.usage?.completionTokens)
    }

    // MARK: - Events

    private struct State {
        var text = ""
        var finishReason: String?
        var promptTokens: Int?
        var usageCompletionTokens: Int?
        var events = 0
        var pieces = 0

        var result: OpenAIResult {
            OpenAIResult(text: text, finishReason: finishReason, promptTokens: promptTokens,
                         completionTokens: usageCompletionTokens ?? pieces)
        }
    }

    /// Adds one event; returns true at `[DONE]`.
    private func absorb(_ event: String, into state: inout State, onToken: TokenProgress?) throws -> Bool {
        state.events += 1
        if event.trimmingCharacters(in: .whitespaces) == "[DONE]" { return true }
        let chunk = try decode(Data(event.utf8), what: "event \(state.events)")
        if let error = chunk.error { throw ExplainError.streamError(message: error.message, url: url, backend: .openAI) }
        if let choice = chunk.choices?.first {
            let text = choice.addedText
            if !text.isEmpty {
                state.text += text
                state.pieces += 1
                onToken?(state.pieces)
            }
            if let reason = choice.finishReason { state.finishReason = reason }
        }
        if let usage = chunk.usage {
            state.promptTokens = usage.promptTokens ?? state.promptTokens
            state.usageCompletionTokens = usage.completionTokens ?? state.usageCompletionTokens
        }
        return false
    }

    private func decode(_ data: Data, what: String) throws -> OpenAIWire.Chunk {
        do {
            return try JSONDecoder().decode(OpenAIWire.Chunk.self, from: data)
        } catch {
            let preview = String(decoding: data.prefix(80), as: UTF8.self)
            throw ExplainError.malformedResponse(url: url, reason: "\(what) is not a JSON object: \(preview)", backend: .openAI)
        }
    }
}
