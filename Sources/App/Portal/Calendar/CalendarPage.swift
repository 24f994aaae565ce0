import Fluent
import Foundation
import Scheduling

/// The portal's calendar: a day with the staff side by side, or one staff member's week, built as a
/// `CalendarGrid`. Staff users see only their own column.
struct CalendarPage: Encodable {
    struct Choice: Encodable {
        let label: String
        let link: String
        let current: Bool
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let caption: String
    let isWeek: Bool
    let grid: CalendarGrid
    /// On a phone, which column to show.
    let switcher: [Choice]
    let previousLink: String
    let nextLink: String
    let todayLink: String
    let otherViews: [Choice]
    let clockNotice: String?
    let dateAction: String
    let dateValue: String
    let staffValue: String?

    /// The day view of `date`; `focus` is the staff member a phone shows first.
    static func day(
        site: SiteContext, portal: PortalChrome, user: PortalSessions.Current, date: LocalDate, focus: UUID?, scope: TenantScope
    ) async throws -> CalendarPage {
        let zone = scope.tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let (from, until) = (PortalDays.start(of: date, zone: zone), PortalDays.start(of: date.adding(days: 1), zone: zone))
        let bookings = try await loadBookings(
            from: from, until: until, staff: user.role == .staff ? user.staffID : nil, scope: scope)
        let sessions = try await scope.timetable.list(
            tenant: scope.tenant.id, from: from, before: until, status: .scheduled, limit: nil)
        var staff = catalog.activeStaff.union(bookings.map(\.staffID)).union(sessions.compactMap(\.instructorID))
        if user.role == .staff { staff = staff.filter { $0 == user.staffID } }
        let ordered = staff.sorted {
            (catalog.staffNames[$0] ?? "", $0.uuidString) < (catalog.staffNames[$1] ?? "", $1.uuidString)
        }
        let shown = focus.flatMap { ordered.contains($0) ? $0 : nil } ?? ordered.first
        let closures = try await loadClosures(from: from, until: until, scope: scope)
        let base = site.base
        let columns = ordered.map { id in
            column(
                heading: catalog.staffNames[id] ?? "Staff member", staff: id, date: date, catalog: catalog,
                bookings: bookings.filter { $0.staffID == id }, sessions: sessions.filter { $0.instructorID == id },
                closures: closures, hidden: id != shown, base: base,
                freeContext: "with \(catalog.staffNames[id] ?? "staff member")")
        }
        let today = zone.wallClock(at: scope.now).date
        func link(_ day: LocalDate) -> String {
            SiteURL.portal(.calendar).relative(
                base: base, query: [("date", day.description), ("staff", shown?.uuidString.lowercased())])
        }
        return CalendarPage(
            site: site, portal: portal, heading: PageDates.dayWithYear(date) + (date == today ? " (today)" : ""),
            caption: "Bookings on \(PageDates.dayWithYear(date)), by staff member",
            isWeek: false,
            grid: grid(columns, scope: scope, base: base),
            switcher: ordered.count > 1
                ? ordered.map { id in
                    Choice(
                        label: catalog.staffNames[id] ?? "Staff member",
                        link: SiteURL.portal(.calendar).relative(
                            base: base, query: [("date", date.description), ("staff", id.uuidString.lowercased())]),
                        current: id == shown)
                } : [],
            previousLink: link(date.adding(days: -1)), nextLink: link(date.adding(days: 1)), todayLink: link(today),
            otherViews: ordered.map { id in
                Choice(
                    label: "\(catalog.staffNames[id] ?? "Staff member")'s week",
                    link: SiteURL.portal(.calendarWeek).relative(
                        base: base, query: [("staff", id.uuidString.lowercased()), ("date", date.description)]), current: false)
            },
            clockNotice: clockNotice(date, zone: zone), dateAction: SiteURL.portal(.calendar).relative(base: base),
            dateValue: date.description, staffValue: nil)
    }

    /// The week (Monday to Sunday) holding `date`, for one staff member.
    static func week(
        site: SiteContext, portal: PortalChrome, staff: UUID, date: LocalDate, scope: TenantScope
    ) async throws -> CalendarPage {
        let zone = scope.tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let monday = date.adding(days: 1 - date.weekday.isoNumber)
        let (from, until) = (PortalDays.start(of: monday, zone: zone), PortalDays.start(of: monday.adding(days: 7), zone: zone))
        let bookings = try await loadBookings(from: from, until: until, staff: staff, scope: scope)
        let sessions = try await scope.timetable.list(
            tenant: scope.tenant.id, from: from, before: until, status: .scheduled, limit: nil
        ).filter { $0.instructorID == staff }
        let closures = try await loadClosures(from: from, until: until, scope: scope)
        let base = site.base
        let name = catalog.staffNames[staff] ?? "Staff member"
        let days = (0..<7).map { monday.adding(days: $0) }
        let columns = days.map { day in
            column(
                heading: PortalDays.shortDay(day), staff: staff, date: day, catalog: catalog,
                bookings: bookings.filter { zone.wallClock(at: $0.startsAt).date == day },
                sessions: sessions.filter { zone.wallClock(at: $0.startsAt).date == day }, closures: closures,
                hidden: day != date, base: base, freeContext: "on \(PageDates.day(day))")
        }
        let id = staff.uuidString.lowercased()
        func link(_ day: LocalDate) -> String {
            SiteURL.portal(.calendarWeek).relative(base: base, query: [("staff", id), ("date", day.description)])
        }
        let today = zone.wallClock(at: scope.now).date
        return CalendarPage(
            site: site, portal: portal, heading: "\(name), week of \(PageDates.day(monday))",
            caption: "\(name)'s bookings, week of \(PageDates.dayWithYear(monday)), by day", isWeek: true,
            grid: grid(columns, scope: scope, base: base),
            switcher: days.map { Choice(label: PortalDays.shortDay($0), link: link($0), current: $0 == date) },
            previousLink: link(date.adding(days: -7)), nextLink: link(date.adding(days: 7)), todayLink: link(today),
            otherViews: [
                Choice(
                    label: "Everyone on \(PortalDays.shortDay(date))",
                    link: SiteURL.portal(.calendar).relative(base: base, query: [("date", date.description), ("staff", id)]),
                    current: false)
            ],
            clockNotice: days.lazy.compactMap { clockNotice($0, zone: zone) }.first,
            dateAction: SiteURL.portal(.calendarWeek).relative(base: base), dateValue: date.description, staffValue: id)
    }

    private static func grid(_ columns: [CalendarGrid.Column], scope: TenantScope, base: String) -> CalendarGrid {
        CalendarGrid.build(
            columns: columns, intervalMinutes: scope.tenant.slotIntervalMinutes, zone: scope.tenant.timeZone, now: scope.now
        ) { staff, start in
            SiteURL.portal(.phoneIn).relative(
                base: base, query: [("staff", staff.uuidString.lowercased()), ("start", ISOTimestamp.string(from: start))])
        }
    }

    private static func column(
        heading: String, staff: UUID, date: LocalDate, catalog: CatalogSnapshot, bookings: [Booking], sessions: [SessionRow],
        closures: [Closure], hidden: Bool, base: String, freeContext: String
    ) -> CalendarGrid.Column {
        let weekly = catalog.hours.staff[staff] ?? .closed
        let effective = catalog.hours.opening.map { weekly.intersected(with: $0) } ?? weekly
        var items: [CalendarGrid.Item] = bookings.compactMap { booking in
            guard let id = booking.id else { return nil }
            let (status, tone) = PortalWording.status(booking.status)
            let service = catalog.services[booking.serviceID]?.name ?? "Appointment"
            return CalendarGrid.Item(
                start: booking.startsAt, end: booking.endsAt, kind: .booking, title: "\(service), \(booking.contactName)",
                detail: booking.status == .confirmed ? nil : status,
                link: SiteURL.portal(.booking(.value(id))).relative(base: base),
                tone: tone, occupied: (booking.blockedFrom, booking.blockedUntil))
        }
        for session in sessions {
            items.append(
                CalendarGrid.Item(
                    start: session.startsAt, end: session.endsAt, kind: .session, title: session.title,
                    detail: "\(session.booked) of \(session.capacity) places taken",
                    link: SiteURL.portal(.classPage(.value(session.id))).relative(base: base), tone: "ok"))
        }
        for closure in closures where closure.staffID == nil || closure.staffID == staff {
            items.append(
                CalendarGrid.Item(
                    start: closure.startsAt, end: closure.endsAt, kind: closure.staffID == nil ? .closure : .timeOff,
                    title: closure.staffID == nil ? "Closed" : "Time off", detail: closure.reason.nonEmpty, link: nil, tone: "off"
                ))
        }
        return CalendarGrid.Column(
            heading: heading, date: date, staffID: staff, working: effective.ranges(on: date.weekday), items: items,
            hiddenOnPhone: hidden, freeContext: freeContext)
    }

    /// Bookings that are not cancelled, starting in `[from, until)`; one staff member's when given.
    private static func loadBookings(from: Date, until: Date, staff: UUID?, scope: TenantScope) async throws -> [Booking] {
        var query = Booking.query(on: scope.db, tenant: scope.tenant.id).filter(\.$startsAt >= from).filter(\.$startsAt < until)
            .filter(\.$status != .cancelled)
        if let staff { query = query.filter(\.$staffID == staff) }
        return try await query.sort(\.$startsAt).all()
    }

    private static func loadClosures(from: Date, until: Date, scope: TenantScope) async throws -> [Closure] {
        try await Closure.query(on: scope.db, tenant: scope.tenant.id).filter(\.$startsAt < until).filter(\.$endsAt > from).all()
    }

    /// "The clocks go forward an hour at 01:00." on a day they change.
    static func clockNotice(_ date: LocalDate, zone: TimeZone) -> String? {
        let start = PortalDays.start(of: date, zone: zone)
        let end = PortalDays.start(of: date.adding(days: 1), zone: zone)
        guard let change = zone.nextDaylightSavingTimeTransition(after: start.addingTimeInterval(-1)), change < end else {
            return nil
        }
        let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
        let after = zone.secondsFromGMT(for: change)
        guard before != after else { return nil }
        let wall = zone.wallClock(at: change.addingTimeInterval(-1)).time.minutes + 1
        let at = PageDates.time(WallTime(minutes: wall % 1440) ?? WallTime(minutes: 0)!)
        return after > before
            ? "The clocks go forward an hour at \(at) on \(PageDates.day(date)): times from \(at) to the hour after do not happen."
            : "The clocks go back an hour at \(at) on \(PageDates.day(date)): the hour before \(at) happens twice."
    }
}
