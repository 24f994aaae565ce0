import Fluent
import Scheduling
import Vapor

/// Admin API for time off: `GET/POST /admin/closures`, `DELETE /admin/closures/ID`.
/// Times are the tenant's local wall time, e.g. `{"startsAt": "2026-12-24T00:00", "endsAt": "2026-12-27T00:00"}`.
struct AdminClosuresController: RouteCollection {
    struct ClosureInput: Content {
        var staff: UUID?
        var startsAt: String
        var endsAt: String
        var reason: String?
    }

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
        let closures = routes.grouped("closures")
        closures.get(use: list)
        closures.post(use: create)
        closures.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> [ClosureResponse] {
        try await Closure.query(on: req.db, tenant: req.tenantID).sort(\.$startsAt).all().map { try ClosureResponse($0) }
    }

    func create(req: Request) async throws -> Response {
        let tenant = try req.tenant
        let tenantID = tenant.id
        let input = try req.decodeBody(ClosureInput.self)
        var problems = FieldProblems()
        let start = LocalDateTime(iso: input.startsAt)
        let end = LocalDateTime(iso: input.endsAt)
        if start == nil { problems.add("startsAt", "must be a local date and time like 2026-12-24T09:00") }
        if end == nil { problems.add("endsAt", "must be a local date and time like 2026-12-27T00:00") }
        if let start, let end {
            if end <= start { problems.add("endsAt", "must be after startsAt") }
            if start.date.days(until: end.date) > 366 { problems.add("endsAt", "must be within 366 days of startsAt") }
            // A closure may have begun already (time off that is under way), but not ended; neither
            // end may lie beyond the planning window.
            let now = req.clock.now()
            PlanningWindow.check(start, "startsAt", zone: tenant.timeZone, now: now, mustBeFuture: false, into: &problems)
            PlanningWindow.check(end, "endsAt", zone: tenant.timeZone, now: now, into: &problems)
        }
        problems.requireText(input.reason, "reason", max: 200, required: false)
        try problems.throwIfAny()
        if let staff = input.staff {
            try await CatalogQueries.requireExisting(Staff.self, ids: [staff], field: "staff", on: req.db, tenant: tenantID)
        }
        let closure = ClosureRules.make(
            tenantID: tenantID, staffID: input.staff, from: start!, to: end!, zone: tenant.timeZone,
            reason: input.reason ?? "")
        try await closure.create(on: req.db)
        let affected = try await AffectedBookings.overlapping(closure, zone: tenant.timeZone, now: req.clock.now(), on: req.db)
        return try await ClosureResponse(closure, affectedBookings: affected).encodeResponse(status: .created, for: req)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        guard let closure = try await Closure.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw APIError.notFound("No closure with that id.") }
        try await closure.delete(on: req.db)
        return .noContent
    }
}

/// How closures turn wall time into instants, shared by the API, the seed and time-zone changes.
enum ClosureRules {
    static func make(
        tenantID: UUID, staffID: UUID?, from: LocalDateTime, to: LocalDateTime, zone: TimeZone, reason: String
    ) -> Closure {
        Closure(
            tenantID: tenantID, staffID: staffID, startsAt: from.instant(in: zone), endsAt: to.instant(in: zone),
            startsLocal: from.description, endsLocal: to.description, reason: reason)
    }

    /// Recomputes every closure's instants from its wall time, after the tenant's zone changed.
    static func reanchor(tenantID: UUID, zone: TimeZone, on db: any Database) async throws {
        for closure in try await Closure.query(on: db, tenant: tenantID).all() {
            guard let from = LocalDateTime(iso: closure.startsLocal), let to = LocalDateTime(iso: closure.endsLocal) else {
                continue
            }
            closure.startsAt = from.instant(in: zone)
            closure.endsAt = to.instant(in: zone)
            try await closure.update(on: db)
        }
    }
}
