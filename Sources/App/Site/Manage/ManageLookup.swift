import Fluent
import Foundation

/// What a manage link (`/manage/<token>`) opens: a booking, or a place in a session. Found by the
/// token's SHA-256 (indexed), then checked in constant time, within the request's tenant only.
enum ManagedItem {
    case booking(Booking)
    case enrollment(Enrollment, ClassSession)

    static func find(token: String, tenant: UUID, on db: any Database) async throws -> ManagedItem? {
        guard !token.isEmpty, token.count <= 128 else { return nil }
        let hash = ManageToken.hash(token)
        if let booking = try await Booking.query(on: db, tenant: tenant).filter(\.$manageTokenHash == hash).first(),
            ManageToken.matches(token, storedHash: booking.manageTokenHash)
        {
            return .booking(booking)
        }
        if let enrollment = try await Enrollment.query(on: db, tenant: tenant).filter(\.$manageTokenHash == hash).first(),
            ManageToken.matches(token, storedHash: enrollment.manageTokenHash),
            let session = try await ClassSession.find(enrollment.sessionID, on: db, tenant: tenant)
        {
            return .enrollment(enrollment, session)
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
