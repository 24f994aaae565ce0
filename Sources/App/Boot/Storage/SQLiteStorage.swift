import Fluent
import Foundation

/// SQLite: one writer at a time. Write units queue in-process behind one `WriteGate`, then take
/// the write lock with `BEGIN IMMEDIATE` before their first read (see `WriteTransaction`).
struct SQLiteStorage: Storage {
    let gate: WriteGate

    func write<T: Sendable>(on db: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await db.retryingTransientConflicts(attempts: 3) { try await db.immediateTransaction(gate: gate, work) }
    }

    var locksRows: Bool { false }

    func tenants(_ db: any Database) -> any TenantRepository { SQLiteTenantRepository(db: db) }
    func bookings(_ db: any Database) -> any BookingRepository { SQLiteBookingRepository(db: db, storage: self) }
    func busyTime(_ db: any Database) -> any BusyTimeRepository { SQLiteBusyTimeRepository(db: db) }
    func clients(_ db: any Database) -> any ClientRepository { SQLiteClientRepository(db: db) }
    func timetable(_ db: any Database) -> any TimetableRepository { SQLiteTimetableRepository(db: db) }
}
