import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// `GET /metrics`: Prometheus text format, only with `Authorization: Bearer <METRICS_TOKEN>` (404
/// when no token is configured, 401 for a wrong one). The outbox gauges are read from the database
/// at each scrape, so every instance reports the same, current figures.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.instance(.metrics).pathComponents, use: metrics)
    }

    func metrics(req: Request) async throws -> Response {
        guard let token = req.application.config.metricsToken else {
            throw APIError.notFound("Metrics are off: set METRICS_TOKEN.")
        }
        guard let presented = req.headers.bearerAuthorization?.token,
            Secrets.constantTimeEquals(Array(Secrets.sha256Hex(presented).utf8), Array(Secrets.sha256Hex(token).utf8))
        else { throw APIError.unauthorized("Send the metrics token as 'Authorization: Bearer <METRICS_TOKEN>'.") }
        try await Self.updateOutboxGauges(on: req.db, now: req.application.clock.now())
        AppMetrics.registry.makeGauge(descriptor: Self.poolWait).set(await DatabasePoolProbe.longestWait(app: req.application))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: AppMetrics.registry.emitToBuffer())))
    }

    static var outboxMessages: MetricNameDescriptor {
        .init(
            metricName: "booking_outbox", unitName: "messages",
            helpText: "Outbox messages by status, read from the database at each scrape.")
    }
    static var oldestDue: MetricNameDescriptor {
        .init(
            metricName: "booking_outbox_oldest_due", unitName: "seconds",
            helpText: "How long the oldest due pending message has waited (the worker's lag).")
    }
    static var poolWait: MetricNameDescriptor {
        .init(
            metricName: "booking_db_pool_wait", unitName: "seconds",
            helpText:
                "The longest time one event loop's database pool took to lend a connection, probed at this scrape (at most 2).")
    }

    /// Messages by status, and how long the oldest due message has waited (the worker's lag).
    static func updateOutboxGauges(on db: any Database, now: Date) async throws {
        struct Row: Decodable {
            let status: String
            let count: Int
        }
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.raw("SELECT status, COUNT(*) AS count FROM outbox_messages GROUP BY status").all(
            decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.status, $0.count) })
        for status in OutboxStatus.allCases {
            AppMetrics.registry.makeGauge(descriptor: outboxMessages, labels: [("status", status.rawValue)])
                .set(Double(counts[status.rawValue] ?? 0))
        }
        let oldest = try await OutboxMessage.query(on: db).filter(\.$status == .pending).filter(\.$dueAt <= now).sort(\.$dueAt)
            .first()
        AppMetrics.registry.makeGauge(descriptor: oldestDue)
            .set(oldest.map { max(0, now.timeIntervalSince($0.dueAt)) } ?? 0)
    }
}
