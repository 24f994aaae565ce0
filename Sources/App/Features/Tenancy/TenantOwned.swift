import Fluent
import Foundation

/// A model that belongs to one tenant. Queries on it start from `query(on:tenant:)`, which always
/// filters by tenant, so no route can read or change another tenant's rows by forgetting to.
protocol TenantOwned: Model where IDValue == UUID {
    static var tenantField: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension TenantOwned {
    /// All rows of this tenant.
    static func query(on database: any Database, tenant: UUID) -> QueryBuilder<Self> {
        query(on: database).filter(tenantField == tenant)
    }

    /// One row of this tenant, or `nil` (also when the id belongs to another tenant).
    static func find(_ id: UUID?, on database: any Database, tenant: UUID) async throws -> Self? {
        guard let id else { return nil }
        return try await query(on: database, tenant: tenant).filter(\._$id == id).first()
    }
}
