import Foundation
import Scheduling

extension CreateSessionsRequest {
    /// The sessions asked for, once every field is valid (else a 422 naming each problem).
    func command(zone: TimeZone, now: Date) throws -> PlanSessions {
        var problems = FieldProblems()
        problems.requireText(title, "title", max: 120)
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(location, "location", max: 200, required: false)
        problems.requireRange(durationMinutes, "durationMinutes", 5...720)
        problems.requireRange(capacity, "capacity", 1...1000)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        if let currency = currency, !Formats.isCurrency(currency) {
            problems.add("currency", "must be a 3-letter code such as GBP")
        }
        let first = LocalDateTime(iso: startsAt)
        if first == nil { problems.add("startsAt", "must be a local date and time like 2026-12-01T18:30") }
        if let first { PlanningWindow.check(first, "startsAt", zone: zone, now: now, into: &problems) }
        var weekdays: Set<Weekday> = []
        var until: LocalDate?
        if let repeatRule = self.repeat {
            for day in repeatRule.weekdays {
                if let weekday = Weekday(rawValue: day.lowercased()) {
                    weekdays.insert(weekday)
                } else {
                    problems.add("repeat.weekdays", "contains '\(day.prefix(10))', not one of mon, tue, wed, thu, fri, sat, sun")
                }
            }
            if weekdays.isEmpty { problems.add("repeat.weekdays", "must name at least one weekday") }
            until = LocalDate(iso: repeatRule.until)
            if until == nil { problems.add("repeat.until", "must be a date like 2027-02-01") }
            if let until, let first {
                if until < first.date { problems.add("repeat.until", "must not be before startsAt") }
                if first.date.days(until: until) > 366 { problems.add("repeat.until", "must be within a year of startsAt") }
            }
        }
        try problems.throwIfAny()
        return PlanSessions(
            title: title.trimmingCharacters(in: .whitespacesAndNewlines), description: description ?? "", instructor: instructor,
            location: location ?? "", first: first!, durationMinutes: durationMinutes, weekdays: weekdays, until: until,
            capacity: capacity, priceCents: priceCents ?? 0, currency: currency ?? "GBP")
    }
}

extension UpdateSessionRequest {
    /// The change asked for, once every field given is valid (all are optional; else a 422).
    func command() throws -> ChangeSession {
        var problems = FieldProblems()
        if title != nil { problems.requireText(title, "title", max: 120) }
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(location, "location", max: 200, required: false)
        problems.requireRange(capacity, "capacity", 1...1000)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        try problems.throwIfAny()
        return ChangeSession(
            title: title?.trimmingCharacters(in: .whitespacesAndNewlines), description: description, instructor: instructor,
            location: location, capacity: capacity, priceCents: priceCents)
    }
}
