import Fluent
import Foundation
import Scheduling

/// The portal's home: one day's bookings and classes in time order (today unless `date` says
/// otherwise), what needs attention (bookings awaiting confirmation, messages that gave up), and
/// the next days' counts. Staff see only their own bookings and classes.
struct TodayPage: Encodable {
    /// A booking or a class on the day's list.
    struct Entry: Encodable {
        let time: String
        let title: String
        let detail: String
        let staff: String?
        let status: String
        let tone: String
        let link: String?
    }

    struct Day: Encodable {
        let label: String
        let summary: String
        let link: String
    }

    struct FailedMessage: Encodable {
        let what: String
        let when: String
        let reason: String
        let retryAction: String
        let bookingLink: String?
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let isToday: Bool
    let todayLink: String
    let previousLink: String
    let nextLink: String
    let entries: [Entry]?
    let cancelled: String?
    let awaiting: [Entry]?
    let failed: [FailedMessage]?
    let nextDays: [Day]
    let notice: String?

    static let daysAhead = 6

    static func build(
        site: SiteContext, portal: PortalChrome, user: PortalSessions.Current, date requested: LocalDate?, notice: String?,
        scope: TenantScope
    ) async throws -> TodayPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        let today = zone.wallClock(at: scope.now).date
        let date = requested ?? today
        let catalog = try await scope.catalogSnapshot()
        let staffOnly = user.role == .staff ? (user.staffID ?? UUID()) : nil
        let base = site.base
        func dayLink(_ day: LocalDate) -> String {
            SiteURL.portal(.today).relative(base: base, query: [("date", day == today ? nil : day.description)])
        }

        let (dayStart, dayEnd) = (PortalDays.start(of: date, zone: zone), PortalDays.start(of: date.adding(days: 1), zone: zone))
        var bookings = Booking.query(on: scope.db, tenant: tenant.id).filter(\.$startsAt >= dayStart)
            .filter(\.$startsAt < dayEnd)
        if let staffOnly { bookings = bookings.filter(\.$staffID == staffOnly) }
        let dayBookings = try await bookings.sort(\.$startsAt).all()

        var sessions = try await scope.timetable.list(tenant: tenant.id, from: dayStart, before: dayEnd, status: nil, limit: nil)
        if let staffOnly { sessions = sessions.filter { $0.instructorID == staffOnly } }
        let waiting = try await SessionWaitlists.counts(sessions.map(\.id), tenant: tenant.id, on: scope.db)

        var timed: [(Date, Entry)] = []
        for booking in dayBookings where booking.status != .cancelled {
            timed.append((booking.startsAt, try entry(booking, catalog: catalog, zone: zone, base: base, withDate: false)))
        }
        for session in sessions {
            let seats = "\(session.booked) of \(session.capacity) places taken"
            let queue = waiting[session.id].map { ", \($0) waiting" } ?? ""
            let cancelled = session.status == .cancelled
            timed.append(
                (
                    session.startsAt,
                    Entry(
                        time: PortalDays.timeSpan(session.startsAt, session.endsAt, zone: zone), title: session.title,
                        detail: seats + queue, staff: session.instructorID.flatMap { catalog.staffNames[$0] },
                        status: cancelled ? "Cancelled" : "Class", tone: cancelled ? "off" : "ok",
                        link: SiteURL.portal(.classPage(.value(session.id))).relative(base: base))
                ))
        }
        timed.sort { $0.0 < $1.0 }
        let cancelledCount = dayBookings.filter { $0.status == .cancelled }.count

        var pending = Booking.query(on: scope.db, tenant: tenant.id).filter(\.$status == .pending)
            .filter(\.$startsAt >= scope.now)
        if let staffOnly { pending = pending.filter(\.$staffID == staffOnly) }
        let awaiting = try await pending.sort(\.$startsAt).limit(20).all()

        var failed: [FailedMessage] = []
        if user.role == .owner {
            let dead = try await OutboxMessage.query(on: scope.db, tenant: tenant.id).filter(\.$status == .dead)
                .sort(\.$updatedAt, .descending).limit(10).all()
            for message in dead {
                failed.append(
                    FailedMessage(
                        what: PortalWording.message(message.kind, message.channel),
                        when: PageDates.short(message.updatedAt, zone: zone),
                        reason: message.lastError.map { String($0.prefix(200)) } ?? "No reason was recorded.",
                        retryAction: SiteURL.portal(.messageRetry(.value(try message.requireID()))).relative(base: base),
                        bookingLink: message.bookingID.map { SiteURL.portal(.booking(.value($0))).relative(base: base) }))
            }
        }

        let nextDays = try await counts(after: date, user: staffOnly, scope: scope).map { day, bookings, classes in
            var parts: [String] = []
            if tenant.kind == .appointments || bookings > 0 { parts.append(PortalWording.count(bookings, "booking", "bookings")) }
            if tenant.kind == .sessions || classes > 0 { parts.append(PortalWording.count(classes, "class", "classes")) }
            return Day(label: PortalDays.shortDay(day), summary: parts.joined(separator: ", "), link: dayLink(day))
        }

        return TodayPage(
            site: site, portal: portal,
            heading: date == today ? "Today, \(PageDates.day(date))" : PageDates.dayWithYear(date),
            isToday: date == today, todayLink: dayLink(today), previousLink: dayLink(date.adding(days: -1)),
            nextLink: dayLink(date.adding(days: 1)), entries: timed.map(\.1).nonEmpty,
            cancelled: cancelledCount == 0 ? nil : PortalWording.count(cancelledCount, "cancelled booking", "cancelled bookings"),
            awaiting: try awaiting.map { try entry($0, catalog: catalog, zone: zone, base: base, withDate: true) }.nonEmpty,
            failed: failed.nonEmpty, nextDays: nextDays, notice: notice)
    }

    static func entry(_ booking: Booking, catalog: CatalogSnapshot, zone: TimeZone, base: String, withDate: Bool) throws
        -> Entry
    {
        let (status, tone) = PortalWording.status(booking.status)
        let time = PortalDays.timeSpan(booking.startsAt, booking.endsAt, zone: zone)
        return Entry(
            time: withDate ? "\(PortalDays.shortDay(zone.wallClock(at: booking.startsAt).date)), \(time)" : time,
            title: catalog.services[booking.serviceID]?.name ?? "Appointment", detail: booking.contactName,
            staff: catalog.staffNames[booking.staffID], status: status, tone: tone,
            link: SiteURL.portal(.booking(.value(try booking.requireID()))).relative(base: base))
    }

    /// Active bookings and scheduled classes on each of the `daysAhead` days after `date`.
    private static func counts(after date: LocalDate, user staffOnly: UUID?, scope: TenantScope) async throws
        -> [(LocalDate, Int, Int)]
    {
        let zone = scope.tenant.timeZone
        let first = date.adding(days: 1)
        let (from, until) = (
            PortalDays.start(of: first, zone: zone), PortalDays.start(of: first.adding(days: daysAhead), zone: zone)
        )
        var query = Booking.query(on: scope.db, tenant: scope.tenant.id).filter(\.$startsAt >= from).filter(\.$startsAt < until)
            .filter(\.$status ~~ BookingStatus.active)
        if let staffOnly { query = query.filter(\.$staffID == staffOnly) }
        let starts = try await query.field(\.$startsAt).all().map(\.startsAt)
        var sessions = try await scope.timetable.list(
            tenant: scope.tenant.id, from: from, before: until, status: .scheduled, limit: nil)
        if let staffOnly { sessions = sessions.filter { $0.instructorID == staffOnly } }
        let bookingDays = Dictionary(grouping: starts, by: { zone.wallClock(at: $0).date }).mapValues(\.count)
        let classDays = Dictionary(grouping: sessions, by: { zone.wallClock(at: $0.startsAt).date }).mapValues(\.count)
        return (0..<daysAhead).map { offset in
            let day = first.adding(days: offset)
            return (day, bookingDays[day] ?? 0, classDays[day] ?? 0)
        }
    }
}
