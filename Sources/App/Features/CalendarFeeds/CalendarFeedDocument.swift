import Fluent
import Foundation

/// A calendar feed as RFC 5545 text: one VEVENT per booking and class in the window (30 days back,
/// 180 ahead), times in UTC, a UID stable per booking or class, a SEQUENCE that rises with every
/// change (seconds since 2020 at the last change), and cancelled ones kept as STATUS:CANCELLED for
/// 30 days after they were cancelled, so subscribed calendars drop them. A client appears only by
/// first name beside the service, so a leaked feed leaks little.
enum CalendarFeedDocument {
    static let daysBack = 30
    static let daysAhead = 180

    static func render(_ feed: CalendarFeed, tenant: TenantContext, host: String, now: Date, on db: any Database) async throws
        -> String
    {
        let from = now.addingTimeInterval(-Double(daysBack) * 86400)
        let until = now.addingTimeInterval(Double(daysAhead) * 86400)
        let bookings = Booking.query(on: db, tenant: tenant.id).filter(\.$startsAt >= from).filter(\.$startsAt < until)
        if let staff = feed.staffID { bookings.filter(\.$staffID == staff) }
        let sessions = ClassSession.query(on: db, tenant: tenant.id).filter(\.$startsAt >= from).filter(\.$startsAt < until)
        if let staff = feed.staffID { sessions.filter(\.$instructorID == staff) }
        let services = Dictionary(
            uniqueKeysWithValues: try await Service.query(on: db, tenant: tenant.id).all().map { (try $0.requireID(), $0.name) })
        let staffNames = Dictionary(
            uniqueKeysWithValues: try await Staff.query(on: db, tenant: tenant.id).all().map { (try $0.requireID(), $0.name) })
        let recentlyCancelled = now.addingTimeInterval(-Double(daysBack) * 86400)
        var events: [[String]] = []
        for booking in try await bookings.sort(\.$startsAt).limit(5000).all() {
            let changed = booking.updatedAt ?? booking.createdAt ?? now
            if booking.status == .cancelled && changed < recentlyCancelled { continue }
            let firstName = booking.contactName.split(separator: " ").first.map(String.init) ?? ""
            var summary = "\(services[booking.serviceID] ?? "Appointment") – \(firstName)"
            if feed.staffID == nil, let staff = staffNames[booking.staffID] { summary += " (\(staff))" }
            events.append(
                event(
                    uid: "booking-\(try booking.requireID().uuidString.lowercased())@\(host)", created: booking.createdAt,
                    changed: changed, now: now,
                    start: booking.startsAt, end: booking.endsAt, cancelled: booking.status == .cancelled, summary: summary,
                    location: nil))
        }
        for session in try await sessions.sort(\.$startsAt).limit(5000).all() {
            let changed = session.updatedAt ?? session.createdAt ?? now
            if session.status == .cancelled && changed < recentlyCancelled { continue }
            events.append(
                event(
                    uid: "class-\(try session.requireID().uuidString.lowercased())@\(host)", created: session.createdAt,
                    changed: changed, now: now,
                    start: session.startsAt, end: session.endsAt, cancelled: session.status == .cancelled,
                    summary: "\(session.title) (\(session.booked) of \(session.capacity))", location: session.location))
        }
        let name = feed.staffID.flatMap { staffNames[$0] }.map { "\(tenant.name): \($0)" } ?? tenant.name
        let lines =
            [
                "BEGIN:VCALENDAR", "PRODID:-//NBNE Booking//Calendar feed//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH", "X-WR-CALNAME:\(CalendarInvite.text(name))", "X-PUBLISHED-TTL:PT15M",
                "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
            ] + events.flatMap { $0 } + ["END:VCALENDAR"]
        return lines.map(CalendarInvite.fold).joined(separator: "\r\n") + "\r\n"
    }

    private static func event(
        uid: String, created: Date?, changed: Date, now: Date, start: Date, end: Date, cancelled: Bool, summary: String,
        location: String?
    ) -> [String] {
        // Seconds since 2020 at the last change; one more when changed within the second it was made.
        let sequence = CalendarInvite.sequence(at: changed) + (created.map { changed > $0 ? 1 : 0 } ?? 0)
        var lines = [
            "BEGIN:VEVENT", "UID:\(CalendarInvite.text(uid))", "SEQUENCE:\(sequence)",
            "DTSTAMP:\(CalendarInvite.utc(now))", "LAST-MODIFIED:\(CalendarInvite.utc(changed))",
            "DTSTART:\(CalendarInvite.utc(start))", "DTEND:\(CalendarInvite.utc(end))",
            "STATUS:\(cancelled ? "CANCELLED" : "CONFIRMED")", "SUMMARY:\(CalendarInvite.text(summary))",
        ]
        if let location, !location.isEmpty { lines.append("LOCATION:\(CalendarInvite.text(location))") }
        lines.append("END:VEVENT")
        return lines
    }
}
