import Scheduling
import Vapor

/// The `from`/`to` query parameters (the tenant's local dates, inclusive) shared by slots and sessions:
/// `from` defaults to `today`, `to` to `from + defaultDays - 1`; problems name the parameter.
enum DateRangeQuery {
    static func parse(
        _ parameters: QueryParameters, today: LocalDate, defaultDays: Int, maxDays: Int, into problems: inout FieldProblems
    ) -> (from: LocalDate, to: LocalDate)? {
        let fromText = parameters["from"]
        let toText = parameters["to"]
        let from = fromText.map { LocalDate(iso: $0) } ?? today
        if from == nil { problems.add("from", "must be a date like 2026-12-01") }
        let to = toText.map { LocalDate(iso: $0) } ?? from?.adding(days: defaultDays - 1)
        if toText != nil && to == nil { problems.add("to", "must be a date like 2026-12-07") }
        guard let from, let to else { return nil }
        if from > to {
            problems.add("from", "must not be after to")
            return nil
        }
        if from.days(until: to) + 1 > maxDays {
            problems.add("to", "must be at most \(maxDays) days after from (inclusive)")
            return nil
        }
        return (from, to)
    }
}
