import Fluent
import Foundation

/// Whether a dated session still runs.
enum SessionStatus: String, Codable, Sendable, CaseIterable {
    case scheduled, cancelled
}

/// A dated class with a capacity, which clients enrol in (named so as not to clash with Vapor's
/// login `Session`).
final class ClassSession: Model, TenantOwned, @unchecked Sendable {
    static let schema = "sessions"
    static var tenantField: KeyPath<ClassSession, FieldProperty<ClassSession, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @OptionalField(key: "instructor_id") var instructorID: UUID?
    @Field(key: "location") var location: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "capacity") var capacity: Int
    /// Seats taken; only ever changed by a guarded `UPDATE ... WHERE booked < capacity`.
    @Field(key: "booked") var booked: Int
    @Field(key: "price_cents") var priceCents: Int
    @Field(key: "currency") var currency: String
    @Field(key: "status") var status: SessionStatus
    /// The weekly series it was planned in; nil for a one-off.
    @OptionalField(key: "series_id") var seriesID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Set by every change through the model (not by seat counts), for calendar feeds' SEQUENCE.
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        tenantID: UUID, title: String, description: String, instructorID: UUID?, location: String,
        startsAt: Date, endsAt: Date, capacity: Int, priceCents: Int, currency: String = "GBP", seriesID: UUID? = nil
    ) {
        self.seriesID = seriesID
        self.tenantID = tenantID
        self.title = title
        self.description = description
        self.instructorID = instructorID
        self.location = location
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.booked = 0
        self.priceCents = priceCents
        self.currency = currency
        self.status = .scheduled
    }
}

/// Whether a client holds a seat, waits for one, or gave it up.
enum EnrollmentStatus: String, Codable, Sendable, CaseIterable {
    case enrolled, waitlisted, cancelled
}

/// Whether an enrolled client came to the class, as the business marked it.
enum Attendance: String, Codable, Sendable, CaseIterable {
    case attended, absent
}

/// A client's place (or place in the queue) in a session.
final class Enrollment: Model, TenantOwned, ContactHolder, @unchecked Sendable {
    static let schema = "enrollments"
    static var tenantField: KeyPath<Enrollment, FieldProperty<Enrollment, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "status") var status: EnrollmentStatus
    @Field(key: "manage_token_hash") var manageTokenHash: String
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @Field(key: "contact_sms_opt_in") var contactSMSOptIn: Bool
    /// nil until the business marks it, from the class's start.
    @OptionalField(key: "attendance") var attendance: Attendance?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(
        tenantID: UUID, sessionID: UUID, clientID: UUID, status: EnrollmentStatus, manageTokenHash: String,
        contact: ContactDetails
    ) {
        self.tenantID = tenantID
        self.sessionID = sessionID
        self.clientID = clientID
        self.status = status
        self.manageTokenHash = manageTokenHash
        self.contact = contact
    }
}
