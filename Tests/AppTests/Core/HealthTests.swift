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
            // Tenant routes fail cleanly too: a JSON 500 without internals, not a crash.
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["X-Tenant": "salon"]) { res in
                res.expectErrorShape(.internalServerError)
                #expect(res.reason == "Internal server error.")
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

import Foundation
