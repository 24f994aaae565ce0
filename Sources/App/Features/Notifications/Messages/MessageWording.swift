import Foundation

/// Every word of each kind of message, in one place: subject, heading, paragraphs, the labels of
/// its details, its button, its footer, the text message, and the calendar event's words, with
/// times in the tenant's time zone. `MessageComposer` lays them out; the templates add no words.
struct MessageWording: Sendable {
    let subject: String
    let heading: String
    let paragraphs: [String]
    /// The button's label; nil when the message has none (the business's notice).
    let action: String?
    let footer: String

    init(subject: String, heading: String, paragraphs: [String], action: String?, footer: String) {
        self.subject = subject
        self.heading = heading
        self.paragraphs = paragraphs
        self.action = action
        self.footer = footer
    }

    init(kind: NotificationKind, details: OutboxDetails, facts: SubjectFacts, tenant: TenantContext) {
        let (tenantName, zone) = (tenant.name, tenant.timeZone)
        let when = Self.when(facts.start, facts.end, zone: zone)
        let short = Self.short(facts.start, zone: zone)
        let what = facts.withWhom.map { "\(facts.title) with \($0)" } ?? facts.title
        let isBooking = facts.kind == .booking
        let subject: String
        let heading: String
        let paragraphs: [String]
        switch kind {
        case .confirmation where details.waitlisted == true:
            subject = "You're on the waitlist: \(facts.title), \(short)"
            heading = "You're on the waitlist"
            paragraphs = [
                "\(facts.title) on \(when) is full, so you are on the waitlist.",
                "If a place comes free, it is yours automatically and we will email you.",
            ]
        case .confirmation where details.pending == true:
            subject = "Booking request received: \(facts.title), \(short)"
            heading = "We have your request"
            paragraphs = [
                "\(tenantName) has received your request for \(what) on \(when).", "We will email you once it is confirmed.",
            ]
        case .confirmation:
            subject = isBooking ? "Booking confirmed: \(facts.title), \(short)" : "Place confirmed: \(facts.title), \(short)"
            heading = isBooking ? "Your booking is confirmed" : "Your place is confirmed"
            paragraphs = ["\(what), \(when).", "We look forward to seeing you."]
        case .reminder:
            subject = "Reminder: \(facts.title), \(short)"
            heading = "See you soon"
            paragraphs = ["A reminder of \(what) on \(when)."]
        case .cancellation:
            subject = "Cancelled: \(facts.title), \(short)"
            heading = isBooking ? "Your booking is cancelled" : "Your place is cancelled"
            paragraphs =
                ["\(what) on \(when) is cancelled."]
                + (details.message.map { ["A message from \(tenantName): “\($0)”"] } ?? [])
                + ["We hope to see you another time."]
        case .reschedule:
            subject = "Booking moved: \(facts.title), now \(short)"
            heading = "Your booking has moved"
            let previous = details.previousStart.map { " (was \(Self.short($0, zone: zone)))" } ?? ""
            paragraphs = ["\(what) is now on \(when)\(previous)."]
        case .waitlistPromotion:
            subject = "A place is yours: \(facts.title), \(short)"
            heading = "Good news: a place came free"
            paragraphs = ["You had been on the waitlist for \(facts.title) on \(when). The place is now yours."]
        case .sessionCancelled:
            subject = "Session cancelled: \(facts.title), \(short)"
            heading = "This session is cancelled"
            paragraphs = [
                "We are sorry: \(facts.title) on \(when) will not take place.", "You have not lost anything by booking it.",
            ]
        case .myBookingsLink:
            self = Self.myBookingsLink(tenantName: tenantName, minutes: Int(MyBookingsLink.lifetime / 60))
            return
        case .accountLink:
            self = Self.accountLink(.reset, tenantName: tenantName, minutes: Int(AccountLinks.lifetime / 60))
            return
        case .businessNotice:
            let event: String
            switch details.event {
            case .cancellation: event = isBooking ? "Booking cancelled" : "Enrolment cancelled"
            case .reschedule: event = "Booking moved"
            case .confirmation where details.waitlisted == true: event = "Joined the waitlist"
            case .confirmation where details.pending == true: event = "Booking request to approve"
            default: event = isBooking ? "New booking" : "New enrolment"
            }
            subject = "\(event): \(facts.title), \(short) – \(facts.client.name)"
            heading = event
            var lines = ["\(what), \(when)."]
            if let previous = details.previousStart { lines.append("Previously: \(Self.short(previous, zone: zone)).") }
            paragraphs = lines
        }
        let toBusiness = kind == .businessNotice
        self.init(
            subject: subject, heading: heading, paragraphs: paragraphs,
            action: toBusiness
                ? nil
                : kind.isCancellation
                    ? "Book again" : isBooking ? "View, change or cancel your booking" : "View or cancel your place",
            footer: toBusiness
                ? "Sent by NBNE Booking to \(tenant.contactEmail), the contact address of \(tenantName)."
                : "You are receiving this because you booked with \(tenantName). Questions? Reply to this email.")
    }

    /// The email with a client's my-bookings link, valid for `minutes`.
    static func myBookingsLink(tenantName: String, minutes: Int) -> MessageWording {
        MessageWording(
            subject: "Your bookings with \(tenantName)", heading: "Your bookings",
            paragraphs: [
                "You asked for a link to your bookings with \(tenantName). It works for the next \(minutes) minutes.",
                "If you did not ask for it, you can ignore this email.",
            ],
            action: "See my bookings",
            footer: "Sent because someone asked for this address's bookings on the website of \(tenantName).")
    }

    /// The email with a portal user's link to choose a password: after "Forgotten your password?", or
    /// an owner's invitation.
    static func accountLink(_ purpose: AccountLinks.Purpose, tenantName: String, minutes: Int) -> MessageWording {
        switch purpose {
        case .reset:
            MessageWording(
                subject: "Choose a new password for \(tenantName)", heading: "Choose a new password",
                paragraphs: [
                    "Someone asked to reset the password of your account at \(tenantName). The link works once, for the next \(NoticeWording.duration(minutes: minutes)).",
                    "If it was not you, ignore this email: your password stays as it is.",
                ],
                action: "Choose a new password",
                footer: "Sent because someone asked to reset this account's password on the staff portal of \(tenantName).")
        case .invite:
            MessageWording(
                subject: "You are invited to \(tenantName)'s staff portal", heading: "Welcome",
                paragraphs: [
                    "You have an account on the staff portal of \(tenantName). Choose your password to sign in. The link works once, for the next \(NoticeWording.duration(minutes: minutes)).",
                    "If you did not expect this, ignore this email.",
                ],
                action: "Choose your password",
                footer: "Sent because the owner of \(tenantName) created an account for this address.")
        }
    }

    /// The labels of an email's details.
    enum Label {
        static let when = "When"
        static let place = "Where"
        static let client = "Client"
        static let price = "Price"
        static let payment = "Payment"
        static func what(isBooking: Bool) -> String { isBooking ? "Service" : "Session" }
        static func who(isBooking: Bool) -> String { isBooking ? "With" : "Instructor" }
    }

    /// The text message: the business, the subject and the manage link.
    static func sms(tenantName: String, subject: String, manageURL: String) -> String {
        "\(tenantName): \(subject). Manage: \(manageURL)"
    }

    /// A calendar event's title: "Cut with Alex – House of Hair".
    static func calendarSummary(title: String, withWhom: String?, tenantName: String) -> String {
        withWhom.map { "\(title) with \($0) – \(tenantName)" } ?? "\(title) – \(tenantName)"
    }

    /// A calendar event's description, with the manage link.
    static func calendarDescription(tenantName: String, manageURL: String) -> String {
        "Booked with \(tenantName). View, change or cancel: \(manageURL)"
    }

    /// "Tuesday 1 December 2026, 10:00–10:45 (London time)", as the website says it.
    static func when(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        "\(format(start, "EEEE d MMMM yyyy, HH:mm", zone))–\(format(end, "HH:mm", zone)) (\(ZoneName.spoken(zone.identifier)))"
    }

    /// "Tue 1 Dec 10:00".
    static func short(_ date: Date, zone: TimeZone) -> String { format(date, "EEE d MMM HH:mm", zone) }

    private static func format(_ date: Date, _ pattern: String, _ zone: TimeZone) -> String {
        FixedDateFormat.string(date, pattern, zone: zone, locale: "en_GB")
    }
}
