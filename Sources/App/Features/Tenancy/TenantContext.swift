import Foundation
import Scheduling

/// The tenant a request (or an outbox row, or a catalog snapshot) belongs to, as read at its start:
/// a `Sendable` value decoded from one column list (`TenantContext.columns`), safe to pass to any
/// service and task. The `Tenant` model is for writes only.
struct TenantContext: Sendable, Equatable {
    let id: UUID
    let slug: String
    let name: String
    let kind: TenantKind
    /// IANA zone name; weekly hours and closures are entered in this zone's wall time.
    let timezone: String
    let brandColour: String
    let logoURL: String?
    let contactEmail: String
    /// Where the business is and its phone ("" when not given): every page's footer and the home
    /// page show them, so they come with the context rather than a read of their own.
    let address: String
    /// The address on one line ("12 Grey Street, Newcastle upon Tyne, NE1 6AE"); "" when not given.
    /// Made once with the context: pages and messages show it often.
    let addressLine: String
    let phone: String
    /// How clients pay, in the business's words ("" for the default); see `paymentWording`.
    let paymentNote: String
    let emailEnabled: Bool
    let smsEnabled: Bool
    let waitlistEnabled: Bool
    let slotIntervalMinutes: Int
    let minNoticeMinutes: Int
    let maxAdvanceDays: Int
    let cancellationCutoffHours: Int
    /// New bookings are confirmed at once (true) or wait for the business to approve them.
    let autoConfirm: Bool
    let reminderPolicy: ReminderPolicy
    /// Bumped by triggers on every catalog change; keys the catalog snapshot (`CatalogCache`).
    let catalogVersion: Int

    /// What the confirmation page and emails say about paying: the business's own words, or
    /// "Pay at the salon" / "Pay at the studio".
    var paymentWording: String {
        paymentNote.isEmpty ? (kind == .appointments ? "Pay at the salon" : "Pay at the studio") : paymentNote
    }

    /// Where a client goes: a class's own venue when it has one, else the business's address; nil
    /// when neither is known.
    func place(venue: String? = nil) -> String? {
        venue?.nonEmpty ?? addressLine.nonEmpty
    }

    /// The tenant's time zone. The name was validated when stored, so UTC is only a safety net.
    var timeZone: TimeZone { TimeZone(identifier: timezone) ?? .gmt }

    var policy: BookingPolicy {
        BookingPolicy(
            slotIntervalMinutes: slotIntervalMinutes, minNoticeMinutes: minNoticeMinutes, maxAdvanceDays: maxAdvanceDays)
    }

    /// The columns a context is read from, in the order `Row` and the PostgreSQL tuple decode them.
    static let columns = [
        "id", "slug", "name", "kind", "timezone", "brand_colour", "logo_url", "contact_email", "address", "phone",
        "payment_note", "feature_email",
        "feature_sms", "feature_waitlist", "slot_interval_minutes", "min_notice_minutes", "max_advance_days",
        "cancellation_cutoff_hours", "auto_confirm", "reminder_policy", "catalog_version",
    ]

    /// One row of `columns`, decoded by name (SQLKit) or by position (PostgreSQL's prepared read).
    struct Row: Decodable, Sendable {
        let id: UUID
        let slug: String
        let name: String
        let kind: String
        let timezone: String
        let brand_colour: String
        let logo_url: String?
        let contact_email: String
        let address: String
        let phone: String
        let payment_note: String
        let feature_email: Bool
        let feature_sms: Bool
        let feature_waitlist: Bool
        let slot_interval_minutes: Int
        let min_notice_minutes: Int
        let max_advance_days: Int
        let cancellation_cutoff_hours: Int
        let auto_confirm: Bool
        let reminder_policy: String
        let catalog_version: Int
    }

    init(_ row: Row) {
        id = row.id
        slug = row.slug
        name = row.name
        kind = TenantKind(rawValue: row.kind) ?? .appointments
        timezone = row.timezone
        brandColour = row.brand_colour
        logoURL = row.logo_url
        contactEmail = row.contact_email
        address = row.address
        addressLine = row.address.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: ", ")
        phone = row.phone
        paymentNote = row.payment_note
        emailEnabled = row.feature_email
        smsEnabled = row.feature_sms
        waitlistEnabled = row.feature_waitlist
        slotIntervalMinutes = row.slot_interval_minutes
        minNoticeMinutes = row.min_notice_minutes
        maxAdvanceDays = row.max_advance_days
        cancellationCutoffHours = row.cancellation_cutoff_hours
        autoConfirm = row.auto_confirm
        reminderPolicy = ReminderPolicy(rawValue: row.reminder_policy) ?? .standard
        catalogVersion = row.catalog_version
    }

    /// The context of a tenant model just written (the settings answer, seeding, tests).
    init(_ tenant: Tenant) throws {
        self.init(
            Row(
                id: try tenant.requireID(), slug: tenant.slug, name: tenant.name, kind: tenant.kind.rawValue,
                timezone: tenant.timezone,
                brand_colour: tenant.brandColour, logo_url: tenant.logoURL, contact_email: tenant.contactEmail,
                address: tenant.address, phone: tenant.phone, payment_note: tenant.paymentNote,
                feature_email: tenant.emailEnabled, feature_sms: tenant.smsEnabled, feature_waitlist: tenant.waitlistEnabled,
                slot_interval_minutes: tenant.slotIntervalMinutes, min_notice_minutes: tenant.minNoticeMinutes,
                max_advance_days: tenant.maxAdvanceDays, cancellation_cutoff_hours: tenant.cancellationCutoffHours,
                auto_confirm: tenant.autoConfirm, reminder_policy: tenant.reminderPolicy.rawValue,
                catalog_version: tenant.catalogVersion))
    }
}
