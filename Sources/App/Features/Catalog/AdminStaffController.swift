import Fluent
import Vapor

/// Admin API for staff: `GET/POST /admin/staff`, `GET/PATCH/DELETE /admin/staff/ID`,
/// `GET/PUT /admin/staff/ID/hours`, and the business's `GET/PUT /admin/opening-hours`.
struct AdminStaffController: RouteCollection {
    /// Body of POST (name required) and PATCH (every field optional).
    struct StaffInput: Content {
        var name: String?
        var email: String?
        var services: [UUID]?
        var active: Bool?

        func validate(creating: Bool) throws {
            var problems = FieldProblems()
            if creating || name != nil { problems.requireText(name, "name", max: 120) }
            if let email, !email.isEmpty, !Formats.isEmail(email) { problems.add("email", "is not a valid email address") }
            if let services, services.count > 200 { problems.add("services", "must list at most 200 ids") }
            try problems.throwIfAny()
        }

        func apply(to staff: Staff) {
            if let name { staff.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let email { staff.email = email.isEmpty ? nil : email.lowercased() }
            if let active { staff.active = active }
        }
    }

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
        let tenant = try req.tenantID
        let input = try req.decodeBody(StaffInput.self)
        try input.validate(creating: true)
        try await CatalogQueries.requireExisting(
            Service.self, ids: input.services ?? [], field: "services", on: req.db, tenant: tenant)
        let staff = Staff(tenantID: tenant, name: "")
        input.apply(to: staff)
        try await req.db.transaction { db in
            try await staff.create(on: db)
            try await CatalogQueries.replaceLinks(staffID: staff.requireID(), with: input.services ?? [], on: db, tenant: tenant)
        }
        return try await response(staff, on: req.db, tenant: tenant).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> AdminStaffResponse {
        let tenant = try req.tenantID
        let staff = try await find(req)
        let input = try req.decodeBody(StaffInput.self)
        try input.validate(creating: false)
        try await CatalogQueries.requireExisting(
            Service.self, ids: input.services ?? [], field: "services", on: req.db, tenant: tenant)
        input.apply(to: staff)
        try await req.db.transaction { db in
            try await staff.update(on: db)
            if let services = input.services {
                try await CatalogQueries.replaceLinks(staffID: staff.requireID(), with: services, on: db, tenant: tenant)
            }
        }
        return try await response(staff, on: req.db, tenant: tenant)
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
        let tenant = try req.tenant
        let staff = try await find(req)
        let staffID = try staff.requireID()
        let outcome = try await CatalogRemoval.remove(staff, on: req.db, tenant: tenant.id)
        guard outcome == .archived else { return RemovalResponse(outcome: outcome, affectedBookings: []) }
        let affected = try await AffectedBookings.with(
            staff: staffID, tenant: tenant.id, zone: tenant.timeZone, now: req.scope.now, on: req.db)
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
        guard let staff = try await Staff.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw CatalogError.staffNotFound }
        return staff
    }

    private func response(_ staff: Staff, on db: any Database, tenant: UUID) async throws -> AdminStaffResponse {
        let staffID = try staff.requireID()
        let services = try await StaffService.query(on: db, tenant: tenant).filter(\.$staffID == staffID).all().map(\.serviceID)
        return try AdminStaffResponse(staff, services: services)
    }
}
