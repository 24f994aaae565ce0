import Foundation
import Vapor

/// The portal's staff form: a staff member's name, email, the services they perform and whether
/// they are taking bookings, turned into the admin API's `StaffDetails`.
struct StaffForm: Content {
    var name: String?
    var email: String?
    var services: [String]?
    var active: String?

    init(_ staff: Staff?, services: [UUID]) {
        name = staff?.name ?? ""
        email = staff?.email ?? ""
        self.services = services.map { $0.uuidString.lowercased() }
        active = (staff?.active ?? true) ? "yes" : nil
    }

    /// The API's details, and the problems by the form's field names.
    func details(creating: Bool) -> (StaffDetails, [String: String]) {
        let typedEmail = (email ?? "").trimmingCharacters(in: .whitespaces)
        let details = StaffDetails(
            name: name ?? "", email: typedEmail, services: (services ?? []).compactMap { UUID(uuidString: $0) },
            active: active != nil)
        var errors: [String: String] = [:]
        if !typedEmail.isEmpty, let problem = Formats.emailProblem(typedEmail) { errors["email"] = problem }
        for (field, reason) in details.problems(creating: creating).items where errors[field] == nil {
            errors[field] = reason
        }
        return (details, errors)
    }

    func fields(errors: [String: String], serviceChoices: [(value: String, label: String)]) -> FormFields {
        FormFields([
            FormField(
                kind: .text, name: "name", label: "Name", value: name ?? "", hint: "As clients see it when they choose who.",
                error: errors["name"].map { "Name \($0)" }, required: true, maxLength: 120),
            FormField(
                kind: .email, name: "email", label: "Email address", value: email ?? "",
                hint: "For the business's records; clients never see it.", error: errors["email"].map { "Email address \($0)" },
                maxLength: 254),
            FormField(
                kind: .checkboxes, name: "services", label: "Services they perform",
                hint: serviceChoices.isEmpty ? "Add services first." : nil,
                error: errors["services"].map { "Services: \($0)" },
                options: FormField.options(serviceChoices, selected: Set(services ?? []), name: "services")),
            FormField(
                kind: .checkbox, name: "active", label: "Taking bookings",
                hint: "Untick when they leave or pause: they are no longer offered; their bookings stay.", checked: active != nil),
        ])
    }
}
