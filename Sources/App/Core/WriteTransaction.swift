import Fluent
import SQLKit
import Vapor

/// The mechanics of a write unit of work (`Storage.write` chooses which one runs):
///
/// - PostgreSQL: an ordinary transaction; concurrent writers are safe because the database's own
///   constraints (exclusion, guarded `UPDATE ... WHERE booked < capacity`) decide, and their
///   violations become 409s.
/// - SQLite: writers queue in-process (`WriteGate`), then `BEGIN IMMEDIATE` takes the write lock
///   before the first read, so the check and the insert see and change the same state. (SQLite has
///   one writer at a time anyway; queueing in-process avoids its busy-retry spin.)
///
/// A transaction aborted by a transient conflict (a PostgreSQL deadlock between two concurrent
/// exclusion-constraint checks, say) is run again from the start (`retryingTransientConflicts`).
extension Database {
    /// Runs `body` again from the start when a transient conflict aborts it, up to `attempts` times.
    func retryingTransientConflicts<T: Sendable>(attempts: Int, _ body: () async throws -> T) async throws -> T {
        for attempt in 1..<max(1, attempts) {
            do {
                return try await body()
            } catch  where TransientConflict.matches(error) {
                logger.notice("write hit a transient conflict; retrying (attempt \(attempt))")
            }
        }
        return try await body()
    }

    /// SQLite's write unit: behind `gate`, on one connection, between `BEGIN IMMEDIATE` and `COMMIT`.
    func immediateTransaction<T: Sendable>(
        gate: WriteGate, _ work: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await gate.run {
            try await self.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { throw UnsupportedDatabase() }
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await work(connection)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}

/// A first-come, first-served async mutex.
public actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await work()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
