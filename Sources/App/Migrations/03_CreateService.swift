import Fluent

struct CreateService: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Service.schema)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("price_cents", .int, .required)
            .field("currency", .string, .required)
            .field("buffer_before_minutes", .int, .required)
            .field("buffer_after_minutes", .int, .required)
            .field("slot_interval_minutes", .int)
            .field("min_notice_minutes", .int)
            .field("max_advance_days", .int)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex(on: Service.schema, "tenant_id")
    }

    func revert(on database: any Database) async throws { try await database.schema(Service.schema).delete() }
}
