import Fluent
import Foundation
import Scheduling

/// The portal's bookings list: the admin API's filters (`BookingSearch`) as a form, 50 to a page,
/// and a CSV of every row the filter finds. Staff see only their own bookings.
struct BookingListPage: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Row: Encodable {
        let when: String
        let service: String
        let staff: String
        let client: String
        let status: String
        let tone: String
        let link: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let action: String
    let from: String
    let to: String
    let query: String
    let statuses: [Option]
    let staff: [Option]?
    let services: [Option]
    let errors: [String: String]
    /// Whether any filter is set (the filter box then starts open).
    let filtered: Bool
    let rows: [Row]?
    let total: String
    let csvLink: String?
    let newerLink: String?
    let olderLink: String?

    static func build(
        site: SiteContext, portal: PortalChrome, search: BookingSearch, problems: FieldProblems, user: PortalSessions.Current,
        scope: TenantScope
    ) async throws -> BookingListPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let base = site.base
        var errors: [String: String] = [:]
        for problem in problems.items where errors[problem.field] == nil {
            errors[problem.field] = "This \(problem.reason)"
        }
        var rows: [Row] = []
        var total = 0
        if problems.isEmpty {
            let query = try await search.query(on: scope.db, tenant: tenant)
            total = try await query.count()
            for booking in try await query.range(search.page.rows).all() {
                let (status, tone) = PortalWording.status(booking.status)
                rows.append(
                    Row(
                        when: "\(PortalDays.shortDay(zone.wallClock(at: booking.startsAt).date)), "
                            + PortalDays.timeSpan(booking.startsAt, booking.endsAt, zone: zone),
                        service: catalog.services[booking.serviceID]?.name ?? "Appointment",
                        staff: catalog.staffNames[booking.staffID] ?? "", client: booking.contactName, status: status, tone: tone,
                        link: SiteURL.portal(.booking(.value(try booking.requireID()))).relative(base: base)))
            }
        }
        let filters: [(String, String?)] = [
            ("from", search.from?.description), ("to", search.to?.description), ("status", search.status?.rawValue),
            ("staff", user.role == .owner ? search.staff?.uuidString.lowercased() : nil),
            ("service", search.service?.uuidString.lowercased()), ("q", search.text),
        ]
        func link(page: Int) -> String {
            SiteURL.portal(.bookings).relative(base: base, query: filters + [("page", page == 1 ? nil : String(page))])
        }
        let page = search.page.page
        let shownStaff = catalog.staffNames.sorted { ($0.value, $0.key.uuidString) < ($1.value, $1.key.uuidString) }
        return BookingListPage(
            site: site, portal: portal, action: SiteURL.portal(.bookings).relative(base: base),
            from: search.from?.description ?? "", to: search.to?.description ?? "", query: search.text ?? "",
            statuses: [Option(value: "", label: "Any", selected: search.status == nil)]
                + BookingStatus.allCases.map {
                    Option(value: $0.rawValue, label: PortalWording.status($0).label, selected: $0 == search.status)
                },
            staff: user.role == .owner
                ? [Option(value: "", label: "Everyone", selected: search.staff == nil)]
                    + shownStaff.map {
                        Option(value: $0.key.uuidString.lowercased(), label: $0.value, selected: $0.key == search.staff)
                    } : nil,
            services: [Option(value: "", label: "Any", selected: search.service == nil)]
                + catalog.services.sorted { ($0.value.name, $0.key.uuidString) < ($1.value.name, $1.key.uuidString) }.map {
                    Option(value: $0.key.uuidString.lowercased(), label: $0.value.name, selected: $0.key == search.service)
                },
            errors: errors, filtered: !errors.isEmpty || filters.contains { $0.1 != nil }, rows: rows.nonEmpty,
            total: problems.isEmpty ? PortalWording.count(total, "booking", "bookings") : "",
            csvLink: total > 0 ? SiteURL.portal(.bookingsCSV).relative(base: base, query: filters) : nil,
            newerLink: page > 1 ? link(page: page - 1) : nil,
            olderLink: total > page * Pagination.perPage ? link(page: page + 1) : nil)
    }
}
