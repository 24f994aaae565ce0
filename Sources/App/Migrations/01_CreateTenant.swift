import Fluent

struct CreateTenant: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Tenant.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("timezone", .string, .required)
            .field("brand_colour", .string, .required)
            .field("logo_url", .string)
            .field("contact_email", .string, .required)
            .field("feature_email", .bool, .required)
            .field("feature_sms", .bool, .required)
            .field("feature_waitlist", .bool, .required)
            .field("slot_interval_minutes", .int, .required)
            .field("min_notice_minutes", .int, .required)
            .field("max_advance_days", .int, .required)
            .field("cancellation_cutoff_hours", .int, .required)
            .field("auto_confirm", .bool, .required)
            .field("catalog_version", .int, .required, .sql(.default(0)))
            .field("created_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Tenant.schema).delete()
    }
}
