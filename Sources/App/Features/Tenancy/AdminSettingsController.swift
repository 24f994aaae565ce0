import Fluent
import Scheduling
import Vapor

/// `GET/PATCH /api/v1/admin/settings`: the tenant's name, branding, time zone, flags and policies.
struct AdminSettingsController: RouteCollection {
    struct SettingsInput: Content {
        struct Features: Content {
            var email: Bool?
            var sms: Bool?
            var waitlist: Bool?
        }

        var name: String?
        var timezone: String?
        var brandColour: String?
        var logoUrl: String?
        var contactEmail: String?
        var slotIntervalMinutes: Int?
        var minNoticeMinutes: Int?
        var maxAdvanceDays: Int?
        var cancellationCutoffHours: Int?
        var autoConfirm: Bool?
        /// none | 24h | 24h_2h
        var reminders: String?
        var features: Features?
        /// The public website's profile (`TenantProfile`); an empty string clears a field.
        var address: String?
        var phone: String?
        /// How clients pay ("Pay at the salon by card or cash"); "" restores the default.
        var paymentNote: String?
        var privacyNotice: String?
        var terms: String?

        func validate() throws {
            try problems().throwIfAny()
        }

        /// Every problem of the fields given, by field (the API's names).
        func problems() -> FieldProblems {
            var problems = FieldProblems()
            if name != nil { problems.requireText(name, "name", max: 120) }
            if let timezone, !Formats.isTimeZone(timezone) {
                problems.add("timezone", "is not an IANA time zone name such as Europe/London")
            }
            if let brandColour, !Formats.isHexColour(brandColour) { problems.add("brandColour", "must look like #1a2b3c") }
            if let logoUrl, !logoUrl.isEmpty {
                problems.add(
                    "logoUrl",
                    "may only be \"\" (no logo): upload the image with PUT /api/v1/admin/logo or on the portal's settings page")
            }
            if let contactEmail, !Formats.isEmail(contactEmail) { problems.add("contactEmail", "is not a valid email address") }
            problems.requireRange(slotIntervalMinutes, "slotIntervalMinutes", BookingPolicy.slotIntervalRange)
            problems.requireRange(minNoticeMinutes, "minNoticeMinutes", BookingPolicy.minNoticeRange)
            problems.requireRange(maxAdvanceDays, "maxAdvanceDays", BookingPolicy.maxAdvanceRange)
            problems.requireRange(cancellationCutoffHours, "cancellationCutoffHours", 0...720)
            problems.requireText(address, "address", max: 300, required: false, multiline: true)
            if let phone, !phone.isEmpty, !ClientInput.isPhone(phone) {
                problems.add("phone", "must be a phone number such as +44 191 496 0000 (7 to 15 digits)")
            }
            problems.requireText(paymentNote, "paymentNote", max: 200, required: false)
            problems.requireText(privacyNotice, "privacyNotice", max: 20_000, required: false, multiline: true)
            problems.requireText(terms, "terms", max: 20_000, required: false, multiline: true)
            if let reminders, ReminderPolicy(rawValue: reminders) == nil {
                problems.add("reminders", "must be one of none, 24h, 24h_2h")
            }
            return problems
        }

        func apply(to tenant: Tenant) {
            if let name { tenant.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let timezone { tenant.timezone = timezone }
            if let brandColour { tenant.brandColour = brandColour.lowercased() }
            if logoUrl != nil { tenant.logoURL = nil }
            if let contactEmail { tenant.contactEmail = contactEmail.lowercased() }
            if let slotIntervalMinutes { tenant.slotIntervalMinutes = slotIntervalMinutes }
            if let minNoticeMinutes { tenant.minNoticeMinutes = minNoticeMinutes }
            if let maxAdvanceDays { tenant.maxAdvanceDays = maxAdvanceDays }
            if let cancellationCutoffHours { tenant.cancellationCutoffHours = cancellationCutoffHours }
            if let autoConfirm { tenant.autoConfirm = autoConfirm }
            if let reminders = reminders.flatMap(ReminderPolicy.init(rawValue:)) { tenant.reminderPolicy = reminders }
            if let email = features?.email { tenant.emailEnabled = email }
            if let sms = features?.sms { tenant.smsEnabled = sms }
            if let waitlist = features?.waitlist { tenant.waitlistEnabled = waitlist }
            let trimmed = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let address { tenant.address = trimmed(address) }
            if let phone { tenant.phone = trimmed(phone) }
            if let paymentNote { tenant.paymentNote = trimmed(paymentNote) }
            if let privacyNotice { tenant.privacyNotice = trimmed(privacyNotice) }
            if let terms { tenant.terms = trimmed(terms) }
        }
    }

    /// The admin's view: the public settings plus what only the business sees.
    struct SettingsResponse: Content {
        let tenant: TenantResponse
        let autoConfirm: Bool
        let timezone: String
        let slotIntervalMinutes: Int
        let minNoticeMinutes: Int
        let maxAdvanceDays: Int
        let cancellationCutoffHours: Int
        let reminders: String
        let address: String
        let phone: String
        /// The business's own words ("" when the default is used) and what clients are shown.
        let paymentNote: String
        let paymentWording: String
        let privacyNotice: String
        let terms: String
        /// Only when the time zone changed: upcoming bookings keep their instant, so their local
        /// time moved (shown in the new zone); the business may want to move or cancel them.
        let affectedBookings: [AffectedBooking]?

        init(_ tenant: TenantContext, profile: TenantProfile, affectedBookings: [AffectedBooking]? = nil) {
            self.tenant = TenantResponse(tenant)
            autoConfirm = tenant.autoConfirm
            timezone = tenant.timezone
            slotIntervalMinutes = tenant.slotIntervalMinutes
            minNoticeMinutes = tenant.minNoticeMinutes
            maxAdvanceDays = tenant.maxAdvanceDays
            cancellationCutoffHours = tenant.cancellationCutoffHours
            reminders = tenant.reminderPolicy.rawValue
            address = profile.address
            phone = profile.phone
            paymentNote = tenant.paymentNote
            paymentWording = tenant.paymentWording
            privacyNotice = profile.privacyNotice
            terms = profile.terms
            self.affectedBookings = affectedBookings
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.admin(.settings)).pathComponents, use: show)
        routes.patch(SiteURL.api(.admin(.settings)).pathComponents, use: update)
    }

    func show(req: Request) async throws -> SettingsResponse {
        let tenant = try req.tenant
        return SettingsResponse(tenant, profile: try await TenantProfile.load(tenant: tenant.id, on: req.db))
    }

    func update(req: Request) async throws -> SettingsResponse {
        let input = try req.decodeBody(SettingsInput.self)
        try input.validate()
        let changed = try await TenantSettings.change(input, tenant: try req.tenantID, now: try req.scope.now, on: req.db)
        return SettingsResponse(
            changed.tenant, profile: changed.profile, affectedBookings: changed.zoneMoved ? changed.affected : nil)
    }
}

/// Changing a business's settings, for the admin API and the portal's settings page alike: the
/// fields given (checked first with `SettingsInput.validate` or its `problems`), and when the time
/// zone changed, closures re-anchored in the same transaction and the upcoming bookings listed
/// (they keep their instant, so their local time moved).
enum TenantSettings {
    struct Changed {
        let tenant: TenantContext
        let profile: TenantProfile
        let zoneMoved: Bool
        let affected: [AffectedBooking]
    }

    static func change(_ input: AdminSettingsController.SettingsInput, tenant id: UUID, now: Date, on db: any Database)
        async throws -> Changed
    {
        // Loaded with Fluent, so the update writes only the changed columns (never catalog_version).
        guard let tenant = try await Tenant.find(id, on: db) else { throw APIError.notFound("Unknown tenant.") }
        let oldZone = tenant.timezone
        input.apply(to: tenant)
        try await db.transaction { db in
            try await tenant.update(on: db)
            if tenant.timezone != oldZone {
                try await ClosureService.reanchor(tenantID: tenant.requireID(), zone: tenant.timeZone, on: db)
            }
        }
        let updated = try TenantContext(tenant)
        let profile = TenantProfile(
            address: tenant.address, phone: tenant.phone, privacyNotice: tenant.privacyNotice, terms: tenant.terms)
        guard tenant.timezone != oldZone else {
            return Changed(tenant: updated, profile: profile, zoneMoved: false, affected: [])
        }
        let affected = try await AffectedBookings.upcoming(tenant: updated.id, zone: updated.timeZone, now: now, on: db)
        return Changed(tenant: updated, profile: profile, zoneMoved: true, affected: affected)
    }
}
