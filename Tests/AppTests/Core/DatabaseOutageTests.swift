import Foundation
import NIOPosix
import Testing
import VaporTesting
@testable import App

/// While PostgreSQL cannot be reached, requests get a quick 503 with `Retry-After`, never a hang or a 500.
@Suite("Database outage")
struct DatabaseOutageTests {
    @Test func requestsGet503WithRetryAfterWhileTheDatabaseIsDown() async throws {
        // A port nothing listens on: every connection attempt is refused, as while PostgreSQL restarts.
        let socket = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = socket.localAddress!.port!
        try await socket.close()
        let config = AppConfig(mode: .testing, database: .postgres(url: "postgres://postgres@127.0.0.1:\(port)/nowhere"))
        let app = try await AppRunner.make(config: config)
        app.logger.logLevel = .critical
        do {
            for path in ["api/v1/services", "api/v1/admin/settings", "api/v1/slots?service=\(UUID())"] {
                let started = Date()
                try await app.testing().test(.GET, path, headers: ["X-Tenant": "house-of-hair", "Authorization": "Bearer x"]) { res in
                    res.expectErrorShape(.serviceUnavailable)
                    #expect(res.headers.first(name: "Retry-After") == "5")
                    #expect(res.reason.contains("try again"))
                }
                #expect(Date().timeIntervalSince(started) < 8, "\(path) took too long to fail")
            }
            try await app.testing().test(.GET, "health") { res in #expect(res.status == .serviceUnavailable) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
