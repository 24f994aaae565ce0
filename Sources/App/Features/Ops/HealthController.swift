import Fluent
import SQLKit
import Vapor

/// `GET /health`: 200 when the database answers, 503 when it does not. Needs no tenant.
struct HealthController: RouteCollection {
    struct HealthResponse: Content {
        let status: String
        let database: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
    }

    func health(req: Request) async throws -> Response {
        let healthy: Bool
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await withTimeout(seconds: 3) { try await sql.raw("SELECT 1").run() }
            healthy = true
        } catch {
            req.logger.warning("health check: database unavailable: \(String(reflecting: error))")
            healthy = false
        }
        let body = healthy
            ? HealthResponse(status: "ok", database: "ok")
            : HealthResponse(status: "unavailable", database: "unavailable")
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(body, as: .json)
        return response
    }
}

struct TimeoutError: Error {}

/// Runs `operation`, giving up after `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw TimeoutError()
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}
