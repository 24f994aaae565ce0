import Foundation
import Scheduling

/// Days and times as the portal shows them, in the tenant's time zone (`PageDates` for the words).
enum PortalDays {
    /// The instant the local `date` begins (`TimeZone.startOfDay`).
    static func start(of date: LocalDate, zone: TimeZone) -> Date { zone.startOfDay(date) }

    /// "09:30–10:15".
    static func timeSpan(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        "\(zone.wallClock(at: start).time)–\(zone.wallClock(at: end).time)"
    }

    /// "Fri 4 Dec".
    static func shortDay(_ date: LocalDate) -> String {
        "\(PageDates.weekdays[date.weekday.isoNumber - 1].prefix(3)) \(date.day) \(PageDates.months[date.month - 1].prefix(3))"
    }
}
