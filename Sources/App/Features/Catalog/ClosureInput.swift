import Foundation
import Scheduling
import Vapor

/// `{"staff"?, "startsAt", "endsAt", "reason"?}` in the tenant's wall time: the body of
/// `POST /admin/closures`.
struct ClosureInput: Content {
    var staff: UUID?
    var startsAt: String
    var endsAt: String
    var reason: String?

    /// The closure asked for, once every field is valid (else a 422 naming each problem).
    func command(zone: TimeZone, now: Date) throws -> ClosureService.Add {
        let (command, problems) = reading(zone: zone, now: now)
        try problems.throwIfAny()
        return command!
    }

    /// The closure asked for (nil when a field is wrong), and every problem by field: the API
    /// answers them as one 422, the portal's time-off form puts each beside its field.
    func reading(zone: TimeZone, now: Date) -> (ClosureService.Add?, FieldProblems) {
        var problems = FieldProblems()
        let start = LocalDateTime(iso: startsAt)
        let end = LocalDateTime(iso: endsAt)
        if start == nil { problems.add("startsAt", "must be a local date and time like 2026-12-24T09:00") }
        if end == nil { problems.add("endsAt", "must be a local date and time like 2026-12-27T00:00") }
        if let start, let end {
            if end <= start {
                problems.add("endsAt", "must be after startsAt")
            } else if end.instant(in: zone) <= start.instant(in: zone) {
                // Both ends lie in the hour skipped when the clocks go forward: the closure would
                // close nothing, so say so rather than store an empty one.
                problems.add(
                    "endsAt",
                    "and startsAt both fall in the hour skipped when the clocks go forward on \(start.date), so nothing would be closed; "
                        + "choose times outside it")
            }
            if start.date.days(until: end.date) > 366 { problems.add("endsAt", "must be within 366 days of startsAt") }
            // A closure may have begun already (time off that is under way), but not ended; neither
            // end may lie beyond the planning window.
            PlanningWindow.check(start, "startsAt", zone: zone, now: now, mustBeFuture: false, into: &problems)
            PlanningWindow.check(end, "endsAt", zone: zone, now: now, into: &problems)
        }
        problems.requireText(reason, "reason", max: 200, required: false)
        guard problems.isEmpty, let start, let end else { return (nil, problems) }
        return (ClosureService.Add(staff: staff, from: start, to: end, reason: reason ?? ""), problems)
    }
}
