import Foundation
import Scheduling
import Vapor

/// The portal's new-class form: a class on a date and time, once or every week (until a date or
/// for a number of classes), read into the admin API's `CreateSessionsRequest`, so one set of
/// rules (and the skipping of closed dates) applies.
struct ClassForm: Content {
    var title: String?
    var description: String?
    /// A staff member's id, or "" for none.
    var instructor: String?
    var location: String?
    var date: String?
    var time: String?
    var durationMinutes: String?
    var capacity: String?
    var price: String?
    /// "once" or "weekly".
    var repeats: String?
    var weekdays: [String]?
    var until: String?
    var count: String?

    init() {
        durationMinutes = "60"
        capacity = "12"
        price = "0"
        repeats = "once"
    }

    private static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespaces) }

    /// The classes to create, or the problems by the form's field names.
    func plan(zone: TimeZone, now: Date) -> (PlanSessions?, [String: String]) {
        var errors: [String: String] = [:]
        func whole(_ text: String?, _ field: String) -> Int? {
            let typed = Self.trimmed(text)
            guard !typed.isEmpty else {
                errors[field] = "is required"
                return nil
            }
            guard typed.count <= 6, let value = Int(typed), value >= 0 else {
                errors[field] = "must be a whole number, like 12"
                return nil
            }
            return value
        }
        let day = LocalDate(iso: Self.trimmed(date))
        if day == nil { errors["date"] = Self.trimmed(date).isEmpty ? "is required" : "must be a date like 2026-12-24" }
        let start = HoursForm.time(Self.trimmed(time))
        if start == nil || start?.minutes == 1440 {
            errors["time"] = Self.trimmed(time).isEmpty ? "is required" : "must be a time like 18:30"
        }
        let duration = whole(durationMinutes, "durationMinutes")
        let places = whole(capacity, "capacity")
        var cents: Int?
        switch PriceText.cents(price ?? "") {
        case .success(let value): cents = value
        case .failure(let problem): errors["price"] = problem.reason
        }
        let instructorID: UUID? = Self.trimmed(instructor).isEmpty ? nil : UUID(uuidString: Self.trimmed(instructor))
        if !Self.trimmed(instructor).isEmpty && instructorID == nil { errors["instructor"] = "must be one of the staff" }
        var rule: CreateSessionsRequest.Repeat?
        if repeats == "weekly" {
            var repeatCount: Int?
            if !Self.trimmed(count).isEmpty { repeatCount = whole(count, "count") }
            if Self.trimmed(until).isEmpty && repeatCount == nil && errors["count"] == nil {
                errors["until"] = "or a number of classes is needed for a weekly class"
            }
            if !Self.trimmed(until).isEmpty && repeatCount != nil {
                errors["count"] = "or an end date: give one of the two"
            }
            rule = CreateSessionsRequest.Repeat(
                weekdays: weekdays ?? [], until: Self.trimmed(until).isEmpty ? nil : Self.trimmed(until), count: repeatCount)
        }
        let request = CreateSessionsRequest(
            title: title ?? "", description: description ?? "", instructor: instructorID, location: location ?? "",
            startsAt: day.flatMap { day in start.map { LocalDateTime(date: day, time: $0).description } } ?? "",
            durationMinutes: duration ?? 60, capacity: places ?? 1, priceCents: cents, currency: nil, repeat: rule)
        let (plan, problems) = request.reading(zone: zone, now: now)
        for (field, reason) in problems.items {
            let formField =
                switch field {
                case "startsAt": "date"
                case "priceCents", "currency": "price"
                case "repeat.weekdays": "weekdays"
                case "repeat.until": "until"
                case "repeat.count": "count"
                case "repeat": "until"
                default: field
                }
            if errors[formField] == nil && !(formField == "date" && errors["time"] != nil) {
                errors[formField] = reason.replacingOccurrences(of: "startsAt", with: "the first class")
            }
        }
        return (errors.isEmpty ? plan : nil, errors)
    }

    func fields(errors: [String: String], staffChoices: [(value: String, label: String)]) -> FormFields {
        func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
        func number(_ name: String, _ label: String, _ value: String?, unit: String? = nil, hint: String? = nil) -> FormField {
            FormField(
                kind: .number, name: name, label: label, value: value ?? "", hint: hint, error: labelled(name, label),
                required: true, maxLength: 6, unit: unit)
        }
        let days = Weekday.allCases.map { (value: $0.rawValue, label: HoursForm.name($0)) }
        return FormFields([
            FormField(
                kind: .text, name: "title", label: "Title", value: title ?? "", error: labelled("title", "Title"), required: true,
                maxLength: 120),
            FormField(
                kind: .textarea, name: "description", label: "Description", value: description ?? "",
                hint: "Shown to clients on the class's page.", error: labelled("description", "Description"), maxLength: 2000),
            FormField(
                kind: .select, name: "instructor", label: "Instructor", error: labelled("instructor", "Instructor"),
                options: FormField.options(
                    [("", "Nobody named")] + staffChoices, selected: [Self.trimmed(instructor)], name: "instructor")),
            FormField(
                kind: .text, name: "location", label: "Where", value: location ?? "", hint: "A room or an address.",
                error: labelled("location", "Where"), maxLength: 200),
            FormField(
                kind: .date, name: "date", label: "Date", value: date ?? "", hint: "The first class, for a weekly one.",
                error: labelled("date", "Date"), required: true),
            FormField(
                kind: .time, name: "time", label: "Starts at", value: time ?? "", error: labelled("time", "Starts at"),
                required: true),
            number("durationMinutes", "Length", durationMinutes, unit: "minutes"),
            number("capacity", "Places", capacity, hint: "When they are taken, clients can join the waitlist."),
            FormField(
                kind: .decimal, name: "price", label: "Price in £", value: price ?? "",
                hint: "An amount like 12 or 12.50; 0 for free.", error: labelled("price", "Price"), required: true,
                maxLength: 12),
            FormField(
                kind: .select, name: "repeats", label: "Repeats",
                options: FormField.options(
                    [("once", "Just this once"), ("weekly", "Every week")], selected: [repeats ?? "once"], name: "repeats")),
            FormField(
                kind: .checkboxes, name: "weekdays", label: "On (for a weekly class)",
                hint: "The days of the week it runs; dates the business is closed are skipped.",
                error: labelled("weekdays", "Weekdays:"),
                options: FormField.options(days, selected: Set(weekdays ?? []), name: "weekdays")),
            FormField(
                kind: .date, name: "until", label: "Until (for a weekly class)", value: until ?? "",
                hint: "The last date it may run; or give a number of classes below.", error: labelled("until", "Until")),
            FormField(
                kind: .number, name: "count", label: "Or a number of classes", value: count ?? "",
                error: labelled("count", "The number of classes"), maxLength: 3),
        ])
    }
}

/// The portal's form to change a class: its words, instructor, places and price, read into the
/// admin API's `UpdateSessionRequest` (a capacity that grows promotes the waitlist, as the API does).
struct ClassEditForm: Content {
    var title: String?
    var description: String?
    var instructor: String?
    var location: String?
    var capacity: String?
    var price: String?

    init(_ session: ClassSession) {
        title = session.title
        description = session.description
        instructor = session.instructorID?.uuidString.lowercased() ?? ""
        location = session.location
        capacity = "\(session.capacity)"
        price = PriceText.text(cents: session.priceCents)
    }

    /// The change, or the problems by the form's field names.
    func change() -> (ChangeSession?, [String: String]) {
        var errors: [String: String] = [:]
        let typedCapacity = (capacity ?? "").trimmingCharacters(in: .whitespaces)
        let places = Int(typedCapacity)
        if places == nil { errors["capacity"] = typedCapacity.isEmpty ? "is required" : "must be a whole number, like 12" }
        var cents: Int?
        switch PriceText.cents(price ?? "") {
        case .success(let value): cents = value
        case .failure(let problem): errors["price"] = problem.reason
        }
        let typedInstructor = (instructor ?? "").trimmingCharacters(in: .whitespaces)
        let request = UpdateSessionRequest(
            title: title ?? "", description: description ?? "", instructor: UUID(uuidString: typedInstructor),
            location: location ?? "", capacity: places, priceCents: cents, removeInstructor: typedInstructor.isEmpty)
        for (field, reason) in request.problems().items where errors[field == "priceCents" ? "price" : field] == nil {
            errors[field == "priceCents" ? "price" : field] = reason
        }
        return (errors.isEmpty ? request.change : nil, errors)
    }

    func fields(errors: [String: String], staffChoices: [(value: String, label: String)]) -> FormFields {
        func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
        return FormFields([
            FormField(
                kind: .text, name: "title", label: "Title", value: title ?? "", error: labelled("title", "Title"), required: true,
                maxLength: 120),
            FormField(
                kind: .textarea, name: "description", label: "Description", value: description ?? "",
                error: labelled("description", "Description"), maxLength: 2000),
            FormField(
                kind: .select, name: "instructor", label: "Instructor", error: labelled("instructor", "Instructor"),
                options: FormField.options(
                    [("", "Nobody named")] + staffChoices, selected: [instructor ?? ""], name: "instructor")),
            FormField(
                kind: .text, name: "location", label: "Where", value: location ?? "", error: labelled("location", "Where"),
                maxLength: 200),
            FormField(
                kind: .number, name: "capacity", label: "Places", value: capacity ?? "",
                hint: "More places go to the waitlist first, in order; each client promoted is told.",
                error: labelled("capacity", "Places"), required: true, maxLength: 6),
            FormField(
                kind: .decimal, name: "price", label: "Price in £", value: price ?? "", error: labelled("price", "Price"),
                required: true, maxLength: 12),
        ])
    }
}
