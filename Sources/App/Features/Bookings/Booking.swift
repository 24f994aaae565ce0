import Fluent
import Foundation

/// Where a booking is in its life: pending → confirmed → completed | cancelled | no_show.
enum BookingStatus: String, Codable, Sendable, CaseIterable {
    case pending, confirmed, completed, cancelled
    case noShow = "no_show"

    /// Statuses that hold the staff member's time.
    static let active: [BookingStatus] = [.pending, .confirmed]

    /// `active` as an SQL list, `('pending', 'confirmed')`, for raw statements. (The migrations keep
    /// their literal: a landed migration's SQL never changes, and `OverlapConstraintTests` checks
    /// that the database guarantee covers exactly the active statuses.)
    static let activeSQLList = "(" + active.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    /// Every other status, `('completed', 'cancelled', 'no_show')`: the busy-time read on PostgreSQL
    /// asks for `status NOT IN` these, which only its own index can answer (`IndexActiveBusySpans`).
    static let inactive = allCases.filter { !active.contains($0) }
    static let inactiveSQLList = "(" + inactive.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
}

/// An appointment: one client, one service, one staff member, at one time.
///
/// `blockedFrom ..< blockedUntil` is the appointment plus the service's buffers: the span the
/// database refuses to let two active bookings of one staff member share.
final class Booking: Model, TenantOwned, ContactHolder, @unchecked Sendable {
    static let schema = "bookings"
    static var tenantField: KeyPath<Booking, FieldProperty<Booking, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "service_id") var serviceID: UUID
    @Field(key: "staff_id") var staffID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "blocked_from") var blockedFrom: Date
    @Field(key: "blocked_until") var blockedUntil: Date
    @Field(key: "status") var status: BookingStatus
    @Field(key: "notes") var notes: String
    @Field(key: "manage_token_hash") var manageTokenHash: String
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @Field(key: "contact_sms_opt_in") var contactSMSOptIn: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        tenantID: UUID, serviceID: UUID, staffID: UUID, clientID: UUID, startsAt: Date, endsAt: Date,
        blockedFrom: Date, blockedUntil: Date, status: BookingStatus, notes: String, manageTokenHash: String,
        contact: ContactDetails
    ) {
        self.tenantID = tenantID
        self.serviceID = serviceID
        self.staffID = staffID
        self.clientID = clientID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.blockedFrom = blockedFrom
        self.blockedUntil = blockedUntil
        self.status = status
        self.notes = notes
        self.manageTokenHash = manageTokenHash
        self.contact = contact
    }
}
