import AsyncKit
import FluentPostgresDriver
import Foundation

/// Errors that mean "the database cannot be reached right now" (PostgreSQL down or restarting, the
/// pool waiting in vain for a connection). They are answered 503 with `Retry-After`, never 500: the
/// request was fine, and the pool reconnects by itself once the database is back.
enum DatabaseUnavailable {
    static let retryAfterSeconds = 5

    static func matches(_ error: any Error) -> Bool {
        if let postgres = error as? PSQLError {
            // The server refusing or dropping connections while it shuts down, restarts or starts up:
            // SQLSTATE class 57P (operator intervention: 57P01 admin shutdown, 57P03 cannot connect
            // now, ...) and class 08 (connection exceptions). Seen in `scripts/load/storm.py
            // --postgres-restart` as 500s before.
            if postgres.code == .server, let state = postgres.serverInfo?[.sqlState] {
                return state.hasPrefix("57P") || state.hasPrefix("08")
            }
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
                .contains(postgres.code)
        }
        if error is ConnectionPoolTimeoutError || error is ConnectionPoolError { return true }
        return false
    }
}
