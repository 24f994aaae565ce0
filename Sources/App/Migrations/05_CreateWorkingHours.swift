import Fluent

struct CreateWorkingHours: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkingHours.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("staff_id", .uuid, .references(Staff.schema, "id", onDelete: .cascade))
            .field("weekday", .int, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .create()
        try await database.createIndex(on: WorkingHours.schema, "tenant_id", "staff_id")
    }

    func revert(on database: any Database) async throws { try await database.schema(WorkingHours.schema).delete() }
}
