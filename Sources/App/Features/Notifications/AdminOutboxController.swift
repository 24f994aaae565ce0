import Fluent
import Vapor

/// `GET /api/v1/admin/outbox?status=&page=`: the tenant's messages, newest first (`status=dead`
/// lists those that gave up); `POST /api/v1/admin/outbox/ID/retry` queues a dead message again.
struct AdminOutboxController: RouteCollection {
    struct Item: Content {
        let id: UUID
        let kind: NotificationKind
        let channel: NotificationChannel
        let status: OutboxStatus
        let attempts: Int
        let dueAt: Date
        let sentAt: Date?
        let lastError: String?
        let booking: UUID?
        let enrollment: UUID?
        let createdAt: Date

        init(_ row: OutboxMessage) throws {
            id = try row.requireID()
            kind = row.kind
            channel = row.channel
            status = row.status
            attempts = row.attempts
            dueAt = row.dueAt
            sentAt = row.sentAt
            lastError = row.lastError
            booking = row.bookingID
            enrollment = row.enrollmentID
            createdAt = row.createdAt
        }
    }

    struct Page: Content {
        let items: [Item]
        let total: Int
        let page: Int
        let perPage: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.admin(.outbox)).pathComponents, use: list)
        routes.post(SiteURL.api(.admin(.outboxRetry(.key))).pathComponents, use: retry)
    }

    func list(req: Request) async throws -> Page {
        var query = OutboxMessage.query(on: req.db, tenant: try req.tenantID)
        var problems = FieldProblems()
        if let raw = QueryParameters(req)["status"] {
            if let status = OutboxStatus(rawValue: raw) {
                query = query.filter(\.$status == status)
            } else {
                problems.add("status", "must be one of \(OutboxStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let pagination = Pagination.read(req, into: &problems)
        try problems.throwIfAny()
        let total = try await query.copy().count()
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id).range(pagination.rows).all()
        return Page(items: try rows.map(Item.init), total: total, page: pagination.page, perPage: Pagination.perPage)
    }

    /// A dead message goes back to the queue with fresh attempts, due now.
    func retry(req: Request) async throws -> Item {
        do {
            let row = try await OutboxRetry.requeue(
                req.parameters.get("id", as: UUID.self), tenant: req.tenantID, now: req.scope.now, on: req.db)
            return try Item(row)
        } catch let refusal as OutboxRetry.Refusal {
            switch refusal {
            case .notFound: throw APIError.notFound(refusal.message)
            case .notDead: throw APIError.conflict(refusal.message)
            }
        }
    }
}
