import Foundation

/// How the wall clock of one local date maps to absolute time in a time zone, DST included.
///
/// Built once per date (one or two time-zone look-ups), then every conversion is arithmetic.
/// At most one UTC-offset change is expected within a day, which holds for every IANA zone.
public struct ZoneDay: Sendable {
    public let date: LocalDate
    /// Seconds of local midnight as if the wall clock were UTC ("naive" time).
    let naiveMidnight: Int
    let offsetBefore: Int
    /// The offset change within reach of this day, if any: the instant and the offset after it.
    let transition: (instant: Int, offsetAfter: Int)?

    public init(date: LocalDate, timeZone: TimeZone) {
        self.date = date
        let naive = date.daysSinceEpoch * 86_400
        self.naiveMidnight = naive
        // Offsets lie within ±14 h, so the wall day is covered by UTC instants in this window.
        let windowStart = Date(timeIntervalSince1970: TimeInterval(naive - 14 * 3600 - 3600))
        let windowEnd = naive + 86_400 + 14 * 3600 + 3600
        let before = timeZone.secondsFromGMT(for: windowStart)
        self.offsetBefore = before
        if let next = timeZone.nextDaylightSavingTimeTransition(after: windowStart),
            Int(next.timeIntervalSince1970) < windowEnd
        {
            let instant = Int(next.timeIntervalSince1970.rounded())
            let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
            self.transition = after == before ? nil : (instant, after)
        } else {
            self.transition = nil
        }
    }

    /// The instant a wall time on this day happens at.
    ///
    /// Returns `nil` for a wall time skipped by a spring-forward change. A wall time that happens
    /// twice (fall-back) resolves to its first occurrence.
    public func instant(at wall: WallTime) -> Date? {
        seconds(atWallSeconds: wall.minutes * 60).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Like `instant(at:)`, but a wall time skipped by a spring-forward change moves to the moment the
    /// clocks changed: used for range boundaries, so "01:30–05:00" on a spring-forward day starts
    /// when the clock jumps.
    public func boundary(at wall: WallTime) -> Date {
        let wallSeconds = wall.minutes * 60
        if let s = seconds(atWallSeconds: wallSeconds) { return Date(timeIntervalSince1970: TimeInterval(s)) }
        return Date(timeIntervalSince1970: TimeInterval(transition!.instant))
    }

    /// The absolute span of a wall-time range on this day.
    public func span(of range: WallTimeRange) -> Span? {
        Span(start: boundary(at: range.start), end: boundary(at: range.end))
    }

    /// Epoch seconds of `naiveMidnight + wallSeconds` read in this zone, or `nil` when skipped.
    @inline(__always)
    func seconds(atWallSeconds wallSeconds: Int) -> Int? {
        let naive = naiveMidnight + wallSeconds
        guard let (instant, after) = transition else { return naive - offsetBefore }
        let wallAtChangeBefore = instant + offsetBefore
        let wallAtChangeAfter = instant + after
        if naive < wallAtChangeBefore && naive < wallAtChangeAfter { return naive - offsetBefore }
        if after > offsetBefore {
            // Spring forward: wall times in [before, after) never happen.
            return naive >= wallAtChangeAfter ? naive - after : nil
        }
        // Fall back: wall times in [after, before) happen twice; the first is before the change.
        return naive < wallAtChangeBefore ? naive - offsetBefore : naive - after
    }
}

extension TimeZone {
    /// The absolute instant of a local date and wall time, with `ZoneDay`'s DST rules.
    public func instant(on date: LocalDate, at wall: WallTime) -> Date? {
        ZoneDay(date: date, timeZone: self).instant(at: wall)
    }

    /// The instant `date` begins in this zone: its first wall-clock moment, even on a day whose
    /// clocks jump forward at midnight.
    public func startOfDay(_ date: LocalDate) -> Date {
        ZoneDay(date: date, timeZone: self).boundary(at: WallTime(minutes: 0)!)
    }

    /// The local date and wall time at which an instant happens in this zone.
    public func wallClock(at instant: Date) -> (date: LocalDate, time: WallTime) {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + ZoneOffsets.shared.offset(of: self, at: instant)
        let days = Int((Double(local) / 86_400).rounded(.down))
        let minutes = (local - days * 86_400) / 60
        return (LocalDate(daysSinceEpoch: days), WallTime(minutes: minutes)!)
    }
}
