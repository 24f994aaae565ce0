import Foundation
import Scheduling
import Vapor

/// The portal's time-off form: one entry for a holiday of any length, for one staff member or the
/// whole business, whole days or part of a day, in the business's local time. Read into the admin
/// API's `ClosureInput`, so the same rules (and the same planning window) apply.
struct TimeOffForm: Content {
    /// A staff member's id, or "" for the whole business.
    var who: String?
    var fromDate: String?
    /// Empty for whole days (from the start of the first day).
    var fromTime: String?
    /// Empty means the same day as `fromDate`.
    var toDate: String?
    /// Empty for whole days (to the end of the last day).
    var toTime: String?
    var reason: String?

    init(
        who: String? = nil, fromDate: String? = nil, fromTime: String? = nil, toDate: String? = nil, toTime: String? = nil,
        reason: String? = nil
    ) {
        self.who = who
        self.fromDate = fromDate
        self.fromTime = fromTime
        self.toDate = toDate
        self.toTime = toTime
        self.reason = reason
    }

    private static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespaces) }

    /// The closure to add, or the problems by the form's field names.
    func command(zone: TimeZone, now: Date) -> (ClosureService.Add?, [String: String]) {
        var errors: [String: String] = [:]
        let staff: UUID? = Self.trimmed(who).isEmpty ? nil : UUID(uuidString: Self.trimmed(who))
        if !Self.trimmed(who).isEmpty && staff == nil { errors["who"] = "must be the business or one of the staff" }
        let first = LocalDate(iso: Self.trimmed(fromDate))
        if first == nil { errors["fromDate"] = Self.trimmed(fromDate).isEmpty ? "is required" : "must be a date like 2026-12-24" }
        let last = Self.trimmed(toDate).isEmpty ? first : LocalDate(iso: Self.trimmed(toDate))
        if last == nil && errors["fromDate"] == nil { errors["toDate"] = "must be a date like 2026-12-24" }
        let startTime = Self.trimmed(fromTime).isEmpty ? WallTime(minutes: 0) : HoursForm.time(Self.trimmed(fromTime))
        if startTime == nil { errors["fromTime"] = "must be a time like 09:00, or empty for the whole day" }
        var endTime = Self.trimmed(toTime).isEmpty ? WallTime(minutes: 1440) : HoursForm.time(Self.trimmed(toTime))
        if endTime == nil { errors["toTime"] = "must be a time like 17:30, or empty for the whole day" }
        if endTime?.minutes == 0 { endTime = WallTime(minutes: 1440) }
        guard errors.isEmpty, let first, let last, let startTime, let endTime else { return (nil, errors) }
        let start = LocalDateTime(date: first, time: startTime)
        let end =
            endTime.minutes == 1440
            ? LocalDateTime(date: last.adding(days: 1), time: WallTime(minutes: 0)!) : LocalDateTime(date: last, time: endTime)
        guard start < end else {
            errors[last < first ? "toDate" : "toTime"] = "must be after the start"
            return (nil, errors)
        }
        let input = ClosureInput(staff: staff, startsAt: start.description, endsAt: end.description, reason: Self.trimmed(reason))
        let (command, problems) = input.reading(zone: zone, now: now)
        for (field, reason) in problems.items {
            let formField = field == "startsAt" ? "fromDate" : field == "endsAt" ? "toDate" : field
            if errors[formField] == nil { errors[formField] = reason.replacingOccurrences(of: "startsAt", with: "the start") }
        }
        return (errors.isEmpty ? command : nil, errors)
    }

    func fields(errors: [String: String], staffChoices: [(value: String, label: String)]) -> FormFields {
        func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
        return FormFields([
            FormField(
                kind: .select, name: "who", label: "Who is away", error: labelled("who", "Who is away"),
                options: FormField.options(
                    [("", "The whole business (closed)")] + staffChoices, selected: [Self.trimmed(who)], name: "who")),
            FormField(
                kind: .date, name: "fromDate", label: "From", value: fromDate ?? "", hint: "The first day away.",
                error: labelled("fromDate", "From"), required: true),
            FormField(
                kind: .time, name: "fromTime", label: "From time", value: fromTime ?? "",
                hint: "Leave empty to start at the beginning of the day.", error: labelled("fromTime", "From time")),
            FormField(
                kind: .date, name: "toDate", label: "To", value: toDate ?? "",
                hint: "The last day away; leave empty for a single day.", error: labelled("toDate", "To")),
            FormField(
                kind: .time, name: "toTime", label: "To time", value: toTime ?? "", hint: "Leave empty to the end of the day.",
                error: labelled("toTime", "To time")),
            FormField(
                kind: .text, name: "reason", label: "Reason", value: reason ?? "", hint: "For the team; clients do not see it.",
                error: labelled("reason", "Reason"), maxLength: 200),
        ])
    }

    /// The form's values as hidden fields, carried from the review to the save.
    var hidden: [HiddenField] {
        [
            ("who", who), ("fromDate", fromDate), ("fromTime", fromTime), ("toDate", toDate), ("toTime", toTime),
            ("reason", reason),
        ]
        .map { HiddenField(name: $0.0, value: $0.1 ?? "") }
    }
}

/// A value a multi-step form carries as `<input type="hidden">`.
struct HiddenField: Encodable, Sendable {
    let name: String
    let value: String
}

/// Time off in words: "Monday 21 December to Sunday 3 January 2027, whole days", or
/// "Thursday 10 December 2026, 14:00 to 16:00".
enum TimeOffWording {
    static func when(_ startsLocal: String, _ endsLocal: String) -> String {
        guard let start = LocalDateTime(iso: startsLocal), let end = LocalDateTime(iso: endsLocal) else {
            return "\(startsLocal) to \(endsLocal)"
        }
        if start.time.minutes == 0 && end.time.minutes == 0 {
            let last = end.date.adding(days: -1)
            return last == start.date
                ? "\(PageDates.dayWithYear(start.date)), the whole day"
                : "\(PageDates.dayWithYear(start.date)) to \(PageDates.dayWithYear(last)), whole days"
        }
        let endTime = end.time.minutes == 0 ? "midnight" : PageDates.time(end.time)
        let endDate = end.time.minutes == 0 ? end.date.adding(days: -1) : end.date
        if start.date == endDate {
            return "\(PageDates.dayWithYear(start.date)), \(PageDates.time(start.time)) to \(endTime)"
        }
        return
            "\(PageDates.dayWithYear(start.date)) \(PageDates.time(start.time)) to \(PageDates.dayWithYear(endDate)) \(endTime)"
    }
}
