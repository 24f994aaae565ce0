import Foundation
import NIOPosix
import Testing
import VaporTesting
@testable import App

/// Over a real socket a large body arrives in several chunks (the in-memory tester never streams).
@Suite("Streamed request bodies")
struct StreamedBodyTests {
    /// Regression: the idempotency middleware once drained a streamed body so the route waited forever.
    @Test func largeBodyWithAnIdempotencyKeyIsAnswered() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
            body["notes"] = String(repeating: "n", count: 200_000)
            try await Self.onFreePort { port in
                try await app.testing(method: .running(hostname: "127.0.0.1", port: port)).test(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers.json.with("Idempotency-Key", "big-1"), body: jsonBody(body)
                ) { res in
                    res.expectErrorShape(.unprocessableEntity)
                    #expect(res.reason.contains("notes must be at most 1000 characters"))
                }
            }
            body["notes"] = "short"
            try await Self.onFreePort { port in
                try await app.testing(method: .running(hostname: "127.0.0.1", port: port)).test(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers.json.with("Idempotency-Key", "big-2"), body: jsonBody(body)
                ) { res in
                    #expect(res.status == .created)
                }
            }
        }
    }

    /// Runs `body` on a port the system just handed out as free (bound to port 0, then released): a
    /// random port once collided with another socket in CI.
    static func onFreePort(_ body: (Int) async throws -> Void) async throws {
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close()
        try await body(port)
    }
}
