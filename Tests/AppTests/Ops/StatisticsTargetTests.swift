import Fluent
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Migration 23 keeps autovacuum's `ANALYZE` of the busiest tables small (issue 25). A column added
/// to them later starts at PostgreSQL's default target (100) and brings the large sample back: this
/// test fails until the new column gets a target too (a migration like 23).
@Suite("Statistics targets of the busy tables")
struct StatisticsTargetTests {
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "PostgreSQL only: SQLite has no per-column targets"))
    func everyColumnOfTheBusyTablesHasASmallTarget() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            for table in LimitStatisticsOfBusyTables.tables {
                let targets = try await Self.targets(of: table.name, on: sql)
                #expect(targets.count >= 5, "\(table.name) has columns")
                for (column, target) in targets {
                    let expected = table.unfiltered.contains(column) ? 0 : LimitStatisticsOfBusyTables.target
                    #expect(target == expected, "\(table.name).\(column): statistics target \(target), expected \(expected)")
                }
                for expression in try await LimitStatisticsOfBusyTables.indexExpressions(of: table.name, on: sql) {
                    let target = try await Self.targets(of: expression.index, on: sql).values.max()
                    #expect(
                        target == LimitStatisticsOfBusyTables.target,
                        "index \(expression.index): statistics target \(String(describing: target))")
                }
            }
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "PostgreSQL only"))
    func revertingRestoresTheServerDefault() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await LimitStatisticsOfBusyTables().revert(on: app.db)
            let reverted = try await Self.targets(of: "bookings", on: sql)
            #expect(!reverted.isEmpty && reverted.values.allSatisfy { $0 == -1 })
            try await LimitStatisticsOfBusyTables().prepare(on: app.db)
            #expect(try await Self.targets(of: "bookings", on: sql)["starts_at"] == LimitStatisticsOfBusyTables.target)
            let exclusion = try #require(try await LimitStatisticsOfBusyTables.indexExpressions(of: "bookings", on: sql).first)
            #expect(try await Self.targets(of: exclusion.index, on: sql)["tstzrange"] == LimitStatisticsOfBusyTables.target)
        }
    }

    /// Column name → statistics target (-1: the server's default).
    private static func targets(of table: String, on sql: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await sql.raw(
            """
            SELECT attname, coalesce(attstattarget, -1)::int AS target FROM pg_attribute
            WHERE attrelid = to_regclass(\(bind: table)) AND attnum > 0 AND NOT attisdropped
            """
        ).all()
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.decode(column: "attname", as: String.self), try $0.decode(column: "target", as: Int.self))
            })
    }
}
