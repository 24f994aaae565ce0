import Fluent
import SQLKit
import Vapor

struct CreateIdempotencyRecord: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(IdempotencyRecord.schema)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("response_status", .int)
            .field("response_body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "tenant_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(IdempotencyRecord.schema).delete() }
}
