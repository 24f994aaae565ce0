import FluentPostgresDriver
import FluentSQLiteDriver

/// Errors that mean "another transaction got in the way at the same moment; the same work may
/// succeed if run again": PostgreSQL deadlocks (40P01; two concurrent exclusion-constraint checks
/// can wait on each other) and serialization failures (40001), SQLite busy or locked.
enum TransientConflict {
    static func matches(_ error: any Error) -> Bool {
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            return state == "40P01" || state == "40001"
        }
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .busy || sqlite.reason == .locked
        }
        return false
    }
}
