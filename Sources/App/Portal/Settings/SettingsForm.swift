import Foundation
import Scheduling
import Vapor

/// The portal's settings form: the business's name and contact, colour, policies, features and
/// texts, read into the admin API's `SettingsInput` (so `problems()` and `TenantSettings.change`
/// apply one set of rules). Field names are the API's, so each problem lands beside its field.
struct SettingsForm: Content {
    var name: String?
    var contactEmail: String?
    var brandColour: String?
    var address: String?
    var phone: String?
    var slotIntervalMinutes: String?
    var minNoticeMinutes: String?
    var maxAdvanceDays: String?
    var cancellationCutoffHours: String?
    var confirmByHand: String?
    var reminders: String?
    var featureEmail: String?
    var featureSms: String?
    var featureWaitlist: String?
    var paymentNote: String?
    var privacyNotice: String?
    var terms: String?
    var timezone: String?
    /// The zone the owner confirmed after seeing the bookings whose local time it moves.
    var confirmZone: String?

    init(_ tenant: TenantContext, profile: TenantProfile) {
        name = tenant.name
        contactEmail = tenant.contactEmail
        brandColour = tenant.brandColour
        address = profile.address
        phone = profile.phone
        slotIntervalMinutes = "\(tenant.slotIntervalMinutes)"
        minNoticeMinutes = "\(tenant.minNoticeMinutes)"
        maxAdvanceDays = "\(tenant.maxAdvanceDays)"
        cancellationCutoffHours = "\(tenant.cancellationCutoffHours)"
        confirmByHand = tenant.autoConfirm ? nil : "yes"
        reminders = tenant.reminderPolicy.rawValue
        featureEmail = tenant.emailEnabled ? "yes" : nil
        featureSms = tenant.smsEnabled ? "yes" : nil
        featureWaitlist = tenant.waitlistEnabled ? "yes" : nil
        paymentNote = tenant.paymentNote
        privacyNotice = profile.privacyNotice
        terms = profile.terms
        timezone = tenant.timezone
    }

    /// The API's input, and the problems by the form's field names.
    func input() -> (AdminSettingsController.SettingsInput, [String: String]) {
        var errors: [String: String] = [:]
        func whole(_ text: String?, _ field: String) -> Int? {
            let typed = (text ?? "").trimmingCharacters(in: .whitespaces)
            guard typed.count <= 7, let value = Int(typed), value >= 0 else {
                errors[field] = typed.isEmpty ? "is required" : "must be a whole number, like 30"
                return nil
            }
            return value
        }
        var input = AdminSettingsController.SettingsInput()
        input.name = name ?? ""
        input.contactEmail = (contactEmail ?? "").trimmingCharacters(in: .whitespaces)
        input.brandColour = (brandColour ?? "").trimmingCharacters(in: .whitespaces)
        input.address = address ?? ""
        input.phone = phone ?? ""
        input.slotIntervalMinutes = whole(slotIntervalMinutes, "slotIntervalMinutes")
        input.minNoticeMinutes = whole(minNoticeMinutes, "minNoticeMinutes")
        input.maxAdvanceDays = whole(maxAdvanceDays, "maxAdvanceDays")
        input.cancellationCutoffHours = whole(cancellationCutoffHours, "cancellationCutoffHours")
        input.autoConfirm = confirmByHand == nil
        input.reminders = reminders ?? ""
        input.features = .init(email: featureEmail != nil, sms: featureSms != nil, waitlist: featureWaitlist != nil)
        input.paymentNote = paymentNote ?? ""
        input.privacyNotice = privacyNotice ?? ""
        input.terms = terms ?? ""
        input.timezone = (timezone ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = Formats.emailProblem(input.contactEmail ?? "") { errors["contactEmail"] = problem }
        for (field, reason) in input.problems().items where errors[field] == nil { errors[field] = reason }
        return (input, errors)
    }

    /// Every value as a hidden field, to send again with the confirmed zone.
    var hiddenFields: [HiddenField] {
        let values: [(String, String?)] = [
            ("name", name), ("contactEmail", contactEmail), ("brandColour", brandColour), ("address", address), ("phone", phone),
            ("slotIntervalMinutes", slotIntervalMinutes), ("minNoticeMinutes", minNoticeMinutes),
            ("maxAdvanceDays", maxAdvanceDays), ("cancellationCutoffHours", cancellationCutoffHours),
            ("confirmByHand", confirmByHand), ("reminders", reminders), ("featureEmail", featureEmail),
            ("featureSms", featureSms),
            ("featureWaitlist", featureWaitlist), ("paymentNote", paymentNote), ("privacyNotice", privacyNotice),
            ("terms", terms), ("timezone", timezone), ("confirmZone", confirmZone),
        ]
        return values.compactMap { name, value in value.map { HiddenField(name: name, value: $0) } }
    }

    func fields(errors: [String: String], smsAvailable: Bool) -> FormFields {
        func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
        func number(_ name: String, _ label: String, _ value: String?, unit: String, hint: String) -> FormField {
            FormField(
                kind: .number, name: name, label: label, value: value ?? "", hint: hint, error: labelled(name, label),
                required: true, maxLength: 7, unit: unit)
        }
        let colour = (brandColour ?? "").lowercased()
        let ink = Formats.isHexColour(colour) ? BrandColours.accessible(colour) : nil
        let colourHint =
            ink.map { ink in
                let ratio = BrandColours.contrastWithWhite(ink).map { String(format: "%.1f", $0) } ?? "?"
                return ink == colour
                    ? "Buttons and links use this colour: white text on it has a contrast of \(ratio):1 (at least 4.5:1 is needed)."
                    : "Too light for white text, so buttons and links use a darker \(ink) (contrast \(ratio):1); the header stripe keeps yours."
            } ?? "A colour like #1a2b3c."
        return FormFields([
            FormField(
                kind: .text, name: "name", label: "Business name", value: name ?? "", error: labelled("name", "Business name"),
                required: true, maxLength: 120),
            FormField(
                kind: .email, name: "contactEmail", label: "Contact email", value: contactEmail ?? "",
                hint: "Clients' replies and the business's copies of messages go here.",
                error: labelled("contactEmail", "Contact email"), required: true, maxLength: 254),
            FormField(
                kind: .colour, name: "brandColour", label: "Brand colour", value: colour, hint: colourHint,
                error: labelled("brandColour", "Brand colour"), required: true),
            FormField(
                kind: .textarea, name: "address", label: "Address", value: address ?? "",
                hint: "Shown on every page and in messages.",
                error: labelled("address", "Address"), maxLength: 300),
            FormField(
                kind: .text, name: "phone", label: "Phone", value: phone ?? "", error: labelled("phone", "Phone"), maxLength: 32),
            FormField(
                kind: .text, name: "timezone", label: "Time zone", value: timezone ?? "",
                hint: "Like Europe/London or America/New_York. Hours, time off and classes are in this zone's local time.",
                error: labelled("timezone", "Time zone"), required: true, maxLength: 64),
            number(
                "slotIntervalMinutes", "Start times every", slotIntervalMinutes, unit: "minutes",
                hint: "How far apart the times offered to clients are."),
            number(
                "minNoticeMinutes", "Minimum notice", minNoticeMinutes, unit: "minutes",
                hint: "How soon before a time clients may still book it."),
            number("maxAdvanceDays", "Bookable ahead", maxAdvanceDays, unit: "days", hint: "How far ahead clients may book."),
            number(
                "cancellationCutoffHours", "Cancellation cut-off", cancellationCutoffHours, unit: "hours",
                hint: "Clients may change or cancel online until this long before."),
            FormField(
                kind: .checkbox, name: "confirmByHand", label: "Confirm each booking by hand",
                hint: "New bookings wait on Today until someone confirms them.", checked: confirmByHand != nil),
            FormField(
                kind: .select, name: "reminders", label: "Reminders", error: labelled("reminders", "Reminders"),
                options: FormField.options(
                    [("none", "None"), ("24h", "A day before"), ("24h_2h", "A day before and two hours before")],
                    selected: [reminders ?? ""], name: "reminders")),
            FormField(
                kind: .checkbox, name: "featureEmail", label: "Send clients emails",
                hint: "Confirmations, changes, reminders and cancellations.", checked: featureEmail != nil),
            FormField(
                kind: .checkbox, name: "featureSms", label: "Send clients text messages",
                hint: smsAvailable
                    ? "To clients who ask for them when they book." : "This server has no text-message service set up yet.",
                checked: featureSms != nil),
            FormField(
                kind: .checkbox, name: "featureWaitlist", label: "Waitlist for full classes",
                hint: "When a class is full, clients may wait for a place.", checked: featureWaitlist != nil),
            FormField(
                kind: .text, name: "paymentNote", label: "How clients pay", value: paymentNote ?? "",
                hint: "Leave empty for \"Pay at the salon\" (or studio).", error: labelled("paymentNote", "How clients pay"),
                maxLength: 200),
            FormField(
                kind: .textarea, name: "privacyNotice", label: "Privacy notice", value: privacyNotice ?? "",
                hint: "Leave empty for the standard notice.", error: labelled("privacyNotice", "Privacy notice"),
                maxLength: 20_000),
            FormField(
                kind: .textarea, name: "terms", label: "Terms", value: terms ?? "", hint: "Leave empty for the standard terms.",
                error: labelled("terms", "Terms"), maxLength: 20_000),
        ])
    }
}
