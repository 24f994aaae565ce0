import Fluent
import Foundation
import SQLKit

/// What a message is about, read when it is sent (so a reminder shows the current time and
/// service name): a booking or a place in a session, and the contact details given with it.
struct SubjectFacts: Sendable {
    enum Kind: Sendable { case booking, enrollment }

    struct Client: Sendable {
        var name: String
        var email: String
        var phone: String?
        var smsOptIn: Bool
    }

    var kind: Kind
    var id: UUID
    /// The service or the session's title.
    var title: String
    /// The staff member or the instructor.
    var withWhom: String?
    var location: String?
    /// "£30.00": the service's or the session's price.
    var price: String?
    var start: Date
    var end: Date
    /// Still going ahead for this client (a reminder is dropped otherwise).
    var isActive: Bool
    var isWaitlisted: Bool
    var client: Client

    /// Loads the subject of an outbox row; nil when it no longer exists.
    static func load(booking: UUID?, enrollment: UUID?, tenant: UUID, on db: any Database) async throws -> SubjectFacts? {
        guard let sql = db as? any SQLDatabase else { return nil }
        if let booking {
            struct Row: Decodable {
                let status: String, starts_at: Date, ends_at: Date, service_name: String, staff_name: String
                let price_cents: Int, currency: String
                let client_name: String, email: String, phone: String?, sms_opt_in: Bool
            }
            guard
                let row = try await sql.raw(
                    """
                    SELECT b.status, b.starts_at, b.ends_at, s.name AS service_name, st.name AS staff_name,
                           s.price_cents, s.currency,
                           b.contact_name AS client_name, b.contact_email AS email, b.contact_phone AS phone,
                           b.contact_sms_opt_in AS sms_opt_in
                    FROM bookings b
                    JOIN services s ON s.id = b.service_id
                    JOIN staff st ON st.id = b.staff_id
                    WHERE b.id = \(bind: booking) AND b.tenant_id = \(bind: tenant)
                    """
                ).first(decoding: Row.self)
            else { return nil }
            let status = BookingStatus(rawValue: row.status)
            return SubjectFacts(
                kind: .booking, id: booking, title: row.service_name, withWhom: row.staff_name, location: nil,
                price: Money.text(cents: row.price_cents, currency: row.currency),
                start: row.starts_at, end: row.ends_at, isActive: status.map(BookingStatus.active.contains) ?? false,
                isWaitlisted: false,
                client: Client(name: row.client_name, email: row.email, phone: row.phone, smsOptIn: row.sms_opt_in))
        }
        if let enrollment {
            struct Row: Decodable {
                let status: String, title: String, location: String, starts_at: Date, ends_at: Date, session_status: String
                let price_cents: Int, currency: String
                let instructor: String?, client_name: String, email: String, phone: String?, sms_opt_in: Bool
            }
            guard
                let row = try await sql.raw(
                    """
                    SELECT e.status, se.title, se.location, se.starts_at, se.ends_at, se.status AS session_status,
                           se.price_cents, se.currency,
                           st.name AS instructor, e.contact_name AS client_name, e.contact_email AS email,
                           e.contact_phone AS phone, e.contact_sms_opt_in AS sms_opt_in
                    FROM enrollments e
                    JOIN sessions se ON se.id = e.session_id
                    LEFT JOIN staff st ON st.id = se.instructor_id
                    WHERE e.id = \(bind: enrollment) AND e.tenant_id = \(bind: tenant)
                    """
                ).first(decoding: Row.self)
            else { return nil }
            return SubjectFacts(
                kind: .enrollment, id: enrollment, title: row.title, withWhom: row.instructor,
                location: row.location.isEmpty ? nil : row.location,
                price: Money.text(cents: row.price_cents, currency: row.currency), start: row.starts_at, end: row.ends_at,
                isActive: row.status == EnrollmentStatus.enrolled.rawValue
                    && row.session_status == SessionStatus.scheduled.rawValue,
                isWaitlisted: row.status == EnrollmentStatus.waitlisted.rawValue,
                client: Client(name: row.client_name, email: row.email, phone: row.phone, smsOptIn: row.sms_opt_in))
        }
        return nil
    }

    var manageSubject: ManageToken.Subject {
        kind == .booking ? .booking(id) : .enrollment(id)
    }

    /// The client's self-service link: the website's manage page (`/manage/<token>`), which shows
    /// the booking or place and offers what the tenant's policy allows.
    func manageURL(base: String, tenantSlug: String, tokens: ManageToken) -> String {
        SiteURL.manage(.value(tokens.token(for: manageSubject))).absolute(publicBase: base, tenantSlug: tenantSlug)
    }

    /// Stable per booking or place, so calendars update the one event.
    var calendarUID: String {
        (kind == .booking ? "booking-" : "enrollment-") + id.uuidString.lowercased() + "@nbne-booking"
    }
}
