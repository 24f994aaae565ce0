import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The table behind the per-address limit: a hash of the address (never the address) and when.
struct CreateMyBookingsRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(MyBookingsRequests.schema)
            .field("address_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: MyBookingsRequests.schema, "tenant_id", "address_hash", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MyBookingsRequests.schema).delete()
    }
}
