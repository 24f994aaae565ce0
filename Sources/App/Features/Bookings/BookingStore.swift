import Fluent
import Foundation
import Vapor

/// What a booking store writes once the check passed: the booking (with the contact details its
/// client is found or created from) and the messages it announces.
struct NewBooking: Sendable {
    let booking: Booking
    let messages: [OutboxEntry]
}

/// Writes a new booking — its client found or created, the booking, its outbox rows — atomically,
/// right after `check` found the time free. The database's overlap guarantee (exclusion constraint
/// or triggers) refuses a lost race with a constraint failure either way.
///
/// - `SQLiteBookingStore`: the check and three portable statements in one write transaction.
/// - `PostgresBookingStore`: the check, then exactly one prepared statement and no transaction.
///
/// Both build their statements from the same column lists (`Booking.insertColumns`,
/// `CustomerUpsert.columns`, `Outbox.columns`), so a new column is added once.
protocol BookingStore: Sendable {
    /// Runs `check`; when it returns a booking, writes it. Returns what was written (the booking's
    /// `clientID`, `createdAt` and `updatedAt` filled in), or nil when the check found no time.
    func book(now: Date, check: @escaping @Sendable (any Database) async throws -> NewBooking?) async throws -> Booking?
}

extension Request {
    /// The booking store for this request's database.
    var bookingStore: any BookingStore {
        db.isPostgres ? PostgresBookingStore(db: db) : SQLiteBookingStore(db: db, gate: writeGate)
    }
}
