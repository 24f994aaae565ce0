import Fluent
import Scheduling
import Vapor

/// Admin API for services: `GET/POST /admin/services`, `GET/PATCH/DELETE /admin/services/ID`.
struct AdminServicesController: RouteCollection {
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
        try await response(
            try await req.scope.catalog.service(req.parameters.get("id", as: UUID.self)), on: req.db, tenant: req.tenantID)
    }

    func create(req: Request) async throws -> Response {
        let details = try req.decodeBody(ServiceDetails.self)
        try details.validate(creating: true)
        let service = try await req.scope.catalog.addService(details)
        return try await response(service, on: req.db, tenant: req.tenantID).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> AdminServiceResponse {
        let catalog = try req.scope.catalog
        let service = try await catalog.service(req.parameters.get("id", as: UUID.self))
        let details = try req.decodeBody(ServiceDetails.self)
        try details.validate(creating: false)
        try await catalog.changeService(service, details)
        return try await response(service, on: req.db, tenant: req.tenantID)
    }

    /// Deletes a service nobody has booked; a booked service is archived (inactive) to keep history.
    func delete(req: Request) async throws -> HTTPStatus {
        let catalog = try req.scope.catalog
        _ = try await catalog.removeService(try await catalog.service(req.parameters.get("id", as: UUID.self)))
        return .noContent
    }

    private func response(_ service: Service, on db: any Database, tenant: UUID) async throws -> AdminServiceResponse {
        let serviceID = try service.requireID()
        let staff = try await StaffService.query(on: db, tenant: tenant).filter(\.$serviceID == serviceID).all().map(\.staffID)
        return try AdminServiceResponse(service, staff: staff)
    }
}
