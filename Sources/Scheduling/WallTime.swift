/// A time of day on the wall clock, as minutes since local midnight (0 ... 1440; 1440 is "24:00",
/// allowed only as the end of a range).
public struct WallTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour) || (hour == 24 && minute == 0), (0...59).contains(minute) else {
            return nil
        }
        self.minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` (24-hour clock; `24:00` means the end of the day).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public static func < (lhs: WallTime, rhs: WallTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// A half-open range of wall-clock time within one day, `[start, end)`.
public struct WallTimeRange: Hashable, Sendable, CustomStringConvertible {
    public let start: WallTime
    public let end: WallTime

    /// `nil` unless `start < end`.
    public init?(start: WallTime, end: WallTime) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    public init?(_ start: String, _ end: String) {
        guard let s = WallTime(start), let e = WallTime(end), s.minutes < 1440 else { return nil }
        self.init(start: s, end: e)
    }

    public var description: String { "\(start)-\(end)" }
}
