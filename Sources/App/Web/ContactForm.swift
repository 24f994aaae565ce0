import Vapor

/// The "your details" part of the booking and enrolment forms, as posted (`application/x-www-form-
/// urlencoded`; a checkbox is present only when ticked), with what the page shows back: the values
/// typed, and a message next to each field that needs fixing plus a summary linking to them.
struct ContactForm: Content {
    var name: String?
    var email: String?
    var phone: String?
    var smsOptIn: String?
    var notes: String?
    var consent: String?
    /// The honeypot: hidden from people, so only a bot fills it in.
    var website: String?
    /// The form's one-time id (`FormOnce`).
    var once: String?
    /// The address the client kept after we suggested another (`EmailTypos`): not asked again.
    var emailChecked: String?
    /// The suggested address, when the client chose it ("Use ann@gmail.com").
    var useEmail: String?

    private enum CodingKeys: String, CodingKey {
        case name, email, phone, smsOptIn, notes, consent, website, emailChecked, useEmail
        case once = "_once"
    }

    /// The form with the suggested address taken, when the client chose it.
    var resolvingEmailSuggestion: ContactForm {
        guard let chosen = useEmail?.trimmingCharacters(in: .whitespaces), !chosen.isEmpty else { return self }
        var form = self
        form.email = chosen
        form.emailChecked = chosen
        form.useEmail = nil
        return form
    }

    /// A likely intended address for a domain that looks mistyped ("ann@gmial.com"), unless the
    /// client has already kept this address once.
    var emailSuggestion: String? {
        let typed = (email ?? "").trimmingCharacters(in: .whitespaces)
        guard typed.lowercased() != emailChecked?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        return EmailTypos.suggestion(for: typed)
    }

    /// What identifies the request for `FormOnce` (the typed details, normalised as stored).
    var fingerprint: [String] {
        [name ?? "", (email ?? "").lowercased(), phone ?? "", smsOptIn ?? "", notes ?? ""]
    }

    /// A field's message, and the link from the error summary to it.
    struct FieldError: Encodable, Hashable, Sendable {
        let field: String
        let message: String
        var anchor: String { "#" + field }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(field, forKey: .field)
            try container.encode(message, forKey: .message)
            try container.encode(anchor, forKey: .anchor)
        }
        private enum Keys: String, CodingKey { case field, message, anchor }
    }

    /// What the template needs: the values, ticked boxes and errors by field.
    struct View: Encodable, Hashable, Sendable {
        let name: String
        let email: String
        let phone: String
        let notes: String
        let smsOptIn: Bool
        let consent: Bool
        let errors: [FieldError]?
        let nameError: String?
        let emailError: String?
        let phoneError: String?
        let notesError: String?
        let consentError: String?
        /// "Did you mean ann@gmail.com?": shown next to the address, which is kept if the client says so.
        var emailSuggestion: String? = nil
        /// A fresh one-time id for this rendering of the form (`FormOnce`); on a shared page, a
        /// placeholder each response replaces with a fresh id (`RenderedPages`).
        var formID = FormOnce.newID()
    }

    var isBot: Bool { !(website ?? "").isEmpty }

    /// The details as stored, when every field is valid; otherwise the messages beside the fields.
    func validated(notesAllowed: Bool) -> (errors: [FieldError], contact: ContactDetails?) {
        let errors = validate(notesAllowed: notesAllowed)
        return (errors, errors.isEmpty ? ContactDetails(client) : nil)
    }

    /// The notes, trimmed as stored.
    var trimmedNotes: String { notes?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    /// The client input the form's fields make (the same checks as the JSON API's).
    private var client: ClientInput {
        ClientInput(
            name: name ?? "", email: email ?? "", phone: (phone ?? "").isEmpty ? nil : phone,
            smsOptIn: smsOptIn != nil && !(phone ?? "").isEmpty)
    }

    /// The same checks as the JSON API (`ClientInput.validate`, `TextRules`), worded for a person.
    private func validate(notesAllowed: Bool) -> [FieldError] {
        var problems = FieldProblems()
        client.validate(into: &problems)
        if notesAllowed { problems.requireText(notes, "notes", max: 1000, required: false, multiline: true) }
        var errors: [FieldError] = []
        let labels = [
            "client.name": ("name", "Name"), "client.email": ("email", "Email address"),
            "client.phone": ("phone", "Phone number"), "notes": ("notes", "Notes"),
        ]
        for problem in problems.items {
            guard let (field, label) = labels[problem.field] else { continue }
            let reason = problem.reason
            if errors.contains(where: { $0.field == field }) { continue }
            errors.append(FieldError(field: field, message: Self.humane(field: field, label: label, reason: reason)))
        }
        if consent == nil {
            errors.append(
                FieldError(field: "consent", message: "Tick the box to agree that we may keep your details for this booking"))
        }
        return errors
    }

    private static func humane(field: String, label: String, reason: String) -> String {
        switch (field, reason) {
        case ("name", "must not be empty"), ("name", "is required"): return "Enter your name"
        case ("email", "must not be empty"), ("email", "is required"): return "Enter your email address"
        case ("email", _) where reason.hasPrefix("is not a valid email address"):
            return "Enter an email address like name@example.com"
        case ("phone", _) where reason.hasPrefix("must be a phone number"):
            return "Enter a phone number like +44 7700 900123, or leave it empty"
        default: return "\(label) \(reason)"
        }
    }

    func view(errors: [FieldError] = [], suggestion: String? = nil) -> View {
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        var view = View(
            name: name ?? "", email: email ?? "", phone: phone ?? "", notes: notes ?? "", smsOptIn: smsOptIn != nil,
            consent: consent != nil,
            errors: errors.nonEmpty, nameError: error("name"), emailError: error("email"), phoneError: error("phone"),
            notesError: error("notes"),
            consentError: error("consent"))
        view.emailSuggestion = suggestion
        return view
    }

    static let empty = ContactForm()

    /// The empty form of a shared page (`SharedPage`): its one-time id is filled in per response.
    static var emptySharedView: View {
        var view = empty.view()
        view.formID = RenderedPages.formIDPlaceholder
        return view
    }
}

extension PageError {
    /// A filled-in honeypot: refused without saying why in detail.
    static let bot = PageError(
        .badRequest, title: "We could not accept this form",
        message: "Please go back and send the form again without any automatic form filling.")
}
