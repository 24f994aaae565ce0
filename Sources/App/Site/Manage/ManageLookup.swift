import Fluent
import Foundation
import SQLKit

/// A client's place (or waitlist place) in a session, as its manage page shows it.
struct ManagedPlace: Sendable {
    let id: UUID
    let sessionID: UUID
    let status: EnrollmentStatus
    let contactName: String
    let contactEmail: String
}

/// What a manage link (`/manage/<token>`) opens: a booking, or a place in a session. Found by the
/// token's SHA-256 (indexed), then checked in constant time, within the request's tenant only. Rows
/// are read into plain values, one query for a booking (prepared on PostgreSQL), two for a place.
enum ManagedItem {
    case booking(ManagedBooking)
    case enrollment(ManagedPlace, SessionRow)

    static func find(token: String, tenant: UUID, storage: any Storage, on db: any Database) async throws -> ManagedItem? {
        guard !token.isEmpty, token.count <= 128 else { return nil }
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let hash = ManageToken.hash(token)
        if let booking = try await storage.bookings(db).managed(tokenHash: hash, tenant: tenant),
            ManageToken.matches(token, storedHash: booking.manageTokenHash)
        {
            return .booking(booking)
        }
        if let row = try await sql.select()
            .columns("id", "session_id", "status", "contact_name", "contact_email", "manage_token_hash")
            .from(Enrollment.schema).where("tenant_id", .equal, tenant).where("manage_token_hash", .equal, hash).first(),
            ManageToken.matches(token, storedHash: try row.decode(column: "manage_token_hash", as: String.self))
        {
            let place = ManagedPlace(
                id: try row.decode(column: "id", as: UUID.self), sessionID: try row.decode(column: "session_id", as: UUID.self),
                status: try row.decode(column: "status", as: EnrollmentStatus.self),
                contactName: try row.decode(column: "contact_name", as: String.self),
                contactEmail: try row.decode(column: "contact_email", as: String.self))
            guard let session = try await storage.timetable(db).find(place.sessionID, tenant: tenant) else { return nil }
            return .enrollment(place, session)
        }
        return nil
    }

    var start: Date {
        switch self {
        case .booking(let booking): booking.startsAt
        case .enrollment(_, let session): session.startsAt
        }
    }

    var end: Date {
        switch self {
        case .booking(let booking): booking.endsAt
        case .enrollment(_, let session): session.endsAt
        }
    }

    /// The name and email given with the booking or place.
    var contact: MailAddress {
        switch self {
        case .booking(let booking): MailAddress(name: booking.contactName, email: booking.contactEmail)
        case .enrollment(let enrollment, _): MailAddress(name: enrollment.contactName, email: enrollment.contactEmail)
        }
    }

    /// Still going ahead for this client (a waitlist place counts: it can still be cancelled).
    var isActive: Bool {
        switch self {
        case .booking(let booking): BookingStatus.active.contains(booking.status)
        case .enrollment(let enrollment, let session): enrollment.status != .cancelled && session.status == .scheduled
        }
    }

    /// The last moment the client may change or cancel online.
    func deadline(cutoffHours: Int) -> Date { start.addingTimeInterval(TimeInterval(-cutoffHours * 3600)) }
}

extension ManagedItem {
    /// The address the confirmation and its messages went to.
    var contactEmail: String {
        switch self {
        case .booking(let booking): booking.contactEmail
        case .enrollment(let place, _): place.contactEmail
        }
    }

    /// A place on a class's waitlist (leaving it is not "cancelling").
    var isWaitlisted: Bool {
        if case .enrollment(let place, _) = self { return place.status == .waitlisted }
        return false
    }
}
