import Fluent
import Foundation

struct CreateCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Customer.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string)
            .field("created_at", .datetime)
            .unique(on: "tenant_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Customer.schema).delete() }
}
