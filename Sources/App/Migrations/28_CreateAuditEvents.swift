import Fluent

/// `audit_events`: the tenant's audit log (issue 22), read newest first, by person and by object.
struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(AuditEvent.schema)
            .field("at", .datetime, .required)
            .field("actor_kind", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .uuid)
            .field("fields", .string, .required)
            .field("via", .string, .required)
            .create()
        try await database.createIndex(on: AuditEvent.schema, "tenant_id", "at")
        try await database.createIndex(on: AuditEvent.schema, "tenant_id", "object_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
