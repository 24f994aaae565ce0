import Foundation
import Scheduling

/// Moving a booking from the portal: the public site's day-and-time picker (`TimePicker`, its markup
/// reused) for the same service and staff member, then "Move to …?" and the move itself.
struct PortalReschedulePage: Encodable {
    struct Alternative: Encodable {
        let label: String
        let link: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let currently: String
    let picker: TimePicker
    let dayBaseLink: String
    let slotsLink: String
    /// "Thursday 10 December 2026 at 10:00" when a time is chosen and awaits confirmation.
    let confirmWhen: String?
    let confirmStart: String?
    let action: String
    let problem: String?
    let alternatives: [Alternative]?
    let backLink: String

    static func build(
        site: SiteContext, portal: PortalChrome, booking: Booking, from: LocalDate?, date: LocalDate?, start: Date?,
        problem: String? = nil, alternatives: [Slot] = [], scope: TenantScope
    ) async throws -> PortalReschedulePage {
        let zone = scope.tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let id = try booking.requireID()
        let base = site.base
        let page = SiteURL.portal(.bookingReschedule(.value(id)))
        let picker = try await TimePicker.build(
            service: booking.serviceID, staff: booking.staffID, excludingBooking: id, from: from, date: date,
            current: booking.startsAt, availability: scope.availability,
            links: .init(
                day: { date, from in page.relative(base: base, query: [("from", from.description), ("date", date?.description)])
                },
                time: { start in page.relative(base: base, query: [("start", ISOTimestamp.string(from: start))]) }))
        let service = catalog.services[booking.serviceID]?.name ?? "Appointment"
        let staff = catalog.staffNames[booking.staffID] ?? "Staff member"
        return PortalReschedulePage(
            site: site, portal: portal, heading: "Move \(service) with \(staff)",
            currently: "\(booking.contactName), now \(PageDates.span(booking.startsAt, booking.endsAt, zone: zone))",
            picker: picker, dayBaseLink: page.relative(base: base, query: [("from", picker.from)]),
            slotsLink: SiteURL.api(.slots).relative(
                base: base,
                query: [
                    ("service", booking.serviceID.uuidString.lowercased()), ("staff", booking.staffID.uuidString.lowercased()),
                ]),
            confirmWhen: start.map { PageDates.dateTime($0, zone: zone) }, confirmStart: start.map(ISOTimestamp.string(from:)),
            action: page.relative(base: base), problem: problem,
            alternatives: alternatives.map {
                Alternative(
                    label: PageDates.short($0.start, zone: zone),
                    link: page.relative(base: base, query: [("start", ISOTimestamp.string(from: $0.start))]))
            }.nonEmpty,
            backLink: SiteURL.portal(.booking(.value(id))).relative(base: base))
    }
}
