import Fluent
import Foundation

/// `portal_sessions`: who is signed in to a tenant's portal (issue 22). Kept in the database so every
/// app server shares them; only a SHA-256 of each session's token is stored.
struct CreatePortalSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(PortalSession.schema)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            // With tenant_id first, as every unique key of a tenant's table (TenantKeyConstraintTests):
            // a request's tenant is known before its session is looked up.
            .unique(on: "tenant_id", "token_hash")
            .create()
        try await database.createIndex(on: PortalSession.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PortalSession.schema).delete()
    }
}
