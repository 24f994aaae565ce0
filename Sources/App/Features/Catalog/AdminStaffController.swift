import Fluent
import Vapor

/// Admin API for staff: `GET/POST /admin/staff`, `GET/PATCH/DELETE /admin/staff/ID`,
/// `GET/PUT /admin/staff/ID/hours`, and the business's `GET/PUT /admin/opening-hours`.
struct AdminStaffController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = SiteURL.api(.admin(.staff)).pathComponents
        let member = SiteURL.api(.admin(.staffMember(.key))).pathComponents
        let hours = SiteURL.api(.admin(.staffHours(.key))).pathComponents
        let opening = SiteURL.api(.admin(.openingHours)).pathComponents
        routes.get(staff, use: list)
        routes.post(staff, use: create)
        routes.get(member, use: show)
        routes.patch(member, use: update)
        routes.delete(member, use: delete)
        routes.get(hours, use: self.hours)
        routes.put(hours, use: replaceHours)
        routes.get(opening, use: openingHours)
        routes.put(opening, use: replaceOpeningHours)
    }

    func list(req: Request) async throws -> [AdminStaffResponse] {
        let tenant = try req.tenantID
        let staff = try await Staff.query(on: req.db, tenant: tenant).sort(\.$name).all()
        let servicesByStaff = try await CatalogQueries.serviceIDsByStaff(on: req.db, tenant: tenant)
        return try staff.map { try AdminStaffResponse($0, services: servicesByStaff[try $0.requireID()] ?? []) }
    }

    func show(req: Request) async throws -> AdminStaffResponse {
        try await response(try await find(req), on: req.db, tenant: try req.tenantID)
    }

    func create(req: Request) async throws -> Response {
        let details = try req.decodeBody(StaffDetails.self)
        try details.validate(creating: true)
        let staff = try await req.scope.catalog.addStaff(details)
        return try await response(staff, on: req.db, tenant: req.tenantID).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> AdminStaffResponse {
        let staff = try await find(req)
        let details = try req.decodeBody(StaffDetails.self)
        try details.validate(creating: false)
        try await req.scope.catalog.changeStaff(staff, details)
        return try await response(staff, on: req.db, tenant: req.tenantID)
    }

    /// What deleting a staff member did.
    struct RemovalResponse: Content {
        /// `deleted`, or `archived` (inactive) when they have bookings, so history is kept.
        let outcome: CatalogRemoval.Outcome
        /// Their upcoming bookings, which stay booked until the business moves or cancels them.
        let affectedBookings: [AffectedBooking]
    }

    /// Deletes a staff member with no bookings; one with bookings is archived (inactive), and the
    /// answer lists their upcoming bookings.
    func delete(req: Request) async throws -> RemovalResponse {
        let (outcome, affected) = try await req.scope.catalog.removeStaff(try await find(req))
        return RemovalResponse(outcome: outcome, affectedBookings: affected)
    }

    func hours(req: Request) async throws -> WeeklyHoursPayload.JSON {
        let staff = try await find(req)
        return WeeklyHoursPayload.json(
            try await WeeklyHoursPayload.load(staffID: staff.requireID(), on: req.db, tenant: req.tenantID))
    }

    func replaceHours(req: Request) async throws -> WeeklyHoursPayload.JSON {
        let staff = try await find(req)
        let hours = try WeeklyHoursPayload.parse(try req.decodeBody(WeeklyHoursPayload.JSON.self))
        try await WeeklyHoursPayload.store(hours, staffID: staff.requireID(), on: req.db, tenant: req.tenantID)
        return WeeklyHoursPayload.json(hours)
    }

    /// Business opening hours; none at all means staff hours are not bounded.
    func openingHours(req: Request) async throws -> WeeklyHoursPayload.JSON {
        WeeklyHoursPayload.json(try await WeeklyHoursPayload.load(staffID: nil, on: req.db, tenant: req.tenantID))
    }

    func replaceOpeningHours(req: Request) async throws -> WeeklyHoursPayload.JSON {
        let hours = try WeeklyHoursPayload.parse(try req.decodeBody(WeeklyHoursPayload.JSON.self))
        try await WeeklyHoursPayload.store(hours, staffID: nil, on: req.db, tenant: req.tenantID)
        return WeeklyHoursPayload.json(hours)
    }

    private func find(_ req: Request) async throws -> Staff {
        try await req.scope.catalog.staffMember(req.parameters.get("id", as: UUID.self))
    }

    private func response(_ staff: Staff, on db: any Database, tenant: UUID) async throws -> AdminStaffResponse {
        let staffID = try staff.requireID()
        let services = try await StaffService.query(on: db, tenant: tenant).filter(\.$staffID == staffID).all().map(\.serviceID)
        return try AdminStaffResponse(staff, services: services)
    }
}
