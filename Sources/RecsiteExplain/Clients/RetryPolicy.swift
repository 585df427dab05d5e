import Foundation

/// When a language-model request is sent again, and how long to wait first.
///
/// Only two failures are retried, because only they guarantee the server did no work on the
/// request: the connection was refused (the request never arrived), and a status in
/// `retryStatuses` (the server turned the request away: queue full, upstream down). A request the
/// server received and then went quiet on, or broke off, is never re-sent: cancelling it would
/// abort a slow model load and the resend would start it over (C20).
package struct RetryPolicy: Sendable, Equatable {
    /// The statuses retried by default: 502 (upstream unreachable), 503 (Ollama's queue is full,
    /// `OLLAMA_MAX_QUEUE`) and 504 (a gateway gave up). Not 500: Ollama answers 500 when the runner
    /// failed on this very request (out of memory, crashed), where a resend repeats the failure.
    package static let defaultRetryStatuses: Set<Int> = [502, 503, 504]

    /// Extra attempts while the connection is refused.
    package var connectRetries: Int
    /// Pause before the first connect retry; each later one waits twice as long. Short, so a
    /// missing server fails within seconds (C20).
    package var connectDelay: TimeInterval
    /// Extra attempts after a status in `retryStatuses`.
    package var statusRetries: Int
    /// Pause before the first status retry; each later one waits twice as long (1 s, 2 s by default).
    package var statusDelay: TimeInterval
    /// The HTTP statuses that mean "turned away, try again later".
    package var retryStatuses: Set<Int>

    package init(connectRetries: Int = 2, connectDelay: TimeInterval = 0.25, statusRetries: Int = 2,
                 statusDelay: TimeInterval = 1, retryStatuses: Set<Int> = RetryPolicy.defaultRetryStatuses) {
        self.connectRetries = connectRetries; self.connectDelay = connectDelay
        self.statusRetries = statusRetries; self.statusDelay = statusDelay; self.retryStatuses = retryStatuses
    }

    /// No retries at all.
    package static let none = RetryPolicy(connectRetries: 0, statusRetries: 0)

    /// The pause before retry number `attempt` (0-based) when the first pause is `first`.
    static func pause(first: TimeInterval, attempt: Int) -> TimeInterval {
        max(0, first) * Double(1 << min(max(0, attempt), 20))
    }
}
