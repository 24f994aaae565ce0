import Foundation
import Scheduling

/// How far ahead the business may plan closures and sessions: from now until two years ahead.
/// Dates outside it are typing mistakes (year 0001 or 9999), and year-0001 dates are not even
/// stored faithfully (calendars disagree about them).
enum PlanningWindow {
    static let maxDaysAhead = 730

    /// Adds a problem for `field` when `value` (the tenant's wall time) is past or more than two years away.
    static func check(
        _ value: LocalDateTime, _ field: String, zone: TimeZone, now: Date, mustBeFuture: Bool = true,
        into problems: inout FieldProblems
    ) {
        let today = zone.wallClock(at: now).date
        if today.days(until: value.date) > maxDaysAhead {
            problems.add(field, "must be within \(maxDaysAhead / 365) years from today")
        } else if mustBeFuture && value.instant(in: zone) <= now {
            problems.add(field, "must be in the future")
        }
    }
}
