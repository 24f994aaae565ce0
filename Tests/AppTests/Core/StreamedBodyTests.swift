import Foundation
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
            let port = Int.random(in: 20_000..<40_000)
            try await app.testing(method: .running(hostname: "127.0.0.1", port: port)).test(
                .POST, "api/v1/bookings", headers: salon.tenant.headers.json.with("Idempotency-Key", "big-1"), body: jsonBody(body)
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason.contains("notes must be at most 1000 characters"))
            }
            body["notes"] = "short"
            try await app.testing(method: .running(hostname: "127.0.0.1", port: port + 1)).test(
                .POST, "api/v1/bookings", headers: salon.tenant.headers.json.with("Idempotency-Key", "big-2"), body: jsonBody(body)
            ) { res in
                #expect(res.status == .created)
            }
        }
    }
}
