import Fluent
import Foundation
import SQLKit

/// SQLite: the check and the writes run in one write unit (`BEGIN IMMEDIATE` behind the in-process
/// write gate), so nothing can book the time between them.
struct SQLiteBookingRepository: BookingRepository {
    let db: any Database
    let storage: any Storage

    func create(now: Date, check: @escaping @Sendable (any Database) async throws -> NewBooking?) async throws -> Booking? {
        try await storage.write(on: db) { db in
            guard let new = try await check(db) else { return nil }
            try await Self.write(new, now: now, on: db)
            return new.booking
        }
    }

    /// The three writes, inside the caller's transaction.
    static func write(_ new: NewBooking, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let booking = new.booking
        booking.clientID = try await SQLiteClientRepository(db: db).upsert(booking.contact, tenant: booking.tenantID, now: now)
        booking.createdAt = now
        booking.updatedAt = now
        try await Booking.insertColumns.insert([booking], on: sql).run()
        try await Outbox.enqueue(new.messages, tenant: booking.tenantID, now: now, on: db)
    }
}
