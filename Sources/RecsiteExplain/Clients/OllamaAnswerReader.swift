import Foundation

/// Reads an Ollama generation body: NDJSON (one object per line, the last with `done: true`) or a
/// single JSON object (`stream: false`). Checks every line for `{"error": ...}`, since a failure
/// mid-answer keeps HTTP status 200 (REFERENCE.md §3, C17).
package struct OllamaAnswerReader: Sendable {
    /// The server, for error messages.
    package var url: String
    /// The idle timeout in force, for the timeout message.
    package var readTimeout: TimeInterval

    package init(url: String, readTimeout: TimeInterval) {
        self.url = url; self.readTimeout = readTimeout
    }

    /// Joins the text of every line up to `done: true`; stops reading there. `onToken` gets the
    /// number of text lines (one per token) read so far, after each one.
    package func read(_ body: AsyncThrowingStream<Data, any Error>, onToken: TokenProgress? = nil) async throws
        -> OllamaChatResult {
        var buffer = NDJSONLineBuffer()
        var text = ""
        var lineNumber = 0
        var pieces = 0
        do {
            for try await chunk in body {
                for line in buffer.append(chunk) {
                    lineNumber += 1
                    let before = text.utf8.count
                    if let result = try absorb(line, number: lineNumber, into: &text) { return result }
                    if text.utf8.count > before, let onToken {
                        pieces += 1
                        onToken(pieces)
                    }
                }
            }
        } catch let error as HTTPTransportError {
            switch error {
            case .timedOut:
                throw ExplainError.timeout(url: url, seconds: readTimeout)
            case let .cannotConnect(reason), let .connectionLost(reason), let .failed(reason):
                throw ExplainError.malformedResponse(
                    url: url, reason: "the connection closed before the answer was complete (\(reason))")
            }
        }
        if let line = buffer.finish() {
            lineNumber += 1
            if let result = try absorb(line, number: lineNumber, into: &text) { return result }
        }
        throw ExplainError.malformedResponse(
            url: url, reason: lineNumber == 0
                ? "the answer was empty"
                : "the answer ended after \(lineNumber) line(s) without a final line with \"done\": true")
    }

    /// Joins the lines of a body already in memory (a fixture, a cached reply).
    package func read(_ data: Data) async throws -> OllamaChatResult {
        try await read(HTTPResponse(status: 200, data: data).body)
    }

    /// Adds one line's text; returns the result when the line is the final one.
    private func absorb(_ line: Data, number: Int, into text: inout String) throws -> OllamaChatResult? {
        let chunk: OllamaWire.Chunk
        do {
            chunk = try JSONDecoder().decode(OllamaWire.Chunk.self, from: line)
        } catch {
            let preview = String(decoding: line.prefix(80), as: UTF8.self)
            throw ExplainError.malformedResponse(url: url, reason: "line \(number) is not a JSON object: \(preview)")
        }
        if let message = chunk.error { throw ExplainError.streamError(message: message, url: url) }
        text += chunk.text
        guard chunk.done == true else { return nil }
        return OllamaChatResult(text: text, doneReason: chunk.doneReason, promptEvalCount: chunk.promptEvalCount,
                                evalCount: chunk.evalCount, totalDuration: chunk.totalDuration,
                                loadDuration: chunk.loadDuration)
    }
}
