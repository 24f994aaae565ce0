import Fluent
import Foundation
import SQLKit

/// The read a key revocation counts under a lock, so two revocations at once never leave a tenant
/// without an active key.
protocol ApiKeyRepository: Sendable {
    /// The tenant's active keys, locked against a concurrent revocation until the write unit ends.
    func lockActiveKeyIDs(tenant: UUID) async throws -> [UUID]
}

/// Both databases' implementation, which differ only in how the rows are locked: PostgreSQL with
/// `FOR UPDATE` (`lockRows`); SQLite already holds the database's write lock (`BEGIN IMMEDIATE`).
struct SQLApiKeyRepository: ApiKeyRepository {
    let db: any Database
    let lockRows: Bool

    func lockActiveKeyIDs(tenant: UUID) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        struct Row: Decodable { let id: UUID }
        var active = sql.select().column("id").from(ApiKey.schema)
            .where("tenant_id", .equal, tenant).where("revoked_at", .is, SQLLiteral.null)
        if lockRows { active = active.for(.update) }
        return try await active.all(decoding: Row.self).map(\.id)
    }
}
