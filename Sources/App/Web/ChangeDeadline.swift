import Foundation

/// Until when a booking or a class place can be changed online, said on the form before it is made,
/// in the tenant's wall time ("You can change or cancel online until Thursday 3 December 2026 at
/// 10:00 (London time)."), or, when the time is already inside the cut-off, that it cannot.
enum ChangeDeadline {
    /// `movable`: an appointment can be changed or cancelled; a class place only cancelled.
    /// `past`: the time is inside the cut-off (the page shows the words as a warning).
    static func wording(start: Date, tenant: TenantContext, now: Date, movable: Bool = true) -> (text: String, past: Bool) {
        let hours = tenant.cancellationCutoffHours
        let deadline = start.addingTimeInterval(TimeInterval(-hours * 3600))
        let (verb, done) = movable ? ("change or cancel", "changed or cancelled") : ("cancel", "cancelled")
        if hours == 0 { return ("You can \(verb) online until it starts.", false) }
        if deadline <= now {
            return (
                "This is less than \(hours == 1 ? "1 hour" : "\(hours) hours") away: once booked, it cannot be \(done) "
                    + "online. To \(movable ? "change" : "cancel") it later, contact \(tenant.name).", true
            )
        }
        return (
            "You can \(verb) online until \(PageDates.dateTime(deadline, zone: tenant.timeZone)) "
                + "(\(PageDates.zoneName(tenant.timezone))).", false
        )
    }
}
