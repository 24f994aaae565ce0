import Vapor

/// Public catalog: `GET /api/v1/services` and `GET /api/v1/staff` (active only, public fields),
/// answered from the tenant's catalog snapshot (`CatalogCache`).
struct CatalogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.services).pathComponents, use: services)
        routes.get(SiteURL.api(.staff).pathComponents, use: staff)
    }

    /// Active services by name, each with the active staff who perform it (by id). From the
    /// tenant's catalog snapshot, as the pages are: no query and no model once it is kept.
    func services(req: Request) async throws -> [ServiceResponse] {
        let catalog = try await req.scope.catalogSnapshot()
        return catalog.servicesByName.compactMap { id in
            guard let service = catalog.services[id], service.active else { return nil }
            return ServiceResponse(
                id: id, service, staff: (catalog.performers[id] ?? []).sorted { $0.uuidString < $1.uuidString })
        }
    }

    /// Active staff by name, each with the active services they perform (by id).
    func staff(req: Request) async throws -> [StaffResponse] {
        let catalog = try await req.scope.catalogSnapshot()
        return catalog.activeStaffByName.map { id in
            StaffResponse(
                id: id, name: catalog.staffNames[id] ?? "",
                services: (catalog.performedServices[id] ?? []).sorted { $0.uuidString < $1.uuidString })
        }
    }
}
