import Foundation
import Vapor

/// A staff member as the business describes them: every field of a new one (name required), or
/// the fields to change. Checked at the edge (`validate`); the body of `POST` and `PATCH /admin/staff`.
struct StaffDetails: Content, Sendable {
    var name: String?
    var email: String?
    var services: [UUID]?
    var active: Bool?

    func validate(creating: Bool) throws {
        try problems(creating: creating).throwIfAny()
    }

    /// Every problem of these details, by field (the API's names).
    func problems(creating: Bool) -> FieldProblems {
        var problems = FieldProblems()
        if creating || name != nil { problems.requireText(name, "name", max: 120) }
        if let email, !email.isEmpty, !Formats.isEmail(email) { problems.add("email", "is not a valid email address") }
        if let services, services.count > 200 { problems.add("services", "must list at most 200 ids") }
        return problems
    }

    func apply(to staff: Staff) {
        if let name { staff.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let email { staff.email = email.isEmpty ? nil : email.lowercased() }
        if let active { staff.active = active }
    }
}
