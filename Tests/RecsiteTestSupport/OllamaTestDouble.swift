import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) that speaks Ollama's API the way the server
/// does: `GET /api/tags`, `POST /api/chat` and `POST /api/generate` streaming NDJSON
/// (`application/x-ndjson`, chunked) unless `"stream": false`, `{"error": ...}` bodies, 404 for an
/// unknown model. Tests script faults per request and read back every request it received.
///
/// BSD sockets on background threads, state behind one lock: usable from Swift 6 strict
/// concurrency. Each connection answers one request and closes (`Connection: close`).
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
    private var listener: Int32 = -1
    private var port: UInt16 = 0
    private var stopped = false
    private var clients: Set<Int32> = []
    var state: State

    /// What the double serves and what it has seen, guarded by `lock`.
    struct State {
        var models: [String]
        var reply: String
        var chunkDelay: Double = 0
        var faults: [String: [[Fault]]] = [:]
        var requests: [OllamaRecordedRequest] = []
    }

    /// - Parameters:
    ///   - models: the tags `GET /api/tags` lists; a request for any other model gets 404.
    ///   - reply: the text every generation answers, streamed a word at a time.
    package init(models: [String] = ["gemma3:latest"], reply: String = "## Why these movies\n\nA reply from the test double.") {
        state = State(models: models, reply: reply)
    }

    deinit { stop() }

    // MARK: - Control

    /// Binds 127.0.0.1 on a free port, starts accepting, and returns the base URL (`http://127.0.0.1:PORT`).
    @discardableResult
    package func start() throws -> URL {
        if let url = baseURL { return url }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw OllamaTestDoubleError.socket("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw OllamaTestDoubleError.socket("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        lock.withLock {
            listener = fd
            port = UInt16(bigEndian: address.sin_port)
            stopped = false
        }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "OllamaTestDouble.accept"
        thread.start()
        return baseURL!
    }

    /// Stops accepting, breaks open connections and closes the socket. Safe to call twice.
    package func stop() {
        let (fd, open) = lock.withLock { () -> (Int32, Set<Int32>) in
            defer { stopped = true; listener = -1 }
            return (stopped ? -1 : listener, clients)
        }
        for client in open { shutdown(client, Int32(SHUT_RDWR)) }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))  // wakes the thread blocked in accept()
        close(fd)
    }

    /// `http://127.0.0.1:PORT` once started.
    package var baseURL: URL? {
        lock.withLock { listener >= 0 && !stopped ? URL(string: "http://127.0.0.1:\(port)") : nil }
    }

    /// Queues faults for the next request on `path` ("/api/chat", "/api/generate", "/api/tags");
    /// each call scripts one more request, and requests beyond the script behave normally.
    package func script(_ faults: [Fault], path: String = "/api/chat") {
        lock.withLock { state.faults[path, default: []].append(faults) }
    }

    /// Replaces the pulled models.
    package func setModels(_ models: [String]) { lock.withLock { state.models = models } }
    /// Replaces the text every generation answers.
    package func setReply(_ reply: String) { lock.withLock { state.reply = reply } }
    /// Pause between streamed lines (a slow but steady model).
    package func setChunkDelay(_ seconds: Double) { lock.withLock { state.chunkDelay = seconds } }

    /// Every request received so far, in arrival order (recorded before the reply is sent).
    package var requests: [OllamaRecordedRequest] { lock.withLock { state.requests } }

    /// The requests received on one path.
    package func requests(path: String) -> [OllamaRecordedRequest] { requests.filter { $0.path == path } }

    // MARK: - Sockets

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let keep = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                clients.insert(client)
                return true
            }
            guard keep else { close(client); return }
            let thread = Thread { [self] in
                serve(client)
                lock.withLock { _ = clients.remove(client) }
                close(client)
            }
            thread.name = "OllamaTestDouble.connection"
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard let request = Self.readRequest(fd) else { return }
        respond(to: request, on: Connection(fd: fd))
    }

    /// Reads one request: request line, headers, then a body of `Content-Length` bytes.
    private static func readRequest(_ fd: Int32) -> OllamaRecordedRequest? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            if buffer.count >= 4 {
                headerEnd = (0...(buffer.count - 4)).first { Array(buffer[$0..<($0 + 4)]) == separator }
            }
            if buffer.count > 1 << 20 { return nil }
        }
        guard let headerEnd else { return nil }
        let headText = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd + 4
        while buffer.count < bodyStart + length {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        let target = String(requestLine[1])
        let path = String(target.prefix { $0 != "?" })
        return OllamaRecordedRequest(method: String(requestLine[0]), path: path, headers: headers, body: body)
    }
}

/// Writes to one client socket; every write is checked so a closed client ends the reply quietly.
struct Connection {
    let fd: Int32

    @discardableResult
    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Drops the connection at once (no final chunk), as a crashed server would.
    func abort() { shutdown(fd, Int32(SHUT_RDWR)) }
}

/// Why the double could not start.
package enum OllamaTestDoubleError: Error, CustomStringConvertible {
    case socket(String)
    package var description: String {
        switch self { case let .socket(message): "OllamaTestDouble: \(message)" }
    }
}

/// One request the double received: what a test asserts about the client's wire format.
package struct OllamaRecordedRequest: Sendable, Equatable {
    package var method: String
    /// The path without a query string: "/api/chat".
    package var path: String
    /// Header fields with lower-cased names.
    package var headers: [String: String]
    package var body: Data

    /// The body parsed as JSON, booleans kept apart from numbers (nil when empty or not JSON).
    package var json: JSONValue? { body.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: body) }
}

/// A JSON value exactly as sent: `true` is `.bool(true)`, never the number 1.
package enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The member `key` of an object.
    package subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    package var string: String? { if case let .string(value) = self { value } else { nil } }
    package var number: Double? { if case let .number(value) = self { value } else { nil } }
    package var bool: Bool? { if case let .bool(value) = self { value } else { nil } }
    package var array: [JSONValue]? { if case let .array(value) = self { value } else { nil } }
    package var keys: [String] { if case let .object(members) = self { members.keys.sorted() } else { [] } }
}
