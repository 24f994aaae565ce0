import Fluent
import Foundation

/// `account_links`: one-time links for a password reset or a staff invitation (issue 22), valid for
/// 60 minutes and once; only a SHA-256 of each link's token is stored.
struct CreateAccountLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(AccountLink.schema)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "tenant_id", "token_hash")
            .create()
        try await database.createIndex(on: AccountLink.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountLink.schema).delete()
    }
}
