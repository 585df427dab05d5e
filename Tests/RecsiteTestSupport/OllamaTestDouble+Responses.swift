import Foundation

/// The Ollama protocol side of the double: routing, validation, NDJSON streaming and scripted faults.
extension OllamaTestDouble {
    /// A fixed timestamp, so replies are the same bytes every run.
    static let createdAt = "2025-01-01T00:00:00Z"

    func respond(to request: OllamaRecordedRequest, on connection: HTTPConnection) {
        let (faults, snapshot) = lock.withLock { () -> ([Fault], State) in
            var scripted: [Fault] = []
            if var queue = state.faults[request.path], !queue.isEmpty {
                scripted = queue.removeFirst()
                state.faults[request.path] = queue
            }
            return (scripted, state)
        }
        for case let .delay(seconds) in faults { Thread.sleep(forTimeInterval: seconds) }
        for case let .status(code, message) in faults {
            return sendJSON(code, ["error": message], on: connection)
        }
        switch (request.method, request.path) {
        case ("GET", "/"), ("HEAD", "/"):
            send(200, contentType: "text/plain; charset=utf-8", body: Array("Ollama is running".utf8), on: connection)
        case ("GET", "/api/version"):
            sendJSON(200, ["version": "0.6.8"], on: connection)
        case ("GET", "/api/tags"):
            let models: [[String: Any]] = snapshot.models.map { name in
                ["name": name, "model": name, "size": 815_319_791, "modified_at": Self.createdAt,
                 "digest": String(repeating: "ab", count: 32),
                 "details": ["family": name.split(separator: ":").first.map(String.init) ?? name, "format": "gguf"]]
            }
            sendJSON(200, ["models": models], on: connection)
        case ("POST", "/api/show"):
            // As Ollama: 200 with the model's details for a name it runs, 404 with an error otherwise.
            let name = request.json?["model"]?.string ?? request.json?["name"]?.string ?? ""
            guard Set((snapshot.models + snapshot.aliases).map(Self.canonical)).contains(Self.canonical(name)) else {
                return sendJSON(404, ["error": "model '\(name)' not found"], on: connection)
            }
            sendJSON(200, ["modelfile": "FROM \(name)", "details": ["family": "gemma3", "format": "gguf"]], on: connection)
        case ("POST", "/api/chat"), ("POST", "/api/generate"):
            generate(request, faults: faults, state: snapshot, on: connection)
        default:
            send(404, contentType: "text/plain", body: Array("404 page not found".utf8), on: connection)
        }
    }

    private func generate(_ request: OllamaRecordedRequest, faults: [Fault], state: State, on connection: HTTPConnection) {
        let isChat = request.path == "/api/chat"
        guard !request.body.isEmpty else { return sendJSON(400, ["error": "missing request body"], on: connection) }
        guard let json = request.json, case .object = json else {
            return sendJSON(400, ["error": "invalid character looking for beginning of value"], on: connection)
        }
        guard let model = json["model"]?.string, !model.isEmpty else {
            return sendJSON(400, ["error": "model is required"], on: connection)
        }
        if let stream = json["stream"], stream.bool == nil {
            let type = stream.string != nil ? "string" : "number"
            let name = isChat ? "ChatRequest" : "GenerateRequest"
            return sendJSON(400, ["error": "json: cannot unmarshal \(type) into Go struct field \(name).stream of type bool"],
                            on: connection)
        }
        let pulled = Set((state.models + state.aliases).map(Self.canonical))
        guard pulled.contains(Self.canonical(model)) else {
            return sendJSON(404, ["error": "model '\(model)' not found, try pulling it first"], on: connection)
        }
        let promptText = isChat
            ? (json["messages"]?.array ?? []).compactMap { $0["content"]?.string }.joined(separator: "\n")
            : [json["system"]?.string, json["prompt"]?.string].compactMap { $0 }.joined(separator: "\n")
        let textKey = isChat ? "message" : "response"
        func textValue(_ text: String) -> Any { isChat ? ["role": "assistant", "content": text] : text }
        guard !promptText.isEmpty else {  // no prompt: only load the model
            let loaded: [String: Any] = ["model": model, "created_at": Self.createdAt, textKey: textValue(""),
                                         "done": true, "done_reason": "load"]
            return sendJSON(200, loaded, on: connection)
        }
        let pieces = Self.pieces(of: state.reply)
        let doneReason = faults.contains(.doneReasonLength) ? "length" : "stop"
        let final: [String: Any] = [
            "model": model, "created_at": Self.createdAt, textKey: textValue(""), "done": true, "done_reason": doneReason,
            "total_duration": 912_000_000, "load_duration": 8_000_000,
            "prompt_eval_count": state.promptEvalCount ?? (promptText.unicodeScalars.count / 4 + 1),
            "prompt_eval_duration": 120_000_000,
            "eval_count": pieces.count, "eval_duration": 700_000_000,
        ]
        let breakage = faults.first {
            switch $0 {
            case .errorMidStream, .malformedJSON, .closeMidStream: true
            default: false
            }
        }
        guard json["stream"]?.bool ?? true else {
            return sendWhole(final, text: state.reply, textKey: textKey, isChat: isChat, breakage: breakage, on: connection)
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n"
        guard connection.write(head) else { return }
        for index in 0...pieces.count {
            if let breakage, min(Self.afterChunks(breakage), pieces.count) == index {
                switch breakage {
                case let .errorMidStream(_, message):
                    Self.writeChunk(Self.line(["error": message]), on: connection)
                case .malformedJSON:
                    Self.writeChunk(Array("{\"model\": \"\(model)\", \"message\": {\"content\": \"oops\"\n".utf8), on: connection)
                default:
                    return connection.abort()
                }
                connection.write("0\r\n\r\n")
                return
            }
            guard index < pieces.count else { break }
            let line: [String: Any] = ["model": model, "created_at": Self.createdAt, textKey: textValue(pieces[index]),
                                       "done": false]
            guard Self.writeChunk(Self.line(line), on: connection) else { return }
            if state.chunkDelay > 0 { Thread.sleep(forTimeInterval: state.chunkDelay) }
        }
        connection.markFinished()
        Self.writeChunk(Self.line(final), on: connection)
        connection.write("0\r\n\r\n")
    }

    /// The `stream: false` reply: one object with the whole text, or the scripted breakage.
    private func sendWhole(_ final: [String: Any], text: String, textKey: String, isChat: Bool, breakage: Fault?,
                           on connection: HTTPConnection) {
        var object = final
        object[textKey] = isChat ? ["role": "assistant", "content": text] : text
        switch breakage {
        case let .errorMidStream(_, message)?:
            sendJSON(500, ["error": message], on: connection)
        case .malformedJSON?:
            send(200, contentType: "application/json", body: Array("{\"model\": \"x\", \"response\": ".utf8), on: connection)
        case .closeMidStream?:
            let body = Self.line(object)
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
                + "Connection: close\r\n\r\n")
            connection.write(Array(body.prefix(body.count / 2)))
            connection.abort()
        default:
            sendJSON(200, object, on: connection)
        }
    }

    // MARK: - Wire helpers

    private func sendJSON(_ status: Int, _ object: [String: Any], on connection: HTTPConnection) {
        connection.sendJSON(status, object)
    }

    private func send(_ status: Int, contentType: String, body: [UInt8], on connection: HTTPConnection) {
        connection.send(status, contentType: contentType, body: body)
    }

    @discardableResult
    private static func writeChunk(_ bytes: [UInt8], on connection: HTTPConnection) -> Bool {
        connection.write(String(bytes.count, radix: 16) + "\r\n") && connection.write(bytes) && connection.write("\r\n")
    }

    /// One compact JSON object plus "\n", keys sorted.
    static func line(_ object: [String: Any]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// The reply a word at a time, each space kept with the word after it: pieces join back exactly.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == " " && !current.isEmpty && current.last != " " {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    static func canonical(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.contains(":") ? lowered : lowered + ":latest"
    }

    private static func afterChunks(_ fault: Fault) -> Int {
        switch fault {
        case let .errorMidStream(count, _), let .malformedJSON(count), let .closeMidStream(count): max(0, count)
        default: 0
        }
    }
}
