import Fluent
import Foundation

/// What a notification announces.
enum NotificationKind: String, Codable, Sendable, CaseIterable {
    /// To the client: a booking or enrolment was made (or, when the business approves bookings by
    /// hand, received and then confirmed).
    case confirmation
    /// To the business's contact address: something happened to one of its bookings.
    case businessNotice = "business_notice"
    case reminder
    case cancellation
    case reschedule
    case waitlistPromotion = "waitlist_promotion"
    case sessionCancelled = "session_cancelled"
    /// To a client who asked on the website: a link listing their upcoming bookings (no booking
    /// or enrolment of its own; the address and the link's expiry are in the details).
    case myBookingsLink = "my_bookings_link"
    /// A portal user's password-reset or invitation link (`AccountLinks`).
    case accountLink = "account_link"

    /// The client's booking or place is off (by them, or the business cancelled the session).
    var isCancellation: Bool { self == .cancellation || self == .sessionCancelled }
}

/// How a notification travels.
enum NotificationChannel: String, Codable, Sendable, CaseIterable {
    case email, sms
}

/// Where an outbox row is in its life: pending → sending → sent, or back to pending with a later
/// due time after a failure, or dead after the last attempt; cancelled when it no longer applies.
enum OutboxStatus: String, Codable, Sendable, CaseIterable {
    case pending, sending, sent, dead, cancelled
}

/// One message waiting to be sent, written in the same transaction as the change it announces
/// (the transactional outbox), so a confirmed booking always gets its email and a rolled-back one never does.
final class OutboxMessage: Model, TenantOwned, @unchecked Sendable {
    static let schema = "outbox_messages"
    static var tenantField: KeyPath<OutboxMessage, FieldProperty<OutboxMessage, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "kind") var kind: NotificationKind
    @Field(key: "channel") var channel: NotificationChannel
    @OptionalField(key: "booking_id") var bookingID: UUID?
    @OptionalField(key: "enrollment_id") var enrollmentID: UUID?
    /// Facts of the event that the current rows no longer show, as JSON (`OutboxDetails`).
    @Field(key: "details") var details: String
    @Field(key: "status") var status: OutboxStatus
    @Field(key: "attempts") var attempts: Int
    /// Not sent before this instant (reminders; retries after a failure).
    @Field(key: "due_at") var dueAt: Date
    /// While `sending`, the claim expires at this instant (a crashed worker's rows are taken over).
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Event facts kept with an outbox row.
struct OutboxDetails: Codable, Sendable, Equatable {
    /// The start before a reschedule.
    var previousStart: Date?
    /// What the business notice is about (the business gets one kind of message for every event).
    var event: NotificationKind?
    /// The booking awaits the business's approval (the confirmation says "request received").
    var pending: Bool?
    /// The client joined the waitlist rather than taking a seat.
    var waitlisted: Bool?
    /// A my-bookings link's address and expiry.
    var email: String?
    var linkExpiresAt: Date?
    /// The business's own words to the client, quoted in the message (a cancellation from the portal).
    var message: String?
    /// The account link an `account_link` message carries (its token is derived when sent, never stored).
    var accountLink: UUID?
    /// An account link that invites (rather than resets a password).
    var invitation: Bool?

    static let none = OutboxDetails()
}
