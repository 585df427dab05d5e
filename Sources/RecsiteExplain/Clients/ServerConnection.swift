import Foundation

/// The HTTP plumbing both language-model clients share: bounded retries (`RetryPolicy`), mapping
/// transport failures to `ExplainError`, error bodies and idle timeouts.
struct ServerConnection: Sendable {
    let transport: any HTTPTransport
    /// The base URL as users write it, for messages.
    let server: String
    let backend: LLMBackend
    let retry: RetryPolicy

    /// Sends `request`, retrying while the connection is refused and after a retryable status;
    /// returns the last response (whatever its status) once no retry is left.
    /// - Parameter silenceMeansUnreachable: a preflight's timeout means "no server here", not "slow model".
    func send(_ request: HTTPRequest, silenceMeansUnreachable: Bool) async throws -> HTTPResponse {
        var connectAttempt = 0
        var statusAttempt = 0
        while true {
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch HTTPTransportError.cannotConnect(let reason) {
                guard connectAttempt < retry.connectRetries else {
                    throw ExplainError.serverUnreachable(url: server, reason: reason, backend: backend)
                }
                try await Self.sleep(RetryPolicy.pause(first: retry.connectDelay, attempt: connectAttempt))
                connectAttempt += 1
                continue
            } catch let error as HTTPTransportError {
                throw map(error, timeout: request.timeout, silenceMeansUnreachable: silenceMeansUnreachable)
            }
            guard retry.retryStatuses.contains(response.status), statusAttempt < retry.statusRetries else {
                return response
            }
            _ = try? await response.collectBody(limit: 64 << 10)  // finish the exchange before the next one
            try await Self.sleep(RetryPolicy.pause(first: retry.statusDelay, attempt: statusAttempt))
            statusAttempt += 1
        }
    }

    /// Reads a whole (short) body, mapping transport failures.
    func readAll(_ response: HTTPResponse, timeout: TimeInterval, silenceMeansUnreachable: Bool) async throws -> Data {
        do {
            return try await response.collectBody()
        } catch let error as HTTPTransportError {
            throw map(error, timeout: timeout, silenceMeansUnreachable: silenceMeansUnreachable)
        }
    }

    /// A transport failure as the error a user reads.
    func map(_ error: HTTPTransportError, timeout: TimeInterval, silenceMeansUnreachable: Bool) -> ExplainError {
        switch error {
        case let .cannotConnect(reason):
            return .serverUnreachable(url: server, reason: reason, backend: backend)
        case .timedOut where silenceMeansUnreachable:
            return .serverUnreachable(url: server, reason: "no answer within \(DecimalFormat.seconds(timeout))", backend: backend)
        case .timedOut:
            return .timeout(url: server, seconds: timeout, backend: backend)
        case let .connectionLost(reason), let .failed(reason):
            return .malformedResponse(url: server, reason: "the connection failed: \(reason)", backend: backend)
        }
    }

    /// A failure while the answer body streams in: a timeout is the read timeout, anything else a
    /// connection that closed before the answer was complete.
    static func readingError(_ error: HTTPTransportError, server: String, backend: LLMBackend,
                             readTimeout: TimeInterval) -> ExplainError {
        switch error {
        case .timedOut:
            return .timeout(url: server, seconds: readTimeout, backend: backend)
        case let .cannotConnect(reason), let .connectionLost(reason), let .failed(reason):
            return .malformedResponse(url: server, reason: "the connection closed before the answer was complete (\(reason))",
                                      backend: backend)
        }
    }

    /// The error text of an error body: `{"error": "..."}` (Ollama), `{"error": {"message": "..."}}`
    /// (OpenAI), `{"detail": "..."}` (FastAPI servers), else the body itself (trimmed), else a placeholder.
    static func errorMessage(in data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let text = object["error"] as? String { return text }
            if let error = object["error"] as? [String: Any], let text = error["message"] as? String { return text }
            if let text = object["detail"] as? String { return text }
            if let text = object["message"] as? String { return text }
        }
        let text = String(decoding: data.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no message)" : text
    }

    /// The answer-reading timer: seconds since `start`, from the monotonic clock.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func sleep(_ seconds: TimeInterval) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}
