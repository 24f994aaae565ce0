import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

/// Every unique and exclusion constraint of a tenant-owned table includes `tenant_id`, so the tables
/// can be distributed by tenant (Citus) or a tenant's rows moved to another cluster. Read from the
/// live PostgreSQL catalog (SQLite has no such future).
@Suite("Constraints include tenant_id")
struct TenantKeyConstraintTests {
    /// Global lookups that must stay unique across tenants, with the reason.
    static let globalLookups: [String: String] = [
        "api_keys(prefix)": "a presented key is found by its public prefix before its tenant is known",
    ]

    @Test func uniqueAndExclusionConstraintsOfTenantOwnedTablesIncludeTenantID() async throws {
        try await withTestApp { app in
            guard app.db.isPostgres, let sql = app.db as? any SQLDatabase else { return }
            struct Row: Decodable {
                let table_name: String
                let index_name: String
                let columns: String
                let is_primary: Bool
            }
            // Unique indexes (UNIQUE constraints and CREATE UNIQUE INDEX) and exclusion constraints'
            // indexes, with their columns, for tables of the current schema that have tenant_id.
            let rows = try await sql.raw(
                """
                SELECT t.relname AS table_name, i.relname AS index_name, x.indisprimary AS is_primary,
                       string_agg(a.attname, ',' ORDER BY a.attnum) AS columns
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
                LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey)
                WHERE (x.indisunique OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'x'))
                  AND EXISTS (SELECT 1 FROM pg_attribute ta WHERE ta.attrelid = t.oid AND ta.attname = 'tenant_id')
                GROUP BY t.relname, i.relname, x.indisprimary
                """
            ).all(decoding: Row.self)
            let checked = rows.filter { !$0.is_primary }
            #expect(checked.count >= 5, "the catalog query found too few constraints: \(checked.map(\.index_name))")
            #expect(checked.contains { $0.index_name == "bookings_no_overlap" })
            for row in checked {
                let columns = row.columns.split(separator: ",").map(String.init)
                let name = "\(row.table_name)(\(columns.joined(separator: ",")))"
                if Self.globalLookups[name] != nil { continue }
                #expect(columns.contains("tenant_id"), "\(row.index_name) on \(name) lacks tenant_id")
            }
        }
    }
}
