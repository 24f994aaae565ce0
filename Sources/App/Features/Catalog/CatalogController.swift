import Fluent
import Vapor

/// Public catalog: `GET /api/v1/services` and `GET /api/v1/staff` (active only, public fields).
struct CatalogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.services).pathComponents, use: services)
        routes.get(SiteURL.api(.staff).pathComponents, use: staff)
    }

    func services(req: Request) async throws -> [ServiceResponse] {
        let (tenant, db) = (try req.tenantID, try req.scope.db)
        let services = try await Service.query(on: db, tenant: tenant).filter(\.$active == true).sort(\.$name).all()
        let activeStaff = Set(try await Staff.query(on: db, tenant: tenant).filter(\.$active == true).all().compactMap(\.id))
        let staffByService = try await CatalogQueries.staffIDsByService(on: db, tenant: tenant)
        return try services.map { service in
            let staff = (staffByService[try service.requireID()] ?? []).filter(activeStaff.contains)
            return try ServiceResponse(service, staff: staff.sorted { $0.uuidString < $1.uuidString })
        }
    }

    func staff(req: Request) async throws -> [StaffResponse] {
        let (tenant, db) = (try req.tenantID, try req.scope.db)
        let staff = try await Staff.query(on: db, tenant: tenant).filter(\.$active == true).sort(\.$name).all()
        let activeServices = Set(
            try await Service.query(on: db, tenant: tenant).filter(\.$active == true).all().compactMap(\.id))
        let servicesByStaff = try await CatalogQueries.serviceIDsByStaff(on: db, tenant: tenant)
        return try staff.map { member in
            let services = (servicesByStaff[try member.requireID()] ?? []).filter(activeServices.contains)
            return try StaffResponse(member, services: services.sorted { $0.uuidString < $1.uuidString })
        }
    }
}
