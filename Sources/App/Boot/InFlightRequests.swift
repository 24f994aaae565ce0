import NIOConcurrencyHelpers
import Vapor

/// The requests this server is still answering, so that a stopping server closes its database
/// pools only once the last handler has finished. Vapor's server shutdown waits for the open
/// connections, but a handler goes on after its client has gone, and Fluent stops the whole process
/// when a handler asks for `request.db` after the pools have closed (a release server stopped under
/// the many-tenant mix did, 3 times in 20: issue 24).
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    /// How many requests are being answered.
    var current: Int { count.withLockedValue { $0 } }

    /// Counts a request from when it reaches the application until its response or error is made.
    /// The first middleware, so that it counts everything the others do.
    struct Counting: Middleware {
        let inFlight: InFlightRequests

        func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            inFlight.count.withLockedValue { $0 += 1 }
            return next.respond(to: request).always { _ in inFlight.count.withLockedValue { $0 -= 1 } }
        }
    }

    /// Waits until no request is being answered or `limit` has passed; whether none is.
    func drained(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while current > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
