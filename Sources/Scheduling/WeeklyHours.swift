/// Working (or opening) hours for each weekday, in local wall time: several ranges per day are
/// allowed (the gap between them is a break). A missing day means "not working".
public struct WeeklyHours: Hashable, Sendable {
    /// Ranges per weekday, sorted, non-overlapping, touching ranges merged.
    public private(set) var days: [Weekday: [WallTimeRange]]

    /// Why a set of hours was refused.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case overlapping(Weekday, WallTimeRange, WallTimeRange)

        public var description: String {
            switch self {
            case .overlapping(let day, let a, let b):
                return "\(day.rawValue): the ranges \(a) and \(b) overlap"
            }
        }
    }

    public static let closed = WeeklyHours(normalized: [:])

    private init(normalized: [Weekday: [WallTimeRange]]) { self.days = normalized }

    /// Validates and normalises: overlapping ranges are an error; touching ranges are merged.
    public init(_ days: [Weekday: [WallTimeRange]]) throws(Problem) {
        var normalized: [Weekday: [WallTimeRange]] = [:]
        for (day, ranges) in days where !ranges.isEmpty {
            let sorted = ranges.sorted { $0.start < $1.start }
            var merged: [WallTimeRange] = [sorted[0]]
            for range in sorted.dropFirst() {
                let last = merged[merged.count - 1]
                if range.start < last.end { throw .overlapping(day, last, range) }
                if range.start == last.end {
                    merged[merged.count - 1] = WallTimeRange(start: last.start, end: range.end)!
                } else {
                    merged.append(range)
                }
            }
            normalized[day] = merged
        }
        self.days = normalized
    }

    public func ranges(on day: Weekday) -> [WallTimeRange] { days[day] ?? [] }

    /// The hours that lie inside both `self` and `other` (staff hours bounded by opening hours).
    public func intersected(with other: WeeklyHours) -> WeeklyHours {
        var result: [Weekday: [WallTimeRange]] = [:]
        for (day, mine) in days {
            let theirs = other.ranges(on: day)
            var out: [WallTimeRange] = []
            var i = 0, j = 0
            while i < mine.count && j < theirs.count {
                let start = max(mine[i].start, theirs[j].start)
                let end = min(mine[i].end, theirs[j].end)
                if let range = WallTimeRange(start: start, end: end) { out.append(range) }
                if mine[i].end < theirs[j].end { i += 1 } else { j += 1 }
            }
            if !out.isEmpty { result[day] = out }
        }
        return WeeklyHours(normalized: result)
    }
}
