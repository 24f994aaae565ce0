import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes a new booking with its client and its outbox rows, inside the caller's write transaction.
///
/// PostgreSQL: one statement (data-modifying CTEs: upsert the client, insert the booking, insert the
/// messages), because each round trip to the database is a large share of a booking's cost under
/// load. SQLite runs in-process, so the three plain statements are as cheap there.
enum BookingInsert {
    static func run(
        _ booking: Booking, client: ClientInput, messages: [OutboxEntry], now: Date, on db: any Database
    ) async throws {
        guard db.isPostgres, let sql = db as? any SQLDatabase else {
            booking.clientID = try await CustomerUpsert.upsert(client, tenant: booking.tenantID, now: now, on: db)
            try await insertBooking(booking, now: now, on: db)
            try await Outbox.enqueue(messages, tenant: booking.tenantID, now: now, on: db)
            return
        }
        let id = try booking.requireID()
        var statement: SQLQueryString = """
            WITH client AS (\(CustomerUpsert.statement(client, tenant: booking.tenantID, now: now, on: sql))), booking AS (
                INSERT INTO bookings (id, tenant_id, service_id, staff_id, client_id, starts_at, ends_at, blocked_from, blocked_until,
                                      status, notes, manage_token_hash, created_at, updated_at)
                SELECT \(bind: id), \(bind: booking.tenantID), \(bind: booking.serviceID), \(bind: booking.staffID), client.id,
                       \(bind: booking.startsAt), \(bind: booking.endsAt), \(bind: booking.blockedFrom), \(bind: booking.blockedUntil),
                       \(bind: booking.status.rawValue), \(bind: booking.notes), \(bind: booking.manageTokenHash), \(bind: now), \(bind: now)
                FROM client
                RETURNING id, client_id
            )
            """
        if !messages.isEmpty {
            let rows = try messages.map { entry -> SQLQueryString in
                "(\(bind: UUID()), \(bind: entry.kind.rawValue), \(bind: entry.channel.rawValue), \(bind: try Outbox.encode(entry.details)), \(bind: entry.dueAt))"
            }
            statement += """
                , messages AS (
                    INSERT INTO outbox_messages (id, tenant_id, kind, channel, booking_id, details, status, attempts, due_at, created_at, updated_at)
                    SELECT m.id, \(bind: booking.tenantID), m.kind, m.channel, booking.id, m.details, 'pending', 0, m.due_at, \(bind: now), \(bind: now)
                    FROM booking CROSS JOIN (VALUES \(rows.joined(separator: ", "))) AS m(id, kind, channel, details, due_at)
                )
                """
        }
        statement += " SELECT client_id FROM booking"
        struct Row: Decodable { let client_id: UUID }
        guard let row = try await sql.raw(statement).first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "booking insert returned no row")
        }
        booking.clientID = row.client_id
        booking.createdAt = now
        booking.updatedAt = now
    }

    /// One SQLKit statement (Fluent's reflection-based model encoding costs more than the insert itself).
    private static func insertBooking(_ booking: Booking, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return try await booking.create(on: db) }
        try await sql.insert(into: Booking.schema)
            .columns(
                "id", "tenant_id", "service_id", "staff_id", "client_id", "starts_at", "ends_at", "blocked_from", "blocked_until",
                "status", "notes", "manage_token_hash", "created_at", "updated_at")
            .values(
                SQLBind(try booking.requireID()), SQLBind(booking.tenantID), SQLBind(booking.serviceID), SQLBind(booking.staffID),
                SQLBind(booking.clientID), SQLBind(booking.startsAt), SQLBind(booking.endsAt), SQLBind(booking.blockedFrom),
                SQLBind(booking.blockedUntil), SQLBind(booking.status.rawValue), SQLBind(booking.notes),
                SQLBind(booking.manageTokenHash), SQLBind(now), SQLBind(now))
            .run()
        booking.createdAt = now
        booking.updatedAt = now
    }
}
