import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) that speaks Ollama's API the way the server
/// does: `GET /api/tags`, `POST /api/chat` and `POST /api/generate` streaming NDJSON
/// (`application/x-ndjson`, chunked) unless `"stream": false`, `{"error": ...}` bodies, 404 for an
/// unknown model. Tests script faults per request and read back every request it received.
///
/// The sockets live in `LoopbackHTTPServer`; this type holds Ollama's side: models, reply, faults.
package final class OllamaTestDouble: @unchecked Sendable {
    /// Something to go wrong with the next request on a path (see `script(_:path:)`).
    package enum Fault: Sendable, Equatable {
        /// Answer with this status and `{"error": message}` instead of the normal reply.
        case status(Int, message: String)
        /// Stream `afterChunks` text lines, then an `{"error": message}` line (status stays 200).
        case errorMidStream(afterChunks: Int, message: String)
        /// Wait before sending anything (a cold model load).
        case delay(seconds: Double)
        /// Stream `afterChunks` text lines, then a line that is not JSON.
        case malformedJSON(afterChunks: Int)
        /// Stream `afterChunks` text lines, then close the connection without finishing the body.
        case closeMidStream(afterChunks: Int)
        /// Finish with `done_reason: "length"` (num_predict was hit).
        case doneReasonLength
    }

    let lock = NSLock()
    let server = LoopbackHTTPServer(name: "OllamaTestDouble")
    var state: State

    /// What the double serves, guarded by `lock`.
    struct State {
        var models: [String]
        var reply: String
        var chunkDelay: Double = 0
        /// Overrides the `prompt_eval_count` the final line reports (a server that truncated the prompt).
        var promptEvalCount: Int?
        var faults: [String: [[Fault]]] = [:]
        /// Names the server also runs though `/api/tags` does not list them (a proxy in front of one model).
        var aliases: [String] = []
    }

    /// - Parameters:
    ///   - models: the tags `GET /api/tags` lists; a request for any other model gets 404.
    ///   - reply: the text every generation answers, streamed a word at a time.
    package init(models: [String] = ["gemma3:latest"], reply: String = "## Why these movies\n\nA reply from the test double.") {
        state = State(models: models, reply: reply)
    }

    deinit { server.stop() }

    // MARK: - Control

    /// Binds 127.0.0.1 on a free port, starts accepting, and returns the base URL (`http://127.0.0.1:PORT`).
    @discardableResult
    package func start() throws -> URL {
        try server.start { [weak self] request, connection in self?.respond(to: request, on: connection) }
    }

    /// Stops accepting, breaks open connections and closes the socket. Safe to call twice.
    package func stop() { server.stop() }

    /// `http://127.0.0.1:PORT` once started.
    package var baseURL: URL? { server.baseURL }

    /// Queues faults for the next request on `path` ("/api/chat", "/api/generate", "/api/tags");
    /// each call scripts one more request, and requests beyond the script behave normally.
    package func script(_ faults: [Fault], path: String = "/api/chat") {
        lock.withLock { state.faults[path, default: []].append(faults) }
    }

    /// Replaces the pulled models.
    package func setModels(_ models: [String]) { lock.withLock { state.models = models } }
    /// Names `/api/show` and generation accept beyond the listed tags.
    package func setAliases(_ names: [String]) { lock.withLock { state.aliases = names } }
    /// Replaces the text every generation answers.
    package func setReply(_ reply: String) { lock.withLock { state.reply = reply } }
    /// Pause between streamed lines (a slow but steady model).
    package func setChunkDelay(_ seconds: Double) { lock.withLock { state.chunkDelay = seconds } }
    /// Makes every final line report this `prompt_eval_count` (nil: about a quarter of the prompt's characters).
    package func setPromptEvalCount(_ count: Int?) { lock.withLock { state.promptEvalCount = count } }

    /// Every request received so far, in arrival order (recorded before the reply is sent).
    package var requests: [OllamaRecordedRequest] { server.requests }

    /// The requests received on one path.
    package func requests(path: String) -> [OllamaRecordedRequest] { requests.filter { $0.path == path } }

    /// The most requests the double was answering at the same moment.
    package var maxConcurrentRequests: Int { server.maxConcurrentRequests }
}

/// The name the Ollama tests have always used for a recorded request.
package typealias OllamaRecordedRequest = RecordedHTTPRequest

/// Why the double could not start (kept for source compatibility; starting throws `LoopbackHTTPServerError`).
package typealias OllamaTestDoubleError = LoopbackHTTPServerError
