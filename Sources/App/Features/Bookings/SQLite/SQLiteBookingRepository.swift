import Fluent
import FluentSQLiteDriver
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

    /// Every manage page reads its booking: fixed SQL text with its values bound, read value by
    /// value. Building it with SQLKit's query builder quoted every identifier on every call (6 % of
    /// the manage page's CPU, issue 24).
    func managed(tokenHash: String, tenant: UUID) async throws -> ManagedBooking? {
        guard let sqlite = db as? any SQLiteDatabase else { throw UnsupportedDatabase() }
        guard let row = try await sqlite.query(Self.byManageToken, [.text(tokenHash), .text(tenant.uuidString)]).first else {
            return nil
        }
        return try Self.managedBooking(row)
    }

    static let byManageToken =
        "SELECT \(ManagedBooking.columns.joined(separator: ", ")) FROM bookings WHERE manage_token_hash = ? AND tenant_id = ? LIMIT 1"

    /// One row of `byManageToken`, by position in `ManagedBooking.columns` (UUIDs are stored as
    /// text, dates as seconds since 1970).
    private static func managedBooking(_ row: SQLiteRow) throws -> ManagedBooking {
        let values = row.columns.map(\.data)
        guard values.count == 9, let id = SQLiteValue.uuid(values[0]), let service = SQLiteValue.uuid(values[1]),
            let staff = SQLiteValue.uuid(values[2]), let startsAt = SQLiteValue.date(values[3]),
            let endsAt = SQLiteValue.date(values[4]), let statusText = values[5].string,
            let name = values[6].string, let email = values[7].string, let hash = values[8].string
        else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unreadable bookings row")) }
        guard let status = BookingStatus(rawValue: statusText) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown booking status \(statusText)"))
        }
        return ManagedBooking(
            id: id, serviceID: service, staffID: staff, startsAt: startsAt, endsAt: endsAt, status: status, contactName: name,
            contactEmail: email, manageTokenHash: hash)
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
