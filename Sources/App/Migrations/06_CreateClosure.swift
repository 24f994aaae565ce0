import Fluent

struct CreateClosure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Closure.schema)
            .field("staff_id", .uuid, .references(Staff.schema, "id", onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("starts_local", .string, .required)
            .field("ends_local", .string, .required)
            .field("reason", .string, .required)
            .create()
        try await database.createIndex(on: Closure.schema, "tenant_id", "ends_at")
    }

    func revert(on database: any Database) async throws { try await database.schema(Closure.schema).delete() }
}
