import Fluent
import Scheduling
import Vapor

/// Admin API for services: `GET/POST /admin/services`, `GET/PATCH/DELETE /admin/services/ID`.
struct AdminServicesController: RouteCollection {
    /// Body of POST (name and durationMinutes required) and PATCH (every field optional).
    struct ServiceInput: Content {
        var name: String?
        var description: String?
        var durationMinutes: Int?
        var priceCents: Int?
        var currency: String?
        var bufferBeforeMinutes: Int?
        var bufferAfterMinutes: Int?
        var slotIntervalMinutes: Int?
        var minNoticeMinutes: Int?
        var maxAdvanceDays: Int?
        var staff: [UUID]?
        var active: Bool?

        func validate(creating: Bool) throws {
            var problems = FieldProblems()
            if creating || name != nil { problems.requireText(name, "name", max: 120) }
            if creating && durationMinutes == nil { problems.add("durationMinutes", "is required") }
            problems.requireText(description, "description", max: 2000, required: false, multiline: true)
            problems.requireRange(durationMinutes, "durationMinutes", ServiceTiming.durationRange)
            problems.requireRange(priceCents, "priceCents", 0...10_000_000)
            problems.requireRange(bufferBeforeMinutes, "bufferBeforeMinutes", ServiceTiming.bufferRange)
            problems.requireRange(bufferAfterMinutes, "bufferAfterMinutes", ServiceTiming.bufferRange)
            problems.requireRange(slotIntervalMinutes, "slotIntervalMinutes", BookingPolicy.slotIntervalRange)
            problems.requireRange(minNoticeMinutes, "minNoticeMinutes", BookingPolicy.minNoticeRange)
            problems.requireRange(maxAdvanceDays, "maxAdvanceDays", BookingPolicy.maxAdvanceRange)
            if let currency, !Formats.isCurrency(currency) { problems.add("currency", "must be a 3-letter code such as GBP") }
            if let staff, staff.count > 200 { problems.add("staff", "must list at most 200 ids") }
            try problems.throwIfAny()
        }

        func apply(to service: Service) {
            if let name { service.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let description { service.description = description }
            if let durationMinutes { service.durationMinutes = durationMinutes }
            if let priceCents { service.priceCents = priceCents }
            if let currency { service.currency = currency }
            if let bufferBeforeMinutes { service.bufferBeforeMinutes = bufferBeforeMinutes }
            if let bufferAfterMinutes { service.bufferAfterMinutes = bufferAfterMinutes }
            if let slotIntervalMinutes { service.slotIntervalMinutes = slotIntervalMinutes }
            if let minNoticeMinutes { service.minNoticeMinutes = minNoticeMinutes }
            if let maxAdvanceDays { service.maxAdvanceDays = maxAdvanceDays }
            if let active { service.active = active }
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let services = SiteURL.api(.admin(.services)).pathComponents
        let service = SiteURL.api(.admin(.service(.key))).pathComponents
        routes.get(services, use: list)
        routes.post(services, use: create)
        routes.get(service, use: show)
        routes.patch(service, use: update)
        routes.delete(service, use: delete)
    }

    func list(req: Request) async throws -> [AdminServiceResponse] {
        let tenant = try req.tenantID
        let services = try await Service.query(on: req.db, tenant: tenant).sort(\.$name).all()
        let staffByService = try await CatalogQueries.staffIDsByService(on: req.db, tenant: tenant)
        return try services.map { try AdminServiceResponse($0, staff: staffByService[try $0.requireID()] ?? []) }
    }

    func show(req: Request) async throws -> AdminServiceResponse {
        let tenant = try req.tenantID
        let service = try await find(req)
        return try await response(service, on: req.db, tenant: tenant)
    }

    func create(req: Request) async throws -> Response {
        let tenant = try req.tenantID
        let input = try req.decodeBody(ServiceInput.self)
        try input.validate(creating: true)
        try await CatalogQueries.requireExisting(Staff.self, ids: input.staff ?? [], field: "staff", on: req.db, tenant: tenant)
        let service = Service(tenantID: tenant, name: "", durationMinutes: 0, priceCents: 0)
        input.apply(to: service)
        try await req.db.transaction { db in
            try await service.create(on: db)
            try await CatalogQueries.replaceLinks(serviceID: service.requireID(), with: input.staff ?? [], on: db, tenant: tenant)
        }
        return try await response(service, on: req.db, tenant: tenant).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> AdminServiceResponse {
        let tenant = try req.tenantID
        let service = try await find(req)
        let input = try req.decodeBody(ServiceInput.self)
        try input.validate(creating: false)
        try await CatalogQueries.requireExisting(Staff.self, ids: input.staff ?? [], field: "staff", on: req.db, tenant: tenant)
        input.apply(to: service)
        try await req.db.transaction { db in
            try await service.update(on: db)
            if let staff = input.staff {
                try await CatalogQueries.replaceLinks(serviceID: service.requireID(), with: staff, on: db, tenant: tenant)
            }
        }
        return try await response(service, on: req.db, tenant: tenant)
    }

    /// Deletes a service nobody has booked; a booked service is archived (inactive) to keep history.
    func delete(req: Request) async throws -> HTTPStatus {
        _ = try await CatalogRemoval.remove(try await find(req), on: req.db, tenant: try req.tenantID)
        return .noContent
    }

    private func find(_ req: Request) async throws -> Service {
        guard let service = try await Service.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw CatalogError.serviceNotFound }
        return service
    }

    private func response(_ service: Service, on db: any Database, tenant: UUID) async throws -> AdminServiceResponse {
        let serviceID = try service.requireID()
        let staff = try await StaffService.query(on: db, tenant: tenant).filter(\.$serviceID == serviceID).all().map(\.staffID)
        return try AdminServiceResponse(service, staff: staff)
    }
}
