import Fluent
import Foundation
import SQLKit

/// What a database holds, for backups: its tables, their row counts, the migrations applied.
enum DatabaseInventory {
    /// The app's tables in the connected database (PostgreSQL: the current schema), sorted.
    static func tables(on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { let name: String }
        let query: SQLQueryString =
            sql.dialect.name == "postgresql"
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return try await sql.raw(query).all(decoding: Row.self).map(\.name).sorted()
    }

    /// Rows per table.
    static func rowCounts(on sql: any SQLDatabase) async throws -> [String: Int] {
        struct Row: Decodable { let count: Int }
        var counts: [String: Int] = [:]
        for table in try await tables(on: sql) {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS count FROM \(ident: table)").first(decoding: Row.self)?.count ?? 0
        }
        return counts
    }

    /// Names of the migrations applied, in the order they ran; empty when none ever ran.
    static func appliedMigrations(on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { let name: String }
        guard try await tables(on: sql).contains("_fluent_migrations") else { return [] }
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all(decoding: Row.self).map(\.name)
    }

    /// Whether any table holds a row (an empty, freshly migrated database does not count).
    static func holdsData(on sql: any SQLDatabase) async throws -> Bool {
        try await rowCounts(on: sql).contains { $0.key != "_fluent_migrations" && $0.key != InstanceSecret.schema && $0.value > 0 }
    }

    /// The migrations this build knows, by the name Fluent records.
    static var knownMigrations: [String] { AppMigrations.all.map(\.name) }
}
