import Foundation

/// One HTTP request as the explainers build it: no URLSession types, so tests and other transports
/// can stand in.
package struct HTTPRequest: Sendable, Equatable {
    package var method: String
    package var url: URL
    package var headers: [String: String]
    package var body: Data?
    /// Seconds of silence (no status line, no body bytes) after which the request fails with
    /// `HTTPTransportError.timedOut`. A slow but steady stream never times out.
    package var timeout: TimeInterval

    package init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.timeout = timeout
    }
}

/// A response whose status and headers have arrived; the body follows as a stream of byte chunks.
package struct HTTPResponse: Sendable {
    package var status: Int
    /// Header fields with lower-cased names.
    package var headers: [String: String]
    /// The body in the chunks the network delivered them; throws `HTTPTransportError` when the
    /// connection breaks or goes silent. Stop iterating to cancel the transfer.
    package var body: AsyncThrowingStream<Data, any Error>

    package init(status: Int, headers: [String: String], body: AsyncThrowingStream<Data, any Error>) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// A response with the whole body already known (for tests and simple transports).
    package init(status: Int, headers: [String: String] = [:], data: Data) {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        if !data.isEmpty { continuation.yield(data) }
        continuation.finish()
        self.init(status: status, headers: headers, body: stream)
    }

    /// Reads the whole body, up to `limit` bytes (the rest is dropped: error bodies are short).
    package func collectBody(limit: Int = 16 << 20) async throws -> Data {
        var data = Data()
        for try await chunk in body {
            data.append(chunk.prefix(max(0, limit - data.count)))
            if data.count >= limit { break }
        }
        return data
    }
}

/// Why a transport could not deliver a response, in words the explainers map to `ExplainError`.
package enum HTTPTransportError: Error, Equatable {
    /// The request never reached a server (refused, unknown host, no route): safe to retry.
    case cannotConnect(reason: String)
    /// Nothing arrived for the request's `timeout`.
    case timedOut
    /// The connection broke after the request was sent (possibly mid-body): not safe to retry.
    case connectionLost(reason: String)
    /// Anything else the transport reported.
    case failed(reason: String)
}

/// The seam between explainers and the network: one method, one request, one streamed response.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns once the status line and headers have arrived.
    /// Throws `HTTPTransportError` (or `CancellationError` when the calling task is cancelled).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
