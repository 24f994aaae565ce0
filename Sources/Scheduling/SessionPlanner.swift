import Foundation

/// Plans dated sessions: one-off, or weekly on given weekdays until a date, skipping any occurrence
/// that a closure overlaps. Wall time stays the same across DST changes (18:30 is always 18:30).
public enum SessionPlanner {
    public struct Occurrence: Hashable, Sendable {
        public let start: Date
        public let end: Date
    }

    /// Occurrences from `first` (inclusive) to `until` (inclusive) on `weekdays` at `time`; with no
    /// weekdays, just `first`. A wall time skipped by DST moves to the moment the clocks change.
    public static func occurrences(
        first: LocalDate, time: WallTime, durationMinutes: Int, weekdays: Set<Weekday>, until: LocalDate?,
        timeZone: TimeZone, closures: [Span], limit: Int = 366
    ) -> [Occurrence] {
        let dates: [LocalDate]
        if weekdays.isEmpty || until == nil {
            dates = [first]
        } else {
            dates = (0...max(0, first.days(until: until!))).map(first.adding(days:)).filter { weekdays.contains($0.weekday) }
        }
        var result: [Occurrence] = []
        for date in dates.prefix(limit) {
            let start = LocalDateTime(date: date, time: time).instant(in: timeZone)
            let span = Span(unchecked: start, start.addingTimeInterval(TimeInterval(durationMinutes * 60)))
            if closures.contains(where: { $0.overlaps(span) }) { continue }
            result.append(Occurrence(start: span.start, end: span.end))
        }
        return result
    }
}
