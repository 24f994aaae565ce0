import Fluent
import Foundation
import SQLKit

/// SQLite: both reads are the portable SQL of `SQLDatabase.tenantContext(where:equals:)`.
struct SQLiteTenantRepository: TenantRepository {
    let db: any Database

    func find(slug: String) async throws -> TenantContext? {
        try await sql.tenantContext(where: "slug", equals: slug)
    }

    func find(id: UUID) async throws -> TenantContext? {
        try await sql.tenantContext(where: "id", equals: id)
    }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
            return sql
        }
    }
}
