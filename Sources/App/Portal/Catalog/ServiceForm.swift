import Foundation
import Scheduling
import Vapor

/// The portal's service form: what was typed, turned into the same `ServiceDetails` the admin
/// API takes (so `ServiceDetails.problems` and `CatalogService` apply one set of rules), and the
/// fields to show again with each problem beside its field.
struct ServiceForm: Content {
    var name: String?
    var description: String?
    var durationMinutes: String?
    var price: String?
    var bufferBeforeMinutes: String?
    var bufferAfterMinutes: String?
    var slotIntervalMinutes: String?
    var minNoticeMinutes: String?
    var maxAdvanceDays: String?
    var staff: [String]?
    var active: String?

    /// The form filled in from a stored service (or a new one's defaults).
    init(_ service: Service?, staff: [UUID]) {
        name = service?.name ?? ""
        description = service?.description ?? ""
        durationMinutes = service.map { "\($0.durationMinutes)" } ?? ""
        price = service.map { PriceText.text(cents: $0.priceCents) } ?? ""
        bufferBeforeMinutes = "\(service?.bufferBeforeMinutes ?? 0)"
        bufferAfterMinutes = "\(service?.bufferAfterMinutes ?? 0)"
        slotIntervalMinutes = service?.slotIntervalMinutes.map { "\($0)" } ?? ""
        minNoticeMinutes = service?.minNoticeMinutes.map { "\($0)" } ?? ""
        maxAdvanceDays = service?.maxAdvanceDays.map { "\($0)" } ?? ""
        self.staff = staff.map { $0.uuidString.lowercased() }
        active = (service?.active ?? true) ? "yes" : nil
    }

    /// What the form asks for, as the API's details, and the problems found reading it (by the
    /// form's field names). Empty overrides go back to the business's policy.
    func details(creating: Bool) -> (ServiceDetails, [String: String]) {
        var errors: [String: String] = [:]
        func whole(_ text: String?, _ field: String, optional: Bool = false) -> Int? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !optional { errors[field] = "is required" }
                return nil
            }
            guard trimmed.count <= 9, let value = Int(trimmed), value >= 0 else {
                errors[field] = "must be a whole number, like 30"
                return nil
            }
            return value
        }
        var details = ServiceDetails(
            name: name ?? "", description: description ?? "",
            durationMinutes: whole(durationMinutes, "durationMinutes"),
            bufferBeforeMinutes: whole(bufferBeforeMinutes, "bufferBeforeMinutes"),
            bufferAfterMinutes: whole(bufferAfterMinutes, "bufferAfterMinutes"),
            slotIntervalMinutes: whole(slotIntervalMinutes, "slotIntervalMinutes", optional: true),
            minNoticeMinutes: whole(minNoticeMinutes, "minNoticeMinutes", optional: true),
            maxAdvanceDays: whole(maxAdvanceDays, "maxAdvanceDays", optional: true),
            staff: (staff ?? []).compactMap { UUID(uuidString: $0) }, active: active != nil)
        switch PriceText.cents(price ?? "") {
        case .success(let cents): details.priceCents = cents
        case .failure(let problem): errors["price"] = problem.reason
        }
        for field in ServiceDetails.PolicyOverride.allCases where errors[field.rawValue] == nil {
            let typed: String? =
                switch field {
                case .slotIntervalMinutes: slotIntervalMinutes
                case .minNoticeMinutes: minNoticeMinutes
                case .maxAdvanceDays: maxAdvanceDays
                }
            if (typed ?? "").trimmingCharacters(in: .whitespaces).isEmpty { details.resetToPolicy.insert(field) }
        }
        for (field, reason) in details.problems(creating: creating).items where errors[Self.formField(field)] == nil {
            errors[Self.formField(field)] = reason
        }
        return (details, errors)
    }

    /// The form's name for an API field the rules named.
    private static func formField(_ apiField: String) -> String {
        switch apiField {
        case "priceCents", "currency": "price"
        default: apiField
        }
    }

    /// The fields, with what was typed and each problem worded with its label.
    func fields(
        errors: [String: String], staffChoices: [(value: String, label: String)], policy: BookingPolicy, currency: String
    ) -> FormFields {
        func number(_ name: String, _ label: String, _ value: String?, unit: String, hint: String? = nil, required: Bool = true)
            -> FormField
        {
            FormField(
                kind: .number, name: name, label: label, value: value ?? "", hint: hint,
                error: errors[name].map { "\(label) \($0)" }, required: required, maxLength: 9, unit: unit)
        }
        return FormFields([
            FormField(
                kind: .text, name: "name", label: "Name", value: name ?? "", error: errors["name"].map { "Name \($0)" },
                required: true, maxLength: 120),
            FormField(
                kind: .textarea, name: "description", label: "Description", value: description ?? "",
                hint: "Shown to clients when they choose a service.",
                error: errors["description"].map { "Description \($0)" }, maxLength: 2000),
            number(
                "durationMinutes", "Duration", durationMinutes, unit: "minutes",
                hint: "\(ServiceTiming.durationRange.lowerBound) to \(ServiceTiming.durationRange.upperBound) minutes."),
            FormField(
                kind: .decimal, name: "price", label: "Price in \(PriceText.symbol(currency))", value: price ?? "",
                hint: "An amount like 25 or 25.50; 0 for free.", error: errors["price"].map { "Price \($0)" }, required: true,
                maxLength: 12),
            number(
                "bufferBeforeMinutes", "Time to prepare before", bufferBeforeMinutes, unit: "minutes",
                hint: "Kept free before each booking; clients do not see it."),
            number("bufferAfterMinutes", "Time to clear up after", bufferAfterMinutes, unit: "minutes"),
            FormField(
                kind: .checkboxes, name: "staff", label: "Who performs it",
                hint: staffChoices.isEmpty ? "Add staff first: nobody can be booked for this service yet." : nil,
                error: errors["staff"].map { "Who performs it: \($0)" },
                options: FormField.options(staffChoices, selected: Set(staff ?? []), name: "staff")),
            number(
                "slotIntervalMinutes", "Start times every", slotIntervalMinutes, unit: "minutes",
                hint: "Leave empty for the business's setting (every \(policy.slotIntervalMinutes) minutes).", required: false),
            number(
                "minNoticeMinutes", "Minimum notice", minNoticeMinutes, unit: "minutes",
                hint: "Leave empty for the business's setting (\(policy.minNoticeMinutes) minutes).", required: false),
            number(
                "maxAdvanceDays", "Bookable ahead", maxAdvanceDays, unit: "days",
                hint: "Leave empty for the business's setting (\(policy.maxAdvanceDays) days).", required: false),
            FormField(
                kind: .checkbox, name: "active", label: "Offered on the booking site",
                hint: "Untick to stop new bookings; existing ones stay.", checked: active != nil),
        ])
    }
}

/// Prices as an owner types them: "25", "25.5", "25.50" or "£25.50", into cents and back.
enum PriceText {
    struct Problem: Error, Equatable {
        let reason: String
    }

    static let maximumCents = 10_000_000

    static func cents(_ text: String) -> Result<Int, Problem> {
        var typed = text.trimmingCharacters(in: .whitespaces)
        if let first = typed.first, "£€$".contains(first) { typed.removeFirst() }
        guard !typed.isEmpty else { return .failure(Problem(reason: "is required: 0 for free")) }
        let parts = typed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 6, whole.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || (1...2).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit)
        else { return .failure(Problem(reason: "must be an amount like 25 or 25.50")) }
        let fraction = parts.count == 2 ? Int(parts[1].count == 1 ? parts[1] + "0" : parts[1])! : 0
        let cents = Int(whole)! * 100 + fraction
        guard cents <= maximumCents else { return .failure(Problem(reason: "must be at most 100000.00")) }
        return .success(cents)
    }

    /// "£" for GBP, "€", "$", or the code itself.
    static func symbol(_ currency: String) -> String {
        switch currency {
        case "GBP": "£"
        case "EUR": "€"
        case "USD": "$"
        default: currency
        }
    }

    static func text(cents: Int) -> String {
        let fraction = cents % 100
        return fraction == 0 ? "\(cents / 100)" : "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
