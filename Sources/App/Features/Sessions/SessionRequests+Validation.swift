import Foundation
import Scheduling

extension CreateSessionsRequest {
    /// The sessions asked for, once every field is valid (else a 422 naming each problem).
    func command(zone: TimeZone, now: Date) throws -> PlanSessions {
        let (plan, problems) = reading(zone: zone, now: now)
        try problems.throwIfAny()
        return plan!
    }

    /// The sessions asked for (nil when a field is wrong) and every problem by field: the API
    /// answers them as one 422, the portal's class form puts each beside its field.
    func reading(zone: TimeZone, now: Date) -> (PlanSessions?, FieldProblems) {
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
            switch (repeatRule.until, repeatRule.count) {
            case (let text?, nil):
                until = LocalDate(iso: text)
                if until == nil { problems.add("repeat.until", "must be a date like 2027-02-01") }
            case (nil, let count?):
                problems.requireRange(count, "repeat.count", Self.seriesCount)
                if let first { until = first.date.adding(days: 366) }
            default:
                problems.add("repeat", "must give either until (a date) or count (a number of classes)")
            }
            if repeatRule.count == nil, let until, let first {
                if until < first.date { problems.add("repeat.until", "must not be before startsAt") }
                if first.date.days(until: until) > 366 { problems.add("repeat.until", "must be within a year of startsAt") }
            }
        }
        guard problems.isEmpty, let first else { return (nil, problems) }
        let plan = PlanSessions(
            title: title.trimmingCharacters(in: .whitespacesAndNewlines), description: description ?? "", instructor: instructor,
            location: location ?? "", first: first, durationMinutes: durationMinutes, weekdays: weekdays, until: until,
            count: self.repeat?.count, capacity: capacity, priceCents: priceCents ?? 0, currency: currency ?? "GBP")
        return (plan, problems)
    }

    /// How many classes a series given by count may have.
    static let seriesCount = 1...100
}

extension UpdateSessionRequest {
    /// The change asked for, once every field given is valid (all are optional; else a 422).
    func command() throws -> ChangeSession {
        try problems().throwIfAny()
        return change
    }

    /// Every problem of the fields given, by field.
    func problems() -> FieldProblems {
        var problems = FieldProblems()
        if title != nil { problems.requireText(title, "title", max: 120) }
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(location, "location", max: 200, required: false)
        problems.requireRange(capacity, "capacity", 1...1000)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        return problems
    }

    /// The change, as given (check `problems()` first).
    var change: ChangeSession {
        ChangeSession(
            title: title?.trimmingCharacters(in: .whitespacesAndNewlines), description: description, instructor: instructor,
            location: location, capacity: capacity, priceCents: priceCents, removeInstructor: removeInstructor)
    }
}
