import Fluent
import SQLKit

/// PostgreSQL only: smaller statistics samples for the tables every booking writes (`bookings`,
/// `outbox_messages`, `clients`), so autovacuum's `ANALYZE` of them no longer stalls bookings.
///
/// `ANALYZE` samples 300 × the largest per-column statistics target rows (30,000 by default). On a
/// 2-core server taking 1,000 bookings a second, the automatic `ANALYZE` of a 100,000-row `bookings`
/// took 0.23 s of CPU and every booking waited for it: p50 76 ms and p99 145 ms in that second
/// (issue 25, `docs/benchmarks.md`). With a target of 20 (a 6,000-row sample) it takes about an
/// eighth of the time. The hot statements are prepared with generic plans, which use no per-value
/// statistics; the other queries are tenant-scoped index lookups, for which 20 histogram buckets and
/// 20 most-common values are plenty. Free text nobody filters on (notes, names, message details)
/// gets no statistics at all. The exclusion constraint's index has an expression column with statistics
/// of its own: it gets the same target (left alone, it kept the sample at 30,000 rows: 200 ms of
/// `ANALYZE` with every table column at 20, 40 ms with the index's too).
///
/// Every column present when the migration runs is set; a column added later starts at the server's
/// default of 100 and brings the large sample back, which `StatisticsTargetTests` catches.
struct LimitStatisticsOfBusyTables: AsyncMigration {
    static let target = 20
    /// The tables, each with the columns never used in a filter, join or sort (no statistics).
    static let tables: [(name: String, unfiltered: Set<String>)] = [
        ("bookings", ["notes", "contact_name", "contact_phone", "contact_sms_opt_in", "updated_at"]),
        ("outbox_messages", ["details", "last_error", "updated_at"]),
        ("clients", ["name", "phone", "sms_opt_in"]),
    ]

    func prepare(on database: any Database) async throws {
        try await setTargets(on: database, reverting: false)
    }

    func revert(on database: any Database) async throws {
        try await setTargets(on: database, reverting: true)
    }

    /// Sets every column's target (or, reverting, the server's default: -1).
    private func setTargets(on database: any Database, reverting: Bool) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        for table in Self.tables {
            let columns = try await Self.columns(of: table.name, on: sql)
            for column in columns {
                let target = reverting ? -1 : table.unfiltered.contains(column) ? 0 : Self.target
                try await sql.raw(
                    "ALTER TABLE \(ident: table.name) ALTER COLUMN \(ident: column) SET STATISTICS \(unsafeRaw: String(target))"
                ).run()
            }
            // An index on an expression (the exclusion constraint's `tstzrange(blocked_from, blocked_until)`)
            // has statistics of its own, and their target counts towards the sample size too.
            for expression in try await Self.indexExpressions(of: table.name, on: sql) {
                let target = reverting ? -1 : Self.target
                try await sql.raw(
                    "ALTER INDEX \(ident: expression.index) ALTER COLUMN \(unsafeRaw: String(expression.column)) SET STATISTICS \(unsafeRaw: String(target))"
                ).run()
            }
        }
    }

    /// The expression columns of the table's indexes: the index's name and the column's position in it.
    static func indexExpressions(of table: String, on sql: any SQLDatabase) async throws -> [(index: String, column: Int)] {
        try await sql.raw(
            """
            SELECT c.relname AS index, a.attnum::int AS position
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = i.indexrelid
            WHERE i.indrelid = to_regclass(\(bind: table)) AND a.attnum > 0 AND i.indkey[a.attnum - 1] = 0
            ORDER BY 1, 2
            """
        ).all().map { (try $0.decode(column: "index", as: String.self), try $0.decode(column: "position", as: Int.self)) }
    }

    /// The table's columns, found through the search path as the app's own queries find it.
    static func columns(of table: String, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw(
            """
            SELECT attname FROM pg_attribute
            WHERE attrelid = to_regclass(\(bind: table)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """
        ).all().map { try $0.decode(column: "attname", as: String.self) }
    }
}
