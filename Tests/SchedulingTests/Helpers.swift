import Foundation
@testable import Scheduling

let london = TimeZone(identifier: "Europe/London")!
let newYork = TimeZone(identifier: "America/New_York")!

func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

/// An instant from an ISO-8601 string with offset, e.g. "2026-12-01T09:00:00Z".
func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

func range(_ start: String, _ end: String) -> WallTimeRange { WallTimeRange(start, end)! }

func hours(_ days: [Weekday: [(String, String)]]) -> WeeklyHours {
    try! WeeklyHours(days.mapValues { $0.map { range($0.0, $0.1) } })
}

func everyDay(_ ranges: [(String, String)]) -> WeeklyHours {
    hours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, ranges) }))
}

func span(_ start: String, _ end: String) -> Span { Span(start: instant(start), end: instant(end))! }

/// Formats as "HH:MM" in UTC, for compact expectations.
func utcTimes(_ slots: [Slot]) -> [String] {
    slots.map { slot in
        let (_, time) = TimeZone.gmt.wallClock(at: slot.start)
        return time.description
    }
}

let alice = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
let bob = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!

/// A request with permissive defaults: no notice, long advance window, 60-minute slots.
func request(
    from: String, to: String? = nil, zone: TimeZone = .gmt, now: String = "2026-01-01T00:00:00Z",
    interval: Int = 60, notice: Int = 0, advance: Int = 365, duration: Int = 60, before: Int = 0, after: Int = 0,
    staff: [StaffSchedule], opening: WeeklyHours? = nil, closures: [Span] = []
) -> AvailabilityRequest {
    AvailabilityRequest(
        from: date(from), to: date(to ?? from), timeZone: zone, now: instant(now),
        policy: BookingPolicy(slotIntervalMinutes: interval, minNoticeMinutes: notice, maxAdvanceDays: advance),
        service: ServiceTiming(durationMinutes: duration, bufferBeforeMinutes: before, bufferAfterMinutes: after),
        staff: staff, openingHours: opening, businessClosures: closures)
}
