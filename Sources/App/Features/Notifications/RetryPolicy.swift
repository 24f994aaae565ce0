import Foundation

/// When a failed message is tried again: exponential backoff with jitter, then dead.
struct RetryPolicy: Sendable {
    var maxAttempts = 8
    var baseDelay: TimeInterval = 60
    var maxDelay: TimeInterval = 6 * 3600

    static let standard = RetryPolicy()

    /// The wait after failed attempt `attempt` (1-based): half of `base · 2^(attempt-1)` (capped)
    /// plus a random share of the other half, so retries from many rows spread out. `random` is in 0..<1.
    func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> TimeInterval {
        let exponential = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return exponential / 2 + exponential / 2 * random
    }
}
