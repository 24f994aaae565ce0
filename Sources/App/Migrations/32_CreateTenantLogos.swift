import Fluent

/// `tenant_logos`: a business's uploaded logo, kept in the database so every app server serves it
/// (issue 23). `tenants.logo_url` then names the current one's file ("<hash>.png").
struct CreateTenantLogos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(TenantLogo.schema)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "tenant_id", "file_name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TenantLogo.schema).delete()
    }
}
