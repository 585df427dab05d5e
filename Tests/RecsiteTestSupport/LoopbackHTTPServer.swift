import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for test doubles of language-model servers:
/// it accepts connections, reads one request each (`Content-Length` bodies), records it, and hands
/// it to a handler that writes the reply. Each connection answers one request and closes.
///
/// BSD sockets on background threads, state behind one lock: usable from Swift 6 strict
/// concurrency. It also counts requests in flight, so tests can check a client's concurrency.
package final class LoopbackHTTPServer: @unchecked Sendable {
    /// Writes the reply to one request.
    package typealias Handler = @Sendable (RecordedHTTPRequest, HTTPConnection) -> Void

    private let name: String
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var port: UInt16 = 0
    private var stopped = false
    private var clients: Set<Int32> = []
    private var recorded: [RecordedHTTPRequest] = []
    private var inFlight = 0
    private var maxInFlight = 0

    /// `name` labels the server's threads.
    package init(name: String) { self.name = name }

    deinit { stop() }

    /// Binds 127.0.0.1 on a free port, starts accepting, and returns `http://127.0.0.1:PORT`.
    @discardableResult
    package func start(handler: @escaping Handler) throws -> URL {
        if let url = baseURL { return url }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTPServerError.socket("socket() failed: errno \(errno)") }
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
            throw LoopbackHTTPServerError.socket("bind/listen on 127.0.0.1 failed: errno \(errno)")
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
        let thread = Thread { [self] in acceptLoop(fd, handler: handler) }
        thread.name = "\(name).accept"
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

    /// Every request received so far, in arrival order (recorded before the handler runs).
    package var requests: [RecordedHTTPRequest] { lock.withLock { recorded } }

    /// The most requests that were being answered at the same moment.
    package var maxConcurrentRequests: Int { lock.withLock { maxInFlight } }

    // MARK: - Sockets

    private func acceptLoop(_ fd: Int32, handler: @escaping Handler) {
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
                serve(client, handler: handler)
                lock.withLock { _ = clients.remove(client) }
                close(client)
            }
            thread.name = "\(name).connection"
            thread.start()
        }
    }

    private func serve(_ fd: Int32, handler: Handler) {
        guard let request = Self.readRequest(fd) else { return }
        lock.withLock {
            recorded.append(request)
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
        }
        let finished = Finished { [self] in lock.withLock { inFlight -= 1 } }
        handler(request, HTTPConnection(fd: fd, finished: finished))
        finished.fire()
    }

    /// Reads one request: request line, headers, then a body of `Content-Length` bytes.
    private static func readRequest(_ fd: Int32) -> RecordedHTTPRequest? {
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
        return RecordedHTTPRequest(method: String(requestLine[0]), path: path, headers: headers, body: body)
    }
}

/// Runs a closure once, from whichever caller comes first.
final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    init(_ action: @escaping @Sendable () -> Void) { self.action = action }
    func fire() {
        let run = lock.withLock { () -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        run?()
    }
}

/// Writes to one client socket; every write is checked so a closed client ends the reply quietly.
package struct HTTPConnection: Sendable {
    let fd: Int32
    let finished: Finished

    /// Marks the request as answered for the in-flight count, before its last bytes go out (so a
    /// client that starts its next request the moment it reads them is not counted twice).
    package func markFinished() { finished.fire() }

    @discardableResult
    package func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    @discardableResult
    package func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends small writes at once (no Nagle delay), so a reply cut into odd pieces reaches the
    /// client as separate segments.
    package func sendImmediately() {
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Drops the connection at once (no final chunk), as a crashed server would.
    package func abort() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// A whole reply with `Content-Length`.
    package func send(_ status: Int, contentType: String, body: [UInt8]) {
        let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        if write(head) { write(body) }
    }

    /// A whole JSON reply (keys sorted).
    package func sendJSON(_ status: Int, _ object: [String: Any]) {
        send(status, contentType: "application/json; charset=utf-8", body: Self.json(object) + [UInt8(ascii: "\n")])
    }

    /// Starts a chunked 200 reply of `contentType`.
    @discardableResult
    package func beginChunked(contentType: String) -> Bool {
        write("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    }

    /// One chunk of a chunked body.
    @discardableResult
    package func writeChunk(_ bytes: [UInt8]) -> Bool {
        write(String(bytes.count, radix: 16) + "\r\n") && write(bytes) && write("\r\n")
    }

    /// The last (empty) chunk.
    package func endChunked() { write("0\r\n\r\n") }

    /// Compact JSON with sorted keys.
    package static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// Why a double could not start.
package enum LoopbackHTTPServerError: Error, CustomStringConvertible {
    case socket(String)
    package var description: String {
        switch self { case let .socket(message): "LoopbackHTTPServer: \(message)" }
    }
}

/// One request a double received: what a test asserts about the client's wire format.
package struct RecordedHTTPRequest: Sendable, Equatable {
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
