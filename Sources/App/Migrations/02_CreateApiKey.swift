import Fluent
import Foundation

struct CreateApiKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(ApiKey.schema)
            .field("name", .string, .required)
            .field("prefix", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "prefix")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApiKey.schema).delete()
    }
}
