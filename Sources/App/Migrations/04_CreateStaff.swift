import Fluent

struct CreateStaff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Staff.schema)
            .field("name", .string, .required)
            .field("email", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex(on: Staff.schema, "tenant_id")
        try await database.tenantOwnedTable(StaffService.schema)
            .field("staff_id", .uuid, .required, .references(Staff.schema, "id", onDelete: .cascade))
            .field("service_id", .uuid, .required, .references(Service.schema, "id", onDelete: .cascade))
            .unique(on: "tenant_id", "staff_id", "service_id")
            .create()
        try await database.createIndex(on: StaffService.schema, "tenant_id", "service_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffService.schema).delete()
        try await database.schema(Staff.schema).delete()
    }
}
