import Foundation
import Fluent
import SQLKit

/// Adds the columns of `TenantProfile` to `tenants`.
struct AddTenantProfile: AsyncMigration {
    static let columns = ["address", "phone", "privacy_notice", "terms"]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema(Tenant.schema).field(.string(column), .string, .required, .sql(.default(""))).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns { try await database.schema(Tenant.schema).deleteField(.string(column)).update() }
    }
}
