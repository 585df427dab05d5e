import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession that streams the body as it arrives: recsite's transport for
/// `https://` servers (plain `http://`, the usual local Ollama, goes through `SocketHTTPTransport`,
/// because FoundationNetworking spins a core while it waits for a reply).
///
/// Linux's Foundation has no `URLSession.bytes(for:)`, so each request gets a small
/// `URLSessionDataDelegate` that hands the status to the caller and feeds body chunks into an
/// `AsyncThrowingStream`. Each request has its own session so its timeout is exactly the
/// request's: on Linux the session configuration's `timeoutIntervalForRequest` is what the
/// transfer obeys, and it restarts with every chunk received (an idle timeout, not a total one).
package final class URLSessionTransport: HTTPTransport {
    package init() {}

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeout
        configuration.timeoutIntervalForResource = 7 * 24 * 3600  // a long answer may stream for many minutes
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1  // delegate calls in order: response, data…, completion
        let delegate = StreamingDelegate()
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)

        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
                                    timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        let task = TaskBox(session.dataTask(with: urlRequest))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                delegate.start(task, continuation: continuation)
            }
        } onCancel: {
            task.task.cancel()
        }
    }
}

/// Lets a URLSession task cross into `@Sendable` closures (its methods are thread-safe).
private final class TaskBox: @unchecked Sendable {
    let task: URLSessionDataTask
    init(_ task: URLSessionDataTask) { self.task = task }
}

/// Turns one data task's delegate calls into a response continuation plus a body stream.
private final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: CheckedContinuation<HTTPResponse, any Error>?
    private let body: AsyncThrowingStream<Data, any Error>
    private let feed: AsyncThrowingStream<Data, any Error>.Continuation

    override init() {
        (body, feed) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        super.init()
    }

    func start(_ box: TaskBox, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.withLock { pending = continuation }
        // When the reader stops early (an error line, `done: true`), stop the transfer too.
        feed.onTermination = { termination in
            if case .cancelled = termination { box.task.cancel() }
        }
        box.task.resume()
    }

    private func takePending() -> CheckedContinuation<HTTPResponse, any Error>? {
        lock.withLock {
            defer { pending = nil }
            return pending
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        let reply = HTTPResponse(status: http?.statusCode ?? 0, headers: headers, body: body)
        completionHandler(.allow)
        takePending()?.resume(returning: reply)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        feed.yield(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        session.finishTasksAndInvalidate()  // releases this delegate
        guard let error else {
            takePending()?.resume(throwing: HTTPTransportError.failed(reason: "the server sent no response"))
            feed.finish()
            return
        }
        let mapped = Self.map(error)
        takePending()?.resume(throwing: mapped)
        feed.finish(throwing: mapped)
    }

    /// URLError → the transport-neutral error the explainers understand.
    static func map(_ error: any Error) -> any Error {
        guard let urlError = error as? URLError else { return HTTPTransportError.failed(reason: "\(error)") }
        let reason = urlError.localizedDescription
        switch urlError.code {
        case .cancelled:
            return CancellationError()
        case .timedOut:
            return HTTPTransportError.timedOut
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return HTTPTransportError.cannotConnect(reason: Self.connectReason(urlError.code, fallback: reason))
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse:
            return HTTPTransportError.connectionLost(reason: reason)
        default:
            return HTTPTransportError.failed(reason: reason)
        }
    }

    private static func connectReason(_ code: URLError.Code, fallback: String) -> String {
        switch code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .notConnectedToInternet: "no network"
        default: fallback
        }
    }
}
