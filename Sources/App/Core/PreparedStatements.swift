import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
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
        return try await postgres.withLentConnection { connection in
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }
}

extension PostgresDatabase {
    /// Runs `body` in the calling task with one of this database's connections (the pool's, or the
    /// transaction's), given back when `body` returns or throws.
    ///
    /// `withConnection` wants a future, and running async code for one starts a task per statement
    /// (and a hop to it); here the pool lends the connection to the task already running.
    func withLentConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let (connection, giveBack) = try await withCheckedThrowingContinuation {
            (lent: CheckedContinuation<(PostgresConnection, EventLoopPromise<Void>), any Error>) in
            let answered = NIOLockedValueBox(false)
            let isFirstAnswer: @Sendable () -> Bool = {
                answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
            }
            withConnection { connection in
                let giveBack = connection.eventLoop.makePromise(of: Void.self)
                if isFirstAnswer() { lent.resume(returning: (connection, giveBack)) }
                return giveBack.futureResult
            }.whenFailure { error in
                // No connection (the pool is closed or timed out): the closure above never ran.
                if isFirstAnswer() { lent.resume(throwing: error) }
            }
        }
        defer { giveBack.succeed() }
        return try await body(connection)
    }
}

/// Storage code supports SQLite and PostgreSQL only.
struct UnsupportedDatabase: Error, CustomStringConvertible {
    var description: String { "only SQLite and PostgreSQL are supported" }
}
