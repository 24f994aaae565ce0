import Foundation

/// A wall-clock date and time with no zone, e.g. `2026-12-24T14:00` as a business owner types it.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let time: WallTime

    public init(date: LocalDate, time: WallTime) {
        self.date = date
        self.time = time
    }

    /// Parses `YYYY-MM-DDTHH:MM` (or with `:00` seconds); `24:00` is read as midnight of the next day.
    public init?(iso text: String) {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = LocalDate(iso: String(parts[0])) else { return nil }
        var timeText = String(parts[1])
        if timeText.count == 8, timeText.hasSuffix(":00") { timeText = String(timeText.dropLast(3)) }
        guard let time = WallTime(timeText) else { return nil }
        if time.minutes == 1440 {
            self.init(date: date.adding(days: 1), time: WallTime(minutes: 0)!)
        } else {
            self.init(date: date, time: time)
        }
    }

    /// The instant this wall time happens in `zone`; a time skipped by DST moves to the change.
    public func instant(in zone: TimeZone) -> Date {
        ZoneDay(date: date, timeZone: zone).boundary(at: time)
    }

    public var description: String { "\(date)T\(time)" }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }
}
