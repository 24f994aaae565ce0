import Fluent
import Foundation

/// Creates `clients` (the type keeps the name it landed with: Fluent records migrations by name).
struct CreateCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Client.schema)
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string)
            .field("created_at", .datetime)
            .unique(on: "tenant_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Client.schema).delete() }
}
