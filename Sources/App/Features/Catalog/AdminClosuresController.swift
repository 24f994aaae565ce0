import Fluent
import Scheduling
import Vapor

/// Admin API for time off: `GET/POST /admin/closures`, `DELETE /admin/closures/ID`.
/// Times are the tenant's local wall time, e.g. `{"startsAt": "2026-12-24T00:00", "endsAt": "2026-12-27T00:00"}`.
struct AdminClosuresController: RouteCollection {
    struct ClosureResponse: Content {
        let id: UUID
        let staff: UUID?
        let startsAt: String
        let endsAt: String
        let startsAtUtc: Date
        let endsAtUtc: Date
        let reason: String
        /// Only when the closure is created: the upcoming bookings it lies over, which stay booked
        /// until the business moves or cancels them.
        let affectedBookings: [AffectedBooking]?

        init(_ closure: Closure, affectedBookings: [AffectedBooking]? = nil) throws {
            id = try closure.requireID()
            staff = closure.staffID
            startsAt = closure.startsLocal
            endsAt = closure.endsLocal
            startsAtUtc = closure.startsAt
            endsAtUtc = closure.endsAt
            reason = closure.reason
            self.affectedBookings = affectedBookings
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.admin(.closures)).pathComponents, use: list)
        routes.post(SiteURL.api(.admin(.closures)).pathComponents, use: create)
        routes.delete(SiteURL.api(.admin(.closure(.key))).pathComponents, use: delete)
    }

    func list(req: Request) async throws -> [ClosureResponse] {
        try await Closure.query(on: req.db, tenant: req.tenantID).sort(\.$startsAt).all().map { try ClosureResponse($0) }
    }

    func create(req: Request) async throws -> Response {
        let tenant = try req.tenant
        let command = try req.decodeBody(ClosureInput.self).command(zone: tenant.timeZone, now: try req.scope.now)
        let (closure, affected) = try await ClosureService.create(command, tenant: tenant, now: try req.scope.now, on: req.db)
        return try await ClosureResponse(closure, affectedBookings: affected).encodeResponse(status: .created, for: req)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        try await ClosureService.delete(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        return .noContent
    }
}
