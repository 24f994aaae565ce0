import Foundation
import Scheduling

/// Booking for a client who called, in three steps on one address: the service (when coming from a
/// free time in the calendar, only services that fit there), then the staff member and time, then
/// the client (found by search or typed new). Times come from the same engine as the public site's,
/// with the owner's override of minimum notice and the advance window (`BookingService.Mode.admin`).
struct PhoneInPage: Encodable {
    struct Choice: Encodable {
        let label: String
        let detail: String?
        let link: String
        let current: Bool
    }

    struct Summary: Encodable {
        let service: String
        let withWhom: String
        let when: String?
    }

    struct ClientForm: Encodable {
        let action: String
        let service: String
        let staff: String
        let start: String
        let contact: ContactForm.View
        let searchAction: String
        let query: String
        let matches: [Choice]?
        let searched: Bool
        let problem: String?
        let alternatives: [Choice]?
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let summary: Summary?
    let services: [Choice]?
    let noServiceFits: String?
    let staffChoices: [Choice]?
    let day: String?
    let previousDay: String?
    let nextDay: String?
    let times: [Choice]?
    let noTimes: Bool
    let client: ClientForm?
    let startAgain: String

    /// What the address says so far.
    struct Choices: Sendable {
        var service: UUID?
        /// nil: anyone.
        var staff: UUID?
        var start: Date?
        var date: LocalDate?
        var query: String = ""
        var client: UUID?
    }

    static func build(
        site: SiteContext, portal: PortalChrome, choices: Choices, user: PortalSessions.Current, scope: TenantScope,
        contact: ContactForm.View? = nil, problem: String? = nil, alternatives: [Slot] = []
    ) async throws -> PhoneInPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let base = site.base
        let staffValue = choices.staff?.uuidString.lowercased() ?? "any"
        func link(_ service: UUID?, _ staff: String?, start: Date? = nil, date: LocalDate? = nil, client: UUID? = nil) -> String {
            SiteURL.portal(.phoneIn).relative(
                base: base,
                query: [
                    ("service", service?.uuidString.lowercased()), ("staff", staff),
                    ("start", start.map(ISOTimestamp.string(from:))),
                    ("date", date?.description), ("client", client?.uuidString.lowercased()),
                ])
        }
        let startAgain = SiteURL.portal(.phoneIn).relative(base: base)
        func staffName(_ id: UUID?) -> String { id.flatMap { catalog.staffNames[$0] } ?? "Anyone available" }

        // Step 1: the service.
        guard let serviceID = choices.service, let service = catalog.services[serviceID] else {
            var services: [Choice] = []
            for id in catalog.bookableServices {
                guard let info = catalog.services[id] else { continue }
                if let staff = choices.staff, !(catalog.performers[id] ?? []).contains(staff) { continue }
                if let start = choices.start {
                    // From a free time: only services that fit there.
                    let day = zone.wallClock(at: start).date
                    let slots = try await scope.availability.slots(
                        .init(serviceID: id, staffID: choices.staff, from: day, to: day), adjust: BookingService.Mode.admin.adjust
                    )
                    guard slots.contains(where: { $0.start == start }) else { continue }
                }
                services.append(
                    Choice(
                        label: info.name, detail: "\(info.timing.durationMinutes) minutes",
                        link: link(id, choices.staff.map { $0.uuidString.lowercased() }, start: choices.start), current: false))
            }
            return PhoneInPage(
                site: site, portal: portal, heading: "Phone-in: choose the service",
                summary: choices.start.map {
                    Summary(
                        service: "Not chosen yet", withWhom: staffName(choices.staff), when: PageDates.dateTime($0, zone: zone))
                },
                services: services.nonEmpty,
                noServiceFits: services.isEmpty
                    ? (choices.start == nil
                        ? "There is nothing to book yet: add a service and a staff member who performs it."
                        : "No service fits at that time with \(staffName(choices.staff)). Choose another time in the calendar.")
                    : nil,
                staffChoices: nil, day: nil, previousDay: nil, nextDay: nil, times: nil, noTimes: false, client: nil,
                startAgain: startAgain)
        }

        // Step 2: who and when.
        guard let start = choices.start else {
            let today = zone.wallClock(at: scope.now).date
            let date = choices.date ?? today
            let slots = try await scope.availability.slots(
                .init(serviceID: serviceID, staffID: choices.staff, from: date, to: date),
                adjust: BookingService.Mode.admin.adjust)
            var staffChoices: [Choice] = []
            if user.role == .owner {
                staffChoices.append(
                    Choice(
                        label: "Anyone available", detail: nil, link: link(serviceID, "any", date: date),
                        current: choices.staff == nil))
            }
            for id in catalog.performers[serviceID] ?? [] where user.role == .owner || id == user.staffID {
                staffChoices.append(
                    Choice(
                        label: catalog.staffNames[id] ?? "Staff member", detail: nil,
                        link: link(serviceID, id.uuidString.lowercased(), date: date), current: choices.staff == id))
            }
            let times = slots.filter { $0.start >= scope.now }.map { slot in
                Choice(
                    label: PageDates.time(zone.wallClock(at: slot.start).time), detail: nil,
                    link: link(serviceID, staffValue, start: slot.start), current: false)
            }
            return PhoneInPage(
                site: site, portal: portal, heading: "Phone-in: choose the time",
                summary: Summary(service: service.name, withWhom: staffName(choices.staff), when: nil), services: nil,
                noServiceFits: nil, staffChoices: staffChoices, day: PageDates.dayWithYear(date),
                previousDay: date > today ? link(serviceID, staffValue, date: date.adding(days: -1)) : nil,
                nextDay: link(serviceID, staffValue, date: date.adding(days: 1)), times: times.nonEmpty, noTimes: times.isEmpty,
                client: nil, startAgain: startAgain)
        }

        // Step 3: the client.
        let staffScope = user.role == .staff ? user.staffID : nil
        let matches = try await ClientSearch.matching(choices.query, tenant: tenant.id, staff: staffScope, on: scope.db)
        var form = contact
        if form == nil, let chosen = choices.client,
            let match = try await ClientSearch.find(chosen, tenant: tenant.id, staff: staffScope, on: scope.db)
        {
            form = ContactForm(name: match.name, email: match.email, phone: match.phone).view()
        }
        return PhoneInPage(
            site: site, portal: portal, heading: "Phone-in: the client",
            summary: Summary(
                service: service.name, withWhom: staffName(choices.staff),
                when: PageDates.span(start, service.timing.appointment(startingAt: start).end, zone: zone)),
            services: nil, noServiceFits: nil, staffChoices: nil, day: nil, previousDay: nil, nextDay: nil, times: nil,
            noTimes: false,
            client: ClientForm(
                action: startAgain, service: serviceID.uuidString.lowercased(), staff: staffValue,
                start: ISOTimestamp.string(from: start), contact: form ?? ContactForm.empty.view(), searchAction: startAgain,
                query: choices.query,
                matches: matches.map { match in
                    Choice(
                        label: match.name, detail: [match.email, match.phone].compactMap { $0 }.joined(separator: " · "),
                        link: link(serviceID, staffValue, start: start, client: match.id), current: match.id == choices.client)
                }.nonEmpty,
                searched: !choices.query.isEmpty, problem: problem,
                alternatives: alternatives.map { slot in
                    Choice(
                        label: PageDates.short(slot.start, zone: zone), detail: nil,
                        link: link(serviceID, staffValue, start: slot.start), current: false)
                }.nonEmpty),
            startAgain: startAgain)
    }
}
