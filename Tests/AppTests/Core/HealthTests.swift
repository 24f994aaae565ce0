import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Health")
struct HealthTests {
    @Test func healthyDatabaseAnswers200() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "health") { res in
                #expect(res.status == .ok)
                #expect(res.json as NSDictionary == ["status": "ok", "database": "ok"] as NSDictionary)
            }
        }
    }

    @Test func unreachableDatabaseAnswers503() async throws {
        let app = try await Application.make(.testing)
        do {
            // Nothing listens on port 1: every connection attempt is refused.
            try configure(app, config: AppConfig(mode: .testing, database: .postgres(url: "postgres://nobody@127.0.0.1:1/none")))
            app.logger.logLevel = .critical
            try await app.testing().test(.GET, "health") { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.json as NSDictionary == ["status": "unavailable", "database": "unavailable"] as NSDictionary)
            }
            try await app.testing().test(.GET, "health/ready") { res in #expect(res.status == .serviceUnavailable) }
            // Every other route answers a quick 503 with Retry-After (no internals, no hang): the
            // request was fine, and the pool reconnects once the database is back.
            for path in ["api/v1/tenant", "api/v1/services", "api/v1/admin/settings", "api/v1/slots?service=\(UUID())"] {
                let started = Date()
                try await app.testing().test(.GET, path, headers: ["X-Tenant": "salon", "Authorization": "Bearer x"]) { res in
                    res.expectErrorShape(.serviceUnavailable)
                    #expect(res.headers.first(name: "Retry-After") == "5")
                    #expect(res.reason.contains("try again"))
                }
                #expect(Date().timeIntervalSince(started) < 8, "\(path) took too long to fail")
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

@Suite("Readiness")
struct ReadinessTests {
    @Test func readyReportsTheDatabaseAndTheWorkersLag() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let first = try await ready(app)
            #expect(first.status == .ok)
            #expect((first.json["outbox"] as? [String: Int]) == ["due": 0, "oldestDueSeconds": 0])
            #expect(
                try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: "2026-12-01T10:00:00Z")
                ).status == .created)
            // Ten minutes later, with no worker running, the confirmation and the notice wait.
            app.clock = FixedClock(testNow + 600)
            let later = try await ready(app)
            #expect(later.status == .ok && later.json["status"] as? String == "ok")
            #expect((later.json["outbox"] as? [String: Int]) == ["due": 2, "oldestDueSeconds": 600])
        }
    }

    /// `GET /health/ready`, asked again (up to three times) while it answers 503: the probe gives the
    /// database 3 s, and with the whole suite starting at once on two cores a ping once took longer.
    /// What is checked is what a ready answer says, not how fast a crowded machine is.
    private func ready(_ app: Application) async throws -> TestingHTTPResponse {
        var response = try await app.send(.GET, "health/ready", headers: [:], body: nil)
        for _ in 0..<2 where response.status == .serviceUnavailable {
            try await Task.sleep(for: .milliseconds(500))
            response = try await app.send(.GET, "health/ready", headers: [:], body: nil)
        }
        return response
    }
}
