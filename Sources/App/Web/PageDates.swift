import Foundation
import Scheduling

/// Dates and times as the public pages say them, in the tenant's wall time: "Thursday 3 December",
/// "09:30", "London time". Built from `LocalDate` and `WallTime` (no `DateFormatter`, which costs
/// tens of microseconds a call and a day page shows hundreds of times).
enum PageDates {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// "Thursday 3 December".
    static func day(_ date: LocalDate) -> String {
        "\(weekdays[date.weekday.isoNumber - 1]) \(date.day) \(months[date.month - 1])"
    }

    /// "Thursday 3 December 2026".
    static func dayWithYear(_ date: LocalDate) -> String { "\(day(date)) \(date.year)" }

    /// "December 2026".
    static func month(year: Int, month: Int) -> String { "\(months[month - 1]) \(year)" }

    /// "09:30".
    static func time(_ time: WallTime) -> String { time.description }

    /// "Thursday 3 December 2026 at 09:30".
    static func dateTime(_ instant: Date, zone: TimeZone) -> String {
        let local = zone.wallClock(at: instant)
        return "\(dayWithYear(local.date)) at \(time(local.time))"
    }

    /// "Thu 10 Dec, 13:45": a time offered among others, short enough for a button.
    static func short(_ instant: Date, zone: TimeZone) -> String {
        let local = zone.wallClock(at: instant)
        return "\(weekdays[local.date.weekday.isoNumber - 1].prefix(3)) \(local.date.day) "
            + "\(months[local.date.month - 1].prefix(3)), \(time(local.time))"
    }

    /// "Thursday 3 December 2026, 09:30 to 10:30".
    static func span(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        let from = zone.wallClock(at: start)
        let to = zone.wallClock(at: end)
        if from.date == to.date { return "\(dayWithYear(from.date)), \(time(from.time)) to \(time(to.time))" }
        return "\(dayWithYear(from.date)) \(time(from.time)) to \(dayWithYear(to.date)) \(time(to.time))"
    }

    /// "London time" for Europe/London, "New York time" for America/New_York, "UTC" for UTC.
    static func zoneName(_ identifier: String) -> String { ZoneName.spoken(identifier) }
}

extension String {
    /// nil for "" (Leaf's `#if` treats any string, even an empty one, as true).
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension Array {
    /// nil for [] (Leaf's `#if` treats any array, even an empty one, as true).
    var nonEmpty: [Element]? { isEmpty ? nil : self }
}
