import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `HTTPTransport` for plain `http://` over a POSIX socket, one connection per request
/// (`Connection: close`); anything else (https) goes to `URLSessionTransport`.
///
/// Why not URLSession for everything: on Linux, FoundationNetworking keeps the socket's write
/// source armed while it waits for a reply, so a build waiting on a local model spun a core in
/// the kernel (23 s of system time for a 29 s explanation, measured with Gemma 3 270M), taking
/// that core from the model itself on a two-core machine. Here one thread per request blocks in
/// `poll(2)`: no CPU while the model thinks.
///
/// Timeouts: `request.timeout` bounds the connect and every wait for bytes (an idle timeout, as
/// URLSession's is). Bodies: `Content-Length`, `chunked`, or until the server closes.
/// Cancellation (the task, or the consumer leaving the body stream) shuts the socket down.
package final class SocketHTTPTransport: HTTPTransport {
    private let fallback: any HTTPTransport

    package init(fallback: any HTTPTransport = URLSessionTransport()) { self.fallback = fallback }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.url.scheme?.lowercased() == "http", let host = request.url.host else {
            return try await fallback.send(request)
        }
        try Task.checkCancellation()
        let exchange = SocketExchange(request: request, host: host, port: request.url.port ?? 80)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in exchange.start(continuation) }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// One request on its own thread: connect, write, read the head, then stream the body.
private final class SocketExchange: @unchecked Sendable {
    let request: HTTPRequest
    let host: String
    let port: Int
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var cancelled = false

    init(request: HTTPRequest, host: String, port: Int) {
        self.request = request; self.host = host; self.port = port
    }

    func start(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        let thread = Thread { [self] in run(continuation) }
        thread.name = "recsite-http"
        thread.start()
    }

    /// Wakes the thread from any `poll`; it then ends the exchange with `CancellationError`.
    func cancel() {
        lock.withLock {
            cancelled = true
            if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    private func run(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        var reader: SocketReader
        let head: (status: Int, headers: [String: String])
        do {
            let socket = try connect()
            reader = SocketReader(fd: socket, timeout: request.timeout, cancelled: { [self] in isCancelled })
            try reader.write(requestBytes())
            head = try reader.readHead()
        } catch {
            closeSocket()
            continuation.resume(throwing: isCancelled ? CancellationError() : error)
            return
        }
        let (body, feed) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        feed.onTermination = { [self] termination in
            if case .cancelled = termination { cancel() }
        }
        continuation.resume(returning: HTTPResponse(status: head.status, headers: head.headers, body: body))
        do {
            try reader.readBody(headers: head.headers, method: request.method, status: head.status) { feed.yield($0) }
            feed.finish()
        } catch {
            feed.finish(throwing: isCancelled ? CancellationError() : error)
        }
        closeSocket()
    }

    private func closeSocket() {
        lock.withLock {
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    /// Resolves the host and connects (non-blocking, within the request's timeout).
    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(name, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPTransportError.cannotConnect(reason: "unknown host")
        }
        defer { freeaddrinfo(list) }
        var reason = "connection refused"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard socket >= 0 else { continue }
            let flags = fcntl(socket, F_GETFL)
            _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
            lock.withLock { fd = socket }
            if isCancelled { throw CancellationError() }
            if Glibc.connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                var pfd = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&pfd, 1, SocketReader.milliseconds(request.timeout))
                if ready == 0 { closeSocket(); throw HTTPTransportError.timedOut }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
                if ready > 0 && error == 0 && !isCancelled {
                    _ = fcntl(socket, F_SETFL, flags & ~O_NONBLOCK)
                    return socket
                }
                if isCancelled { throw CancellationError() }
                reason = error == ECONNREFUSED ? "connection refused" : String(cString: strerror(error))
            } else {
                reason = errno == ECONNREFUSED ? "connection refused" : String(cString: strerror(errno))
            }
            closeSocket()
        }
        throw HTTPTransportError.cannotConnect(reason: reason)
    }

    private func requestBytes() -> [UInt8] {
        var target = request.url.path.isEmpty ? "/" : request.url.path
        if let query = request.url.query { target += "?" + query }
        let hostHeader = request.url.port.map { "\(host):\($0)" } ?? host
        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nConnection: close\r\n"
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key })
        where !["host", "connection", "content-length"].contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        if let body = request.body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (request.body.map(Array.init) ?? [])
    }
}

/// Blocking reads with an idle timeout, over a connected socket.
private struct SocketReader {
    let fd: Int32
    let timeout: TimeInterval
    let cancelled: () -> Bool
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32, timeout: TimeInterval, cancelled: @escaping () -> Bool) {
        self.fd = fd; self.timeout = timeout; self.cancelled = cancelled
    }

    static func milliseconds(_ seconds: TimeInterval) -> Int32 {
        Int32(clamping: Int((max(0, seconds) * 1000).rounded(.up)))
    }

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBufferPointer { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HTTPTransportError.connectionLost(reason: String(cString: strerror(errno)))
            }
            sent += n
        }
    }

    /// More bytes into the buffer; false at the end of the stream.
    private mutating func fill() throws -> Bool {
        if cancelled() { throw CancellationError() }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, Self.milliseconds(timeout))
        if ready < 0 && errno == EINTR { return true }
        if ready == 0 { throw HTTPTransportError.timedOut }
        if cancelled() { throw CancellationError() }
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 {
            if errno == EINTR { return true }
            throw HTTPTransportError.connectionLost(reason: String(cString: strerror(errno)))
        }
        if n == 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// One CRLF-terminated line (without the line end).
    private mutating func line(limit: Int = 64 << 10) throws -> String {
        while true {
            if let end = buffer[start...].firstIndex(of: 0x0A) {
                var bytes = buffer[start..<end]
                if bytes.last == 0x0D { bytes = bytes.dropLast() }
                start = end + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            guard buffer.count - start < limit else { throw HTTPTransportError.failed(reason: "a header line is too long") }
            guard try fill() else { throw HTTPTransportError.connectionLost(reason: "the server closed the connection") }
        }
    }

    mutating func readHead() throws -> (status: Int, headers: [String: String]) {
        while true {
            let statusLine = try line()
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
                throw HTTPTransportError.connectionLost(reason: "not an HTTP response")
            }
            var headers: [String: String] = [:]
            while true {
                let header = try line()
                if header.isEmpty { break }
                guard let colon = header.firstIndex(of: ":") else { continue }
                let name = header[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers[name] = headers[name].map { $0 + ", " + value } ?? value
            }
            if (100..<200).contains(status) { continue }  // 100 Continue and friends: the real answer follows
            return (status, headers)
        }
    }

    /// Delivers exactly `count` bytes as they arrive; the connection closing first is an error.
    private mutating func deliverExactly(_ count: Int, closedEarly: String, _ deliver: (Data) -> Void) throws {
        var remaining = count
        while remaining > 0 {
            if start == buffer.count, try !fill() { throw HTTPTransportError.connectionLost(reason: closedEarly) }
            let piece = min(remaining, buffer.count - start)
            deliver(take(piece))
            remaining -= piece
        }
    }

    private mutating func take(_ count: Int) -> Data {
        let data = Data(buffer[start..<(start + count)])
        start += count
        return data
    }

    /// Delivers the body in the pieces the network gives, then returns at its end.
    mutating func readBody(headers: [String: String], method: String, status: Int, deliver: (Data) -> Void) throws {
        if method == "HEAD" || status == 204 || status == 304 { return }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";").first.map(String.init)?
                    .trimmingCharacters(in: .whitespaces) ?? "", radix: 16), size >= 0 else {
                    throw HTTPTransportError.connectionLost(reason: "a malformed chunk size")
                }
                if size == 0 {
                    while try !line().isEmpty {}  // trailers
                    return
                }
                try deliverExactly(size, closedEarly: "the server closed the connection mid-chunk", deliver)
                guard try line().isEmpty else { throw HTTPTransportError.connectionLost(reason: "a chunk without its line end") }
            }
        }
        if let lengthText = headers["content-length"], let length = Int(lengthText) {
            try deliverExactly(length, closedEarly: "the server closed the connection before the body's end", deliver)
            return
        }
        while true {  // no length: the body runs until the server closes
            if start < buffer.count { deliver(take(buffer.count - start)) }
            guard try fill() else { return }
        }
    }
}
