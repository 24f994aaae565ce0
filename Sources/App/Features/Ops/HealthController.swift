import Fluent
import SQLKit
import Vapor

/// `GET /health` (cheap: the database answers `SELECT 1`) and `GET /health/ready` (adds how far the
/// outbox worker is behind). 200 when the database answers, 503 when it does not. Need no tenant.
struct HealthController: RouteCollection {
    struct HealthResponse: Content {
        let status: String
        let database: String
    }

    /// The outbox as the worker sees it: messages due now, and how long the oldest has waited.
    struct ReadyResponse: Content {
        struct Outbox: Content {
            let due: Int
            let oldestDueSeconds: Int
        }

        let status: String
        let database: String
        let outbox: Outbox?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.instance(.health).pathComponents, use: health)
        routes.get(SiteURL.instance(.healthReady).pathComponents, use: ready)
    }

    func health(req: Request) async throws -> Response {
        let healthy = await databaseAnswers(req)
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(
            HealthResponse(status: healthy ? "ok" : "unavailable", database: healthy ? "ok" : "unavailable"), as: .json)
        return response
    }

    func ready(req: Request) async throws -> Response {
        guard await databaseAnswers(req), let outbox = try? await withTimeout(seconds: 3, { try await Self.outboxLag(req) })
        else {
            let response = Response(status: .serviceUnavailable)
            try response.content.encode(ReadyResponse(status: "unavailable", database: "unavailable", outbox: nil), as: .json)
            return response
        }
        let response = Response(status: .ok)
        try response.content.encode(ReadyResponse(status: "ok", database: "ok", outbox: outbox), as: .json)
        return response
    }

    private func databaseAnswers(_ req: Request) async -> Bool {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await withTimeout(seconds: 3) { try await sql.raw("SELECT 1").run() }
            return true
        } catch {
            req.logger.warning("health check: database unavailable: \(String(reflecting: error))")
            return false
        }
    }

    /// Pending messages already due, and the age of the oldest (all tenants: the worker serves them all).
    private static func outboxLag(_ req: Request) async throws -> ReadyResponse.Outbox {
        let now = req.application.clock.now()
        let due = OutboxMessage.query(on: req.db).filter(\.$status == .pending).filter(\.$dueAt <= now)
        let count = try await due.count()
        let oldest = try await due.sort(\.$dueAt).first()?.dueAt
        return .init(due: count, oldestDueSeconds: oldest.map { max(0, Int(now.timeIntervalSince($0))) } ?? 0)
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
