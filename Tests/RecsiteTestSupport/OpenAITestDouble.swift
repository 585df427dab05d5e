import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 that speaks the OpenAI-compatible API as llama.cpp's server
/// and vLLM do: `GET /v1/models`, `POST /v1/chat/completions` and `POST /v1/completions`, streaming
/// server-sent events (`data: {...}` then `data: [DONE]`) when `"stream": true`, one JSON object
/// otherwise, OpenAI's `{"error": {"message": ...}}` bodies, 404 for an unknown model.
///
/// The sockets live in `LoopbackHTTPServer`. Tests script faults per request, can cut the stream
/// into pieces of a few bytes, and read back every request.
package final class OpenAITestDouble: @unchecked Sendable {
    /// Something to go wrong with the next request on a path (see `script(_:path:)`).
    package enum Fault: Sendable, Equatable {
        /// Answer with this status and `{"error": {"message": message, ...}}`.
        case status(Int, message: String)
        /// Stream `afterChunks` text events, then a `data: {"error": ...}` event (status stays 200).
        case errorMidStream(afterChunks: Int, message: String)
        /// Wait before sending anything.
        case delay(seconds: Double)
        /// Stream `afterChunks` text events, then an event that is not JSON.
        case malformedJSON(afterChunks: Int)
        /// Stream `afterChunks` text events, then close the connection mid-body.
        case closeMidStream(afterChunks: Int)
        /// Finish with `finish_reason: "length"` (max_tokens was hit).
        case finishLength
        /// End the stream after the finish_reason event without `data: [DONE]`.
        case omitDone
    }

    let lock = NSLock()
    let server = LoopbackHTTPServer(name: "OpenAITestDouble")
    private var models: [String]
    private var reply: String
    private var chunkDelay: Double = 0
    private var writeSize: Int?
    private var promptTokens: Int?
    private var faults: [String: [[Fault]]] = [:]

    /// - Parameters:
    ///   - models: the ids `GET /v1/models` lists; a request for any other model gets 404.
    ///   - reply: the text every generation answers, streamed a word at a time.
    package init(models: [String] = ["gemma-3-270m"], reply: String = "## Why these movies\n\nA reply from the OpenAI double.") {
        self.models = models; self.reply = reply
    }

    deinit { server.stop() }

    /// Starts the server and returns its API root, `http://127.0.0.1:PORT/v1`.
    @discardableResult
    package func start() throws -> URL {
        try server.start { [weak self] request, connection in self?.respond(to: request, on: connection) }
            .appendingPathComponent("v1")
    }

    /// Stops the server. Safe to call twice.
    package func stop() { server.stop() }

    /// `http://127.0.0.1:PORT/v1` once started.
    package var baseURL: URL? { server.baseURL?.appendingPathComponent("v1") }

    /// Queues faults for the next request on `path`; each call scripts one more request.
    package func script(_ faults: [Fault], path: String = "/v1/chat/completions") {
        lock.withLock { self.faults[path, default: []].append(faults) }
    }

    /// Replaces the served model ids.
    package func setModels(_ models: [String]) { lock.withLock { self.models = models } }
    /// Replaces the text every generation answers.
    package func setReply(_ reply: String) { lock.withLock { self.reply = reply } }
    /// Pause between streamed events.
    package func setChunkDelay(_ seconds: Double) { lock.withLock { chunkDelay = seconds } }
    /// Writes the event stream in pieces of `bytes` bytes (nil: one write per event), so chunk
    /// boundaries fall inside events, lines and UTF-8 characters.
    package func setWriteSize(_ bytes: Int?) { lock.withLock { writeSize = bytes } }
    /// The `usage.prompt_tokens` to report (nil: about a quarter of the prompt's characters).
    package func setPromptTokens(_ count: Int?) { lock.withLock { promptTokens = count } }

    /// Every request received so far, in arrival order.
    package var requests: [RecordedHTTPRequest] { server.requests }
    /// The requests received on one path.
    package func requests(path: String) -> [RecordedHTTPRequest] { requests.filter { $0.path == path } }
    /// The most requests the double was answering at the same moment.
    package var maxConcurrentRequests: Int { server.maxConcurrentRequests }

    // MARK: - Protocol

    private struct Snapshot {
        var models: [String], reply: String, chunkDelay: Double, writeSize: Int?, promptTokens: Int?, faults: [Fault]
    }

    private func respond(to request: RecordedHTTPRequest, on connection: HTTPConnection) {
        let snapshot = lock.withLock { () -> Snapshot in
            var scripted: [Fault] = []
            if var queue = faults[request.path], !queue.isEmpty {
                scripted = queue.removeFirst()
                faults[request.path] = queue
            }
            return Snapshot(models: models, reply: reply, chunkDelay: chunkDelay, writeSize: writeSize,
                            promptTokens: promptTokens, faults: scripted)
        }
        for case let .delay(seconds) in snapshot.faults { Thread.sleep(forTimeInterval: seconds) }
        for case let .status(code, message) in snapshot.faults {
            return connection.sendJSON(code, Self.errorBody(message, type: code >= 500 ? "server_error" : "invalid_request_error"))
        }
        switch (request.method, request.path) {
        case ("GET", "/v1/models"):
            let data: [[String: Any]] = snapshot.models.map {
                ["id": $0, "object": "model", "created": 1_735_689_600, "owned_by": "test-double"]
            }
            connection.sendJSON(200, ["object": "list", "data": data])
        case ("POST", "/v1/chat/completions"), ("POST", "/v1/completions"):
            generate(request, snapshot: snapshot, on: connection)
        default:
            connection.sendJSON(404, Self.errorBody("File Not Found", type: "not_found_error"))
        }
    }

    private func generate(_ request: RecordedHTTPRequest, snapshot: Snapshot, on connection: HTTPConnection) {
        let isChat = request.path == "/v1/chat/completions"
        guard let json = request.json, case .object = json else {
            return connection.sendJSON(400, Self.errorBody("the request body is not JSON", type: "invalid_request_error"))
        }
        let model = json["model"]?.string ?? ""
        guard snapshot.models.contains(model) else {
            return connection.sendJSON(404, Self.errorBody("The model `\(model)` does not exist.", type: "invalid_request_error"))
        }
        let promptText = isChat
            ? (json["messages"]?.array ?? []).compactMap { $0["content"]?.string }.joined(separator: "\n")
            : json["prompt"]?.string ?? ""
        guard !promptText.isEmpty else {
            return connection.sendJSON(400, Self.errorBody(isChat ? "messages is required" : "prompt is required",
                                                           type: "invalid_request_error"))
        }
        let pieces = OllamaTestDouble.pieces(of: snapshot.reply)
        let finish = snapshot.faults.contains(.finishLength) ? "length" : "stop"
        let usage: [String: Any] = [
            "prompt_tokens": snapshot.promptTokens ?? (promptText.unicodeScalars.count / 4 + 1),
            "completion_tokens": pieces.count, "total_tokens": pieces.count + promptText.unicodeScalars.count / 4 + 1,
        ]
        let object = isChat ? "chat.completion.chunk" : "text_completion"
        func event(_ text: String?, finish: String?) -> [String: Any] {
            var choice: [String: Any] = ["index": 0, "finish_reason": finish ?? NSNull()]
            if isChat { choice["delta"] = text.map { ["content": $0] } ?? [:] } else { choice["text"] = text ?? "" }
            return ["id": "cmpl-double", "object": object, "created": 1_735_689_600, "model": model, "choices": [choice]]
        }
        guard json["stream"]?.bool == true else {
            var whole = event(nil, finish: finish)
            var choice: [String: Any] = ["index": 0, "finish_reason": finish]
            if isChat { choice["message"] = ["role": "assistant", "content": snapshot.reply] } else { choice["text"] = snapshot.reply }
            whole["choices"] = [choice]
            whole["object"] = isChat ? "chat.completion" : "text_completion"
            whole["usage"] = usage
            return connection.sendJSON(200, whole)
        }
        connection.sendImmediately()
        guard connection.beginChunked(contentType: "text/event-stream; charset=utf-8") else { return }
        let send = { (bytes: [UInt8]) -> Bool in Self.write(bytes, size: snapshot.writeSize, on: connection) }
        if isChat, !send(Self.sse(["id": "cmpl-double", "object": object, "model": model,
                                   "choices": [["index": 0, "delta": ["role": "assistant", "content": ""], "finish_reason": NSNull()]]])) {
            return
        }
        let breakage = snapshot.faults.first {
            switch $0 {
            case .errorMidStream, .malformedJSON, .closeMidStream: true
            default: false
            }
        }
        for index in 0...pieces.count {
            if let breakage, min(Self.afterChunks(breakage), pieces.count) == index {
                switch breakage {
                case let .errorMidStream(_, message):
                    _ = send(Self.sse(Self.errorBody(message, type: "server_error")))
                case .malformedJSON:
                    _ = send(Array("data: {\"choices\": [{\"delta\": {\"content\": \"oops\"\n\n".utf8))
                default:
                    return connection.abort()
                }
                connection.endChunked()
                return
            }
            guard index < pieces.count else { break }
            guard send(Self.sse(event(pieces[index], finish: nil))) else { return }
            if snapshot.chunkDelay > 0 { Thread.sleep(forTimeInterval: snapshot.chunkDelay) }
        }
        connection.markFinished()
        _ = send(Self.sse(event(nil, finish: finish)))
        if json["stream_options"]?["include_usage"]?.bool == true {
            _ = send(Self.sse(["id": "cmpl-double", "object": object, "model": model, "choices": [], "usage": usage]))
        }
        if !snapshot.faults.contains(.omitDone) { _ = send(Array("data: [DONE]\n\n".utf8)) }
        connection.endChunked()
    }

    // MARK: - Wire helpers

    /// OpenAI's error body.
    static func errorBody(_ message: String, type: String) -> [String: Any] {
        ["error": ["message": message, "type": type, "param": NSNull(), "code": NSNull()]]
    }

    /// One server-sent event: `data: <json>` and a blank line.
    static func sse(_ object: [String: Any]) -> [UInt8] {
        Array("data: ".utf8) + HTTPConnection.json(object) + Array("\n\n".utf8)
    }

    /// Writes `bytes` as one chunk, or as chunks of `size` bytes with a pause between them.
    private static func write(_ bytes: [UInt8], size: Int?, on connection: HTTPConnection) -> Bool {
        guard let size, size > 0 else { return connection.writeChunk(bytes) }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            guard connection.writeChunk(Array(bytes[offset..<end])) else { return false }
            Thread.sleep(forTimeInterval: 0.000_5)
            offset = end
        }
        return true
    }

    private static func afterChunks(_ fault: Fault) -> Int {
        switch fault {
        case let .errorMidStream(count, _), let .malformedJSON(count), let .closeMidStream(count): max(0, count)
        default: 0
        }
    }
}
