import Fluent
import FluentPostgresDriver
import NIOCore

/// Named prepared statements for the few PostgreSQL statements every booking runs (tenant by slug,
/// busy time, the booking insert).
///
/// An ordinary SQLKit query is parsed, analysed and planned by PostgreSQL on every call; under load
/// that was about a third of the database's CPU (measured in docs/benchmarks.md). A prepared
/// statement is parsed once per connection (PostgresNIO caches it by name) and then only bound and
/// executed. Their SQL is fixed text, so list-valued parameters are passed as arrays (`unnest`).
/// Sessions plan them once, generically (`plan_cache_mode`, set in `DatabaseSetup`): a new statement
/// here needs its generic plan checked with `EXPLAIN` under `force_generic_plan`, and a fixed
/// `static let name` (PostgresNIO's default, `String(reflecting:)` of the type, was 0.6 % of the
/// server's CPU on `GET /slots`).
extension Database {
    /// Runs `statement` on this database's PostgreSQL connection (the transaction's, inside one) and
    /// returns its rows. Only the PostgreSQL repositories call it.
    func preparedRows<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        guard let postgres = self as? any PostgresDatabase else { throw UnsupportedDatabase() }
        let logger = self.logger
        // Logged like SQLKit's queries (at debug), so a test can count every statement a path issues.
        logger.debug("Executing prepared statement", metadata: ["sql": .string(Statement.sql)])
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var rows: [Statement.Row] = []
                for try await row in try await connection.execute(statement, logger: logger) {
                    rows.append(row)
                }
                return rows
            }
        }.get()
    }
}

/// Storage code supports SQLite and PostgreSQL only.
struct UnsupportedDatabase: Error, CustomStringConvertible {
    var description: String { "only SQLite and PostgreSQL are supported" }
}
