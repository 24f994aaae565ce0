import Fluent

struct CreateService: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Service.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
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

struct CreateStaff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Staff.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex(on: Staff.schema, "tenant_id")
        try await database.schema(StaffService.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
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

struct CreateClosure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Closure.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
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
