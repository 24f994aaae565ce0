import Fluent
import Foundation
import Vapor

/// `/manage/<token>`: a summary first (what, when, with whom, where), then what the tenant's policy
/// still allows (cancel, and for appointments reschedule) with the deadline in local time; past the
/// deadline, the business's phone and email instead.
struct ManagePage: Encodable {
    struct Row: Encodable {
        let label: String
        let value: String
        /// A map of the place, beside an address.
        var mapLink: String? = nil
        /// What, when and with whom: all the pages that choose a new time show.
        var essential = false
    }
    struct Banner: Encodable {
        let title: String
        let text: String
    }

    let site: SiteContext
    let heading: String
    let banner: Banner?
    let problem: String?
    let rows: [Row]
    let isBooking: Bool
    /// "Cancel booking", "Cancel my place" or "Leave the waitlist".
    let cancelLabel: String
    /// The cancel page's question and its button ("Leave the waitlist?", "Yes, leave it").
    let cancelQuestion: String
    let cancelConfirm: String
    let isCancelled: Bool
    let canChange: Bool
    let canReschedule: Bool
    let deadline: String?
    let contactEmail: String
    let contactPhone: String?
    /// The phone as a `tel:` link wants it: digits and a leading +.
    let contactPhoneLink: String?
    let calendarLink: String?
    let cancelLink: String
    let rescheduleLink: String
    let bookAgainLink: String
    /// The address of this page, to keep.
    let manageURL: String

    static func build(
        site: SiteContext, item: ManagedItem, token: String, done: String?, problem: String? = nil, scope: TenantScope,
        pageURL: String
    ) async throws -> ManagePage {
        let (tenant, now, db) = (scope.tenant, scope.now, scope.db)
        let catalog = try await scope.catalogSnapshot()
        let zone = tenant.timeZone
        var rows: [Row] = []
        let heading: String
        let status: String
        var isBooking = false
        var waitlistPosition: Int?
        switch item {
        case .booking(let booking):
            isBooking = true
            heading = "Your booking"
            rows.append(
                Row(label: "What", value: catalog.services[booking.serviceID]?.name ?? "Appointment", essential: true))
            rows.append(
                Row(label: "When", value: PageDates.span(booking.startsAt, booking.endsAt, zone: zone), essential: true))
            if let staff = catalog.staffNames[booking.staffID] {
                rows.append(Row(label: "With", value: staff, essential: true))
            }
            if let place = tenant.place() {
                rows.append(Row(label: "Where", value: place, mapLink: MapLink.search(place)))
            }
            if let service = catalog.services[booking.serviceID] {
                rows.append(Row(label: "Price", value: Money.text(cents: service.priceCents, currency: service.currency)))
            }
            rows.append(Row(label: "Payment", value: tenant.paymentWording))
            rows.append(Row(label: "Name", value: booking.contactName))
            rows.append(Row(label: "Email", value: booking.contactEmail))
            status =
                switch booking.status {
                case .pending: "Waiting for \(tenant.name) to confirm"
                case .confirmed: "Confirmed"
                case .completed: "Completed"
                case .cancelled: "Cancelled"
                case .noShow: "Missed"
                }
        case .enrollment(let enrollment, let session):
            heading = enrollment.status == .waitlisted ? "Your waitlist place" : "Your place"
            rows.append(Row(label: "What", value: session.title, essential: true))
            rows.append(Row(label: "When", value: PageDates.span(session.startsAt, session.endsAt, zone: zone), essential: true))
            if let place = tenant.place(venue: session.location) {
                rows.append(Row(label: "Where", value: place, mapLink: MapLink.search(place)))
            }
            if let instructor = session.instructorID, let staff = catalog.staffNames[instructor] {
                rows.append(Row(label: "With", value: staff, essential: true))
            }
            rows.append(Row(label: "Price", value: Money.text(cents: session.priceCents, currency: session.currency)))
            rows.append(Row(label: "Payment", value: tenant.paymentWording))
            rows.append(Row(label: "Name", value: enrollment.contactName))
            rows.append(Row(label: "Email", value: enrollment.contactEmail))
            if enrollment.status == .waitlisted {
                waitlistPosition = try await EnrollmentService.waitlistPosition(
                    of: enrollment.id, session: enrollment.sessionID, tenant: tenant.id, on: db)
            }
            status =
                switch (enrollment.status, session.status) {
                case (_, .cancelled): "This class has been cancelled"
                case (.enrolled, _): "Place confirmed"
                case (.waitlisted, _): waitlistPosition.map { "On the waitlist: number \($0) in the queue" } ?? "On the waitlist"
                case (.cancelled, _): "Cancelled"
                }
        }
        rows.append(Row(label: "Status", value: status))
        let deadline = item.deadline(cutoffHours: tenant.cancellationCutoffHours)
        let isPast = item.start <= now
        let canChange = item.isActive && !isPast && now <= deadline
        // The phone is shown only when the actions are not (past the cut-off).
        let phone = canChange || !item.isActive ? nil : tenant.phone.nonEmpty
        let hasCalendar = item.isActive && !isPast && waitlistPosition == nil
        return ManagePage(
            site: site, heading: heading, banner: banner(for: done, item: item), problem: problem, rows: rows,
            isBooking: isBooking,
            cancelLabel: isBooking ? "Cancel booking" : item.isWaitlisted ? "Leave the waitlist" : "Cancel my place",
            cancelQuestion: isBooking
                ? "Cancel this booking?" : item.isWaitlisted ? "Leave the waitlist?" : "Cancel your place?",
            cancelConfirm: item.isWaitlisted ? "Yes, leave the waitlist" : "Yes, cancel it",
            isCancelled: !item.isActive, canChange: canChange, canReschedule: canChange && isBooking,
            deadline: item.isActive && !isPast
                ? "\(PageDates.dateTime(deadline, zone: zone)) (\(PageDates.zoneName(tenant.timezone)))" : nil,
            contactEmail: tenant.contactEmail, contactPhone: phone, contactPhoneLink: phone.map(HomePage.telLink),
            calendarLink: hasCalendar ? SiteURL.manageCalendar(.value(token)).relative(base: site.base) : nil,
            cancelLink: SiteURL.manageCancel(.value(token)).relative(base: site.base),
            rescheduleLink: SiteURL.manageReschedule(.value(token)).relative(base: site.base),
            bookAgainLink: (tenant.kind == .appointments ? SiteURL.book : .sessions).relative(base: site.base), manageURL: pageURL
        )
    }

    /// The message after an action (`?done=`), shown once above the summary.
    private static func banner(for done: String?, item: ManagedItem) -> Banner? {
        let sentTo = "We have emailed a confirmation to \(item.contactEmail), with a link back to this page."
        switch done {
        case "booked":
            if case .booking(let booking) = item, booking.status == .pending {
                return Banner(
                    title: "Request received",
                    text: "The business will confirm your booking by email. Keep this page's link to check or cancel it.")
            }
            return Banner(title: "Booking confirmed", text: sentTo)
        case "enrolled":
            return Banner(title: "Place booked", text: sentTo)
        case "waitlisted":
            return Banner(
                title: "You are on the waitlist",
                text: "If a place comes free it is yours automatically, and we will email \(item.contactEmail).")
        case "moved":
            return Banner(
                title: "Booking moved",
                text: "Your booking now has the time below. We have emailed the new details to \(item.contactEmail).")
        case "cancelled":
            return Banner(title: "Cancelled", text: "We have emailed \(item.contactEmail) to confirm the cancellation.")
        default: return nil
        }
    }
}
