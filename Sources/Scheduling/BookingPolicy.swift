import Foundation

/// The tenant's booking rules, which a service may override.
public struct BookingPolicy: Hashable, Sendable {
    /// Minutes between offered start times (5 ... 240).
    public var slotIntervalMinutes: Int
    /// How long before a start time it can still be booked.
    public var minNoticeMinutes: Int
    /// How far ahead a start time can be booked (1 ... 365 days).
    public var maxAdvanceDays: Int

    public static let slotIntervalRange = 5...240
    public static let maxAdvanceRange = 1...365
    public static let minNoticeRange = 0...(365 * 24 * 60)
    public static let standard = BookingPolicy(slotIntervalMinutes: 15, minNoticeMinutes: 120, maxAdvanceDays: 60)

    public init(slotIntervalMinutes: Int, minNoticeMinutes: Int, maxAdvanceDays: Int) {
        self.slotIntervalMinutes = slotIntervalMinutes
        self.minNoticeMinutes = minNoticeMinutes
        self.maxAdvanceDays = maxAdvanceDays
    }

    /// The first start that can still be booked online at `now`: `now` plus the minimum notice.
    /// Slots, enrolment and the class list all close by it.
    public func earliestStart(now: Date) -> Date { now.addingTimeInterval(TimeInterval(minNoticeMinutes * 60)) }

    /// Every problem with the policy, as "field: reason" lines; empty when valid.
    public var problems: [String] {
        var result: [String] = []
        if !Self.slotIntervalRange.contains(slotIntervalMinutes) {
            result.append("slotIntervalMinutes must be between 5 and 240")
        }
        if !Self.minNoticeRange.contains(minNoticeMinutes) {
            result.append("minNoticeMinutes must be between 0 and \(Self.minNoticeRange.upperBound)")
        }
        if !Self.maxAdvanceRange.contains(maxAdvanceDays) {
            result.append("maxAdvanceDays must be between 1 and 365")
        }
        return result
    }
}

/// How long a service takes and how much time it blocks around itself (set-up, cleaning).
public struct ServiceTiming: Hashable, Sendable {
    public var durationMinutes: Int
    public var bufferBeforeMinutes: Int
    public var bufferAfterMinutes: Int

    /// The durations and buffers a service may have (validated by the admin API).
    public static let durationRange = 5...720
    public static let bufferRange = 0...240
    /// The longest span one booking can block: readers of busy time use it to bound their index scans.
    public static let maxBlockedMinutes = durationRange.upperBound + 2 * bufferRange.upperBound

    public init(durationMinutes: Int, bufferBeforeMinutes: Int = 0, bufferAfterMinutes: Int = 0) {
        self.durationMinutes = durationMinutes
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
    }

    /// The span a client books, starting at `start`.
    public func appointment(startingAt start: Date) -> Span {
        Span(unchecked: start, start.addingTimeInterval(TimeInterval(durationMinutes * 60)))
    }

    /// The span the staff member is unavailable for: the appointment plus both buffers.
    public func blocked(startingAt start: Date) -> Span {
        Span(
            unchecked: start.addingTimeInterval(TimeInterval(-bufferBeforeMinutes * 60)),
            start.addingTimeInterval(TimeInterval((durationMinutes + bufferAfterMinutes) * 60)))
    }
}
