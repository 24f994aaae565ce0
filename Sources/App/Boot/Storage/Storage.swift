import Fluent
import Foundation

/// Where SQLite and PostgreSQL differ, chosen once at start-up (`AppServices.build`): how a
/// read-check-write unit of work runs, and the repositories of the aggregates whose statements
/// differ. Features ask it for a repository bound to a database (the request's, or a
/// transaction's) and never test which database they are on. `StorageParityTests` runs the same
/// cases through both and compares the rows.
protocol Storage: Sendable {
    /// Runs a read-check-write unit of work so that no other unit interleaves with it on the same
    /// data; a unit aborted by a transient conflict runs again from the start, up to three times.
    func write<T: Sendable>(on db: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    func tenants(_ db: any Database) -> any TenantRepository
    func bookings(_ db: any Database) -> any BookingRepository
    func busyTime(_ db: any Database) -> any BusyTimeRepository
    func clients(_ db: any Database) -> any ClientRepository
    func timetable(_ db: any Database) -> any TimetableRepository
    /// Whether a write unit must lock the rows it reads (`FOR UPDATE`) to keep them: PostgreSQL's
    /// must; SQLite's already holds the whole database's write lock.
    var locksRows: Bool { get }
}

extension Storage {
    /// The outbox's statements differ only in how a claim locks its rows.
    func outbox(_ db: any Database) -> any OutboxRepository { SQLOutboxRepository(db: db, storage: self, skipLocked: locksRows) }
    func apiKeys(_ db: any Database) -> any ApiKeyRepository { SQLApiKeyRepository(db: db, lockRows: locksRows) }
}
