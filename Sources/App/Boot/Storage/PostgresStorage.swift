import Fluent
import Foundation

/// PostgreSQL: ordinary transactions; concurrent writers are safe because the database's own
/// constraints (the exclusion constraint, guarded `UPDATE ... WHERE booked < capacity`, row locks)
/// decide, and their violations become 409s. Hot statements are prepared (`PreparedStatements`).
struct PostgresStorage: Storage {
    func write<T: Sendable>(on db: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await db.retryingTransientConflicts(attempts: 3) { try await db.transaction(work) }
    }

    var locksRows: Bool { true }

    func tenants(_ db: any Database) -> any TenantRepository { PostgresTenantRepository(db: db) }
    func bookings(_ db: any Database) -> any BookingRepository { PostgresBookingRepository(db: db, storage: self) }
    func busyTime(_ db: any Database) -> any BusyTimeRepository { PostgresBusyTimeRepository(db: db) }
    func clients(_ db: any Database) -> any ClientRepository { PostgresClientRepository(db: db) }
    func timetable(_ db: any Database) -> any TimetableRepository { PostgresTimetableRepository(db: db) }
}
