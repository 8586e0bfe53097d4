import Foundation

/// When and how long to wait before trying a call again: throttling, 5xx answers and transport
/// failures are retried with exponential backoff (a random wait between half and all of a
/// ceiling that doubles per attempt); other errors are final.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var attempts: Int
    /// The first backoff ceiling; it doubles per attempt up to `maxDelay`.
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(attempts: Int = 8, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 20) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Error codes the cloud uses for "slow down" and for passing faults; each is worth another try.
    static let retryableCodes: Set<String> = [
        "Throttling", "Throttling.User", "Throttling.Api", "Throttling.Concurrent", "ServiceUnavailable",
        "InternalError", "UnknownError", "Request.Timeout",
    ]

    static func isRetryable(status: Int, code: String) -> Bool {
        status >= 500 || status == 429 || retryableCodes.contains(code) || code.hasPrefix("Throttling")
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    func delay(after attempt: Int) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: ceiling / 2...max(ceiling / 2, ceiling))
    }
}
