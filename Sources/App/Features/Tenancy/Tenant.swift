import Fluent
import Foundation
import Scheduling

/// What a business mainly sells: appointments with staff, or places in dated sessions.
public enum TenantKind: String, Codable, Sendable, CaseIterable {
    case appointments, sessions
}

/// A business using the platform, with its branding, feature flags and booking policies. This
/// model is for writes; requests, the worker and the catalog snapshot read a `TenantContext`.
public final class Tenant: Model, @unchecked Sendable {
    public static let schema = "tenants"

    @ID(key: .id) public var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: TenantKind
    /// IANA zone name; weekly hours and closures are entered in this zone's wall time.
    @Field(key: "timezone") var timezone: String
    @Field(key: "brand_colour") var brandColour: String
    @OptionalField(key: "logo_url") var logoURL: String?
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "feature_email") var emailEnabled: Bool
    @Field(key: "feature_sms") var smsEnabled: Bool
    @Field(key: "feature_waitlist") var waitlistEnabled: Bool
    @Field(key: "slot_interval_minutes") var slotIntervalMinutes: Int
    @Field(key: "min_notice_minutes") var minNoticeMinutes: Int
    @Field(key: "max_advance_days") var maxAdvanceDays: Int
    @Field(key: "cancellation_cutoff_hours") var cancellationCutoffHours: Int
    /// New bookings are confirmed at once (true) or wait for the business to approve them.
    @Field(key: "auto_confirm") var autoConfirm: Bool
    /// Which reminders clients get before their appointment or session.
    @Field(key: "reminder_policy") var reminderPolicy: ReminderPolicy
    /// Bumped by database triggers whenever the tenant's services, staff, hours or closures change;
    /// the in-memory catalog snapshot is reused while it matches (see `CatalogCache`).
    @Field(key: "catalog_version") var catalogVersion: Int
    /// The public website's profile (see `TenantProfile`).
    @Field(key: "address") var address: String
    @Field(key: "phone") var phone: String
    /// How clients pay, in the business's words; "" for the default (`TenantContext.paymentWording`).
    @Field(key: "payment_note") var paymentNote: String
    @Field(key: "privacy_notice") var privacyNotice: String
    @Field(key: "terms") var terms: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    public init() {}

    init(
        slug: String, name: String, kind: TenantKind, timezone: String, contactEmail: String,
        brandColour: String = "#3b5bdb", logoURL: String? = nil
    ) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.timezone = timezone
        self.contactEmail = contactEmail
        self.brandColour = brandColour
        self.logoURL = logoURL
        self.emailEnabled = true
        self.smsEnabled = false
        self.waitlistEnabled = kind == .sessions
        self.slotIntervalMinutes = BookingPolicy.standard.slotIntervalMinutes
        self.minNoticeMinutes = BookingPolicy.standard.minNoticeMinutes
        self.maxAdvanceDays = BookingPolicy.standard.maxAdvanceDays
        self.cancellationCutoffHours = 24
        self.autoConfirm = true
        self.reminderPolicy = .standard
        self.catalogVersion = 0
        self.address = ""
        self.phone = ""
        self.paymentNote = ""
        self.privacyNotice = ""
        self.terms = ""
    }

    /// The tenant's time zone. The name was validated when stored, so UTC is only a safety net.
    var timeZone: TimeZone { TimeZone(identifier: timezone) ?? .gmt }
}
