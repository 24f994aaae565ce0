import Fluent
import Foundation
import Vapor

/// What a new booking writes once the check passed: the booking (with the contact details its
/// client is found or created from) and the messages it announces.
struct NewBooking: Sendable {
    let booking: Booking
    let messages: [OutboxEntry]
}

/// Where a moved booking goes: its new staff member and times (buffers included).
struct BookingMove: Sendable {
    let staffID: UUID
    let startsAt: Date
    let endsAt: Date
    let blockedFrom: Date
    let blockedUntil: Date
}

/// Every write of a booking, each atomic with the outbox rows it announces. The database's overlap
/// guarantee (exclusion constraint or triggers) refuses a lost race with a constraint failure.
///
/// - `SQLiteBookingRepository`: a new booking's check and its three portable statements in one
///   write unit.
/// - `PostgresBookingRepository`: the check, then exactly one prepared statement and no transaction.
///
/// Moves and status changes are portable, so both share them (the extension below). The statements
/// are built from the same column lists (`Booking.insertColumns`, `ClientInsert.columns`,
/// `Outbox.columns`), so a new column is added once.
protocol BookingRepository: Sendable {
    var db: any Database { get }
    var storage: any Storage { get }

    /// Runs `check`; when it returns a booking, writes it. Returns what was written (the booking's
    /// `clientID`, `createdAt` and `updatedAt` filled in), or nil when the check found no time.
    func create(now: Date, check: @escaping @Sendable (any Database) async throws -> NewBooking?) async throws -> Booking?

    /// The booking whose manage token has this SHA-256, within the tenant; the caller checks the
    /// token against the stored hash.
    func managed(tokenHash: String, tenant: UUID) async throws -> ManagedBooking?
}

extension BookingRepository {
    func find(_ id: UUID, tenant: UUID) async throws -> Booking? {
        try await Booking.find(id, on: db, tenant: tenant)
    }

    /// Moves a booking in one write unit: `check` finds the new time free (or throws), then one
    /// UPDATE changes the time and staff, so the old time is released only when the new one is
    /// secured (the database refuses the UPDATE if the new time overlaps). The booking's reminders
    /// are replaced by what `announce` plans from its previous start.
    func move(
        _ id: UUID, tenant: UUID, now: Date, check: @escaping @Sendable (any Database) async throws -> BookingMove,
        announce: @escaping @Sendable (_ previousStart: Date) -> [OutboxEntry]
    ) async throws -> Booking {
        try await storage.write(on: db) { db in
            let move = try await check(db)
            let found = try await Booking.find(id, on: db, tenant: tenant)
            guard let current = found, BookingStatus.active.contains(current.status) else {
                throw BookingError.notActive(found?.status ?? .cancelled)
            }
            let previousStart = current.startsAt
            current.staffID = move.staffID
            current.startsAt = move.startsAt
            current.endsAt = move.endsAt
            current.blockedFrom = move.blockedFrom
            current.blockedUntil = move.blockedUntil
            try await current.update(on: db)
            try await Outbox.cancelReminders(booking: id, now: now, on: db)
            try await Outbox.enqueue(announce(previousStart), tenant: tenant, now: now, on: db)
            return current
        }
    }

    /// Changes the status and queues what the change announces, in one write unit; reminders stop
    /// once the booking is no longer active.
    func setStatus(_ booking: Booking, to status: BookingStatus, messages: [OutboxEntry], now: Date) async throws {
        let bookingID = try booking.requireID()
        booking.status = status
        try await storage.write(on: db) { db in
            try await booking.update(on: db)
            if !BookingStatus.active.contains(status) {
                try await Outbox.cancelReminders(booking: bookingID, now: now, on: db)
            }
            try await Outbox.enqueue(messages, tenant: booking.tenantID, now: now, on: db)
        }
    }
}
