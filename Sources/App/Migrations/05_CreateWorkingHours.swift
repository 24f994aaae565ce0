import Fluent

struct CreateWorkingHours: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(WorkingHours.schema)
            .field("staff_id", .uuid, .references(Staff.schema, "id", onDelete: .cascade))
            .field("weekday", .int, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .create()
        try await database.createIndex(on: WorkingHours.schema, "tenant_id", "staff_id")
    }

    func revert(on database: any Database) async throws { try await database.schema(WorkingHours.schema).delete() }
}
