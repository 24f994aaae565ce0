import Foundation
import Scheduling

extension CreateSessionsRequest {
    /// When the sessions happen, once every field is valid.
    struct Schedule {
        let first: LocalDateTime
        let weekdays: Set<Weekday>
        let until: LocalDate?
    }

    /// Validates every field (422 naming each problem) and returns the schedule to plan.
    func validatedSchedule(zone: TimeZone, now: Date) throws -> Schedule {
        var problems = FieldProblems()
        problems.requireText(title, "title", max: 120)
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(location, "location", max: 200, required: false)
        problems.requireRange(durationMinutes, "durationMinutes", 5...720)
        problems.requireRange(capacity, "capacity", 1...1000)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        if let currency = currency, !Formats.isCurrency(currency) { problems.add("currency", "must be a 3-letter code such as GBP") }
        let first = LocalDateTime(iso: startsAt)
        if first == nil { problems.add("startsAt", "must be a local date and time like 2026-12-01T18:30") }
        if let first { PlanningWindow.check(first, "startsAt", zone: zone, now: now, into: &problems) }
        var weekdays: Set<Weekday> = []
        var until: LocalDate?
        if let repeatRule = self.repeat {
            for day in repeatRule.weekdays {
                if let weekday = Weekday(rawValue: day.lowercased()) { weekdays.insert(weekday) } else {
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
        return Schedule(first: first!, weekdays: weekdays, until: until)
    }
}

extension UpdateSessionRequest {
    /// Validates every field given (all are optional); 422 naming each problem.
    func validate() throws {
        var problems = FieldProblems()
        if title != nil { problems.requireText(title, "title", max: 120) }
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(location, "location", max: 200, required: false)
        problems.requireRange(capacity, "capacity", 1...1000)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        try problems.throwIfAny()
    }

    /// Copies the fields given onto `session`.
    func apply(to session: ClassSession) {
        if let instructor { session.instructorID = instructor }
        if let title { session.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let description { session.description = description }
        if let location { session.location = location }
        if let priceCents { session.priceCents = priceCents }
        if let capacity { session.capacity = capacity }
    }
}
