import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Writes a new booking with its client and its outbox rows, atomically.
///
/// PostgreSQL: one prepared statement (data-modifying CTEs: upsert the client, insert the booking,
/// insert its messages), atomic by itself, so `checkThenWrite` needs no transaction around it; each
/// round trip and each parse is a large share of a booking's cost under load. SQLite: three plain
/// statements inside the caller's write transaction (in-process, so they are as cheap).
enum BookingInsert {
    /// Writes `booking` (its client found or created from `booking.contact`) and `messages`.
    static func run(_ booking: Booking, messages: [OutboxEntry], now: Date, on db: any Database) async throws {
        guard db.isPostgres else {
            booking.clientID = try await CustomerUpsert.upsert(booking.contact, tenant: booking.tenantID, now: now, on: db)
            try await insertBooking(booking, now: now, on: db)
            try await Outbox.enqueue(messages, tenant: booking.tenantID, now: now, on: db)
            booking.createdAt = now
            booking.updatedAt = now
            return
        }
        let statement = try PostgresBookingInsert(
            client: CustomerUpsert.Values(booking.contact, tenant: booking.tenantID, now: now), booking: booking,
            messages: messages)
        guard let clientID = try await db.preparedRows(statement)?.first else {
            throw Abort(.internalServerError, reason: "booking insert returned no row")
        }
        booking.clientID = clientID
        booking.createdAt = now
        booking.updatedAt = now
    }

    /// One SQLKit statement (Fluent's reflection-based model encoding costs more than the insert itself).
    private static func insertBooking(_ booking: Booking, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.insert(into: Booking.schema)
            .columns(
                [
                    "id", "tenant_id", "service_id", "staff_id", "client_id", "starts_at", "ends_at", "blocked_from", "blocked_until",
                    "status", "notes", "manage_token_hash", "created_at", "updated_at",
                ] + ContactDetails.columns)
            .values(
                [
                    SQLBind(try booking.requireID()), SQLBind(booking.tenantID), SQLBind(booking.serviceID), SQLBind(booking.staffID),
                    SQLBind(booking.clientID), SQLBind(booking.startsAt), SQLBind(booking.endsAt), SQLBind(booking.blockedFrom),
                    SQLBind(booking.blockedUntil), SQLBind(booking.status.rawValue), SQLBind(booking.notes),
                    SQLBind(booking.manageTokenHash), SQLBind(now), SQLBind(now),
                ] + booking.contact.binds)
            .run()
    }

    /// The PostgreSQL statement, prepared (see `PreparedStatements`). `$1 ... $7` are the client
    /// upsert's, and the booking's contact details are the same `$3 ... $6`; the messages arrive as
    /// parallel arrays (any number, zero included) for `unnest`.
    private struct PostgresBookingInsert: PostgresPreparedStatement {
        static let sql = """
            WITH client AS (\(CustomerUpsert.postgresSQL)), booking AS (
                INSERT INTO bookings (id, tenant_id, service_id, staff_id, client_id, starts_at, ends_at, blocked_from, blocked_until,
                                      status, notes, manage_token_hash, created_at, updated_at,
                                      contact_name, contact_email, contact_phone, contact_sms_opt_in)
                SELECT $8, $2, $9, $10, client.id, $11, $12, $13, $14, $15, $16, $17, $7, $7, $3, $4, $5, $6
                FROM client
                RETURNING id, client_id
            ), messages AS (
                INSERT INTO outbox_messages (id, tenant_id, kind, channel, booking_id, details, status, attempts, due_at, created_at, updated_at)
                SELECT m.id, $2, m.kind, m.channel, booking.id, m.details, 'pending', 0, m.due_at, $7, $7
                FROM booking CROSS JOIN unnest($18::uuid[], $19::text[], $20::text[], $21::text[], $22::timestamptz[])
                    AS m(id, kind, channel, details, due_at)
            )
            SELECT client_id FROM booking
            """
        typealias Row = UUID

        /// Built once from the values (the booking model itself is not `Sendable`).
        private let bindings: PostgresBindings

        init(client: CustomerUpsert.Values, booking: Booking, messages: [OutboxEntry]) throws {
            var bindings = PostgresBindings(capacity: 22)
            client.bind(to: &bindings)
            bindings.append(try booking.requireID())
            bindings.append(booking.serviceID)
            bindings.append(booking.staffID)
            bindings.append(booking.startsAt)
            bindings.append(booking.endsAt)
            bindings.append(booking.blockedFrom)
            bindings.append(booking.blockedUntil)
            bindings.append(booking.status.rawValue)
            bindings.append(booking.notes)
            bindings.append(booking.manageTokenHash)
            bindings.append(messages.map { _ in UUID() })
            bindings.append(messages.map(\.kind.rawValue))
            bindings.append(messages.map(\.channel.rawValue))
            bindings.append(try messages.map { try Outbox.encode($0.details) })
            bindings.append(messages.map(\.dueAt))
            self.bindings = bindings
        }

        func makeBindings() -> PostgresBindings { bindings }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
