import Fluent
import Foundation

/// Read-side queries on the catalog, shared by the public API, the admin API and availability.
enum CatalogQueries {
    /// staff id → service ids, for the given staff (or all staff of the tenant).
    static func serviceIDsByStaff(on db: any Database, tenant: UUID) async throws -> [UUID: [UUID]] {
        let links = try await StaffService.query(on: db, tenant: tenant).all()
        return Dictionary(grouping: links, by: \.staffID).mapValues { $0.map(\.serviceID) }
    }

    /// service id → staff ids.
    static func staffIDsByService(on db: any Database, tenant: UUID) async throws -> [UUID: [UUID]] {
        let links = try await StaffService.query(on: db, tenant: tenant).all()
        return Dictionary(grouping: links, by: \.serviceID).mapValues { $0.map(\.staffID) }
    }

    /// Replaces the set of services a staff member performs (or staff a service has).
    static func replaceLinks(
        staffID: UUID? = nil, serviceID: UUID? = nil, with others: [UUID], on db: any Database, tenant: UUID
    ) async throws {
        let existing = StaffService.query(on: db, tenant: tenant)
        if let staffID { try await existing.filter(\.$staffID == staffID).delete() }
        if let serviceID { try await existing.filter(\.$serviceID == serviceID).delete() }
        for other in Set(others) {
            let link = StaffService(
                tenantID: tenant, staffID: staffID ?? other, serviceID: serviceID ?? other)
            try await link.create(on: db)
        }
    }

    /// Fails (`CatalogError.unknownIDs`, a 422) unless every id is a staff member (or service) of the tenant.
    static func requireExisting<M: TenantOwned>(
        _ type: M.Type, ids: [UUID], field: String, on db: any Database, tenant: UUID
    ) async throws {
        let unique = Set(ids)
        guard !unique.isEmpty else { return }
        let found = try await M.query(on: db, tenant: tenant).filter(\._$id ~~ Array(unique)).count()
        if found != unique.count {
            throw CatalogError.unknownIDs(field: field)
        }
    }
}
