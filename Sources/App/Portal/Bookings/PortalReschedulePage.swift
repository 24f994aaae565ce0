import Foundation
import Scheduling

/// Moving a booking from the portal: the public site's day-and-time picker (`TimePicker`, its markup
/// reused) for the same service and staff member, then "Move to …?" and the move itself.
struct PortalReschedulePage: Encodable {
    struct Alternative: Encodable {
        let label: String
        let link: String
    }

    struct StaffOption: Encodable {
        let name: String
        let link: String
        let current: Bool
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let currently: String
    let picker: TimePicker
    let dayBaseLink: String
    let slotsLink: String
    /// "Thursday 10 December 2026 at 10:00" when a time is chosen and awaits confirmation.
    /// Who with: as booked, anyone available, or another staff member who performs the service
    /// (owners only; empty for staff, who move bookings within their own column).
    let staffChoices: [StaffOption]?
    /// `any` or a staff id when moving to someone else, for the confirmation form.
    let staff: String?
    let confirmWhen: String?
    let confirmStart: String?
    let action: String
    let problem: String?
    let alternatives: [Alternative]?
    let backLink: String

    static func build(
        site: SiteContext, portal: PortalChrome, booking: Booking, from: LocalDate?, date: LocalDate?, start: Date?,
        staff staffParameter: String? = nil, mayChooseStaff: Bool = true, problem: String? = nil, alternatives: [Slot] = [],
        scope: TenantScope
    ) async throws -> PortalReschedulePage {
        let zone = scope.tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let id = try booking.requireID()
        let base = site.base
        let page = SiteURL.portal(.bookingReschedule(.value(id)))
        let staffParameter = mayChooseStaff ? staffParameter : nil
        let keep = [("staff", staffParameter)]
        let pickerStaff: UUID? =
            switch ManagePagesController.staffChoice(staffParameter) {
            case .same: booking.staffID
            case .anyone: nil
            case .member(let member): member
            }
        let picker = try await TimePicker.build(
            service: booking.serviceID, staff: pickerStaff, excludingBooking: id, from: from, date: date,
            current: booking.startsAt, availability: scope.availability,
            links: .init(
                day: { date, from in
                    page.relative(base: base, query: [("from", from.description), ("date", date?.description)] + keep)
                },
                time: { start in page.relative(base: base, query: [("start", ISOTimestamp.string(from: start))] + keep) }))
        let service = catalog.services[booking.serviceID]?.name ?? "Appointment"
        let staff = catalog.staffNames[booking.staffID] ?? "Staff member"
        var choices = [
            StaffOption(name: "\(staff) (as booked)", link: page.relative(base: base), current: staffParameter == nil),
            StaffOption(
                name: "Anyone available", link: page.relative(base: base, query: [("staff", "any")]),
                current: staffParameter == "any"),
        ]
        for member in catalog.performers[booking.serviceID] ?? [] where member != booking.staffID {
            let value = member.uuidString.lowercased()
            choices.append(
                StaffOption(
                    name: catalog.staffNames[member] ?? "Staff member",
                    link: page.relative(base: base, query: [("staff", value)]),
                    current: staffParameter == value))
        }
        return PortalReschedulePage(
            site: site, portal: portal, heading: "Move \(service) with \(staff)",
            currently: "\(booking.contactName), now \(PageDates.span(booking.startsAt, booking.endsAt, zone: zone))",
            picker: picker, dayBaseLink: page.relative(base: base, query: [("from", picker.from)] + keep),
            slotsLink: SiteURL.api(.slots).relative(
                base: base,
                query: [
                    ("service", booking.serviceID.uuidString.lowercased()), ("staff", pickerStaff?.uuidString.lowercased()),
                ]),
            staffChoices: mayChooseStaff ? choices : nil, staff: staffParameter,
            confirmWhen: start.map { start in
                let withWhom: String? =
                    switch ManagePagesController.staffChoice(staffParameter) {
                    case .same: nil
                    case .anyone: "anyone available"
                    case .member(let member): catalog.staffNames[member]
                    }
                return PageDates.dateTime(start, zone: zone) + (withWhom.map { " with \($0)" } ?? "")
            }, confirmStart: start.map(ISOTimestamp.string(from:)),
            action: page.relative(base: base), problem: problem,
            alternatives: alternatives.map {
                Alternative(
                    label: PageDates.short($0.start, zone: zone),
                    link: page.relative(base: base, query: [("start", ISOTimestamp.string(from: $0.start))] + keep))
            }.nonEmpty,
            backLink: SiteURL.portal(.booking(.value(id))).relative(base: base))
    }
}
