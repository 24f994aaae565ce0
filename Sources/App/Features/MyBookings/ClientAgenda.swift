import Fluent
import Foundation
import SQLKit

/// What a client has coming up with one business, found by the email they booked with: live
/// bookings and places in scheduled classes that have not started. Two queries, rows read into
/// plain values.
struct ClientAgenda: Sendable {
    struct Booking: Sendable {
        let id: UUID
        let serviceID: UUID
        let startsAt: Date
        let endsAt: Date
        let status: BookingStatus
    }

    struct Place: Sendable {
        let id: UUID
        let title: String
        let startsAt: Date
        let endsAt: Date
        let status: EnrollmentStatus
    }

    let bookings: [Booking]
    let places: [Place]

    static func load(email: String, tenant: UUID, now: Date, on db: any Database) async throws -> ClientAgenda {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let bookingRows = try await sql.select().columns("id", "service_id", "starts_at", "ends_at", "status")
            .from(App.Booking.schema)
            .where("tenant_id", .equal, tenant).where("contact_email", .equal, email)
            .where("status", .in, BookingStatus.active.map(\.rawValue)).where("starts_at", .greaterThan, now)
            .orderBy("starts_at").limit(100).all()
        let placeRows = try await sql.raw(
            """
            SELECT e.id, e.status, s.title, s.starts_at, s.ends_at
            FROM enrollments e JOIN sessions s ON s.id = e.session_id AND s.tenant_id = e.tenant_id
            WHERE e.tenant_id = \(bind: tenant) AND e.contact_email = \(bind: email)
              AND e.status <> \(bind: EnrollmentStatus.cancelled.rawValue)
              AND s.status = \(bind: SessionStatus.scheduled.rawValue) AND s.starts_at > \(bind: now)
            ORDER BY s.starts_at LIMIT 200
            """
        ).all()
        return ClientAgenda(
            bookings: try bookingRows.map { row in
                Booking(
                    id: try row.decode(column: "id", as: UUID.self),
                    serviceID: try row.decode(column: "service_id", as: UUID.self),
                    startsAt: try row.decode(column: "starts_at", as: Date.self),
                    endsAt: try row.decode(column: "ends_at", as: Date.self),
                    status: try row.decode(column: "status", as: BookingStatus.self))
            },
            places: try placeRows.map { row in
                Place(
                    id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                    startsAt: try row.decode(column: "starts_at", as: Date.self),
                    endsAt: try row.decode(column: "ends_at", as: Date.self),
                    status: try row.decode(column: "status", as: EnrollmentStatus.self))
            })
    }
}
