import Vapor

/// Who is booking: `{"name", "email", "phone"?, "smsOptIn"?}`, validated with bounded lengths.
struct ClientInput: Content {
    var name: String
    var email: String
    var phone: String?
    /// Agreement to text messages about this booking on `phone` (absent: no).
    var smsOptIn: Bool?

    /// Adds "client.<field> ..." problems.
    func validate(into problems: inout FieldProblems) {
        problems.requireText(name, "client.name", max: 120)
        var plain = FieldProblems()
        plain.requirePlainText(email, "client.email")
        if !plain.isEmpty {
            problems.add(contentsOf: plain)
        } else if let problem = Formats.emailProblem(email) {
            problems.add("client.email", problem == "is required" ? problem : "is not a valid email address: it \(problem)")
        }
        if let phone, !phone.isEmpty, !Self.isPhone(phone) {
            problems.add("client.phone", "must be a phone number such as +44 7700 900123 (7 to 15 digits)")
        }
    }

    /// Digits with optional leading +, spaces, dashes, dots and brackets; 7 to 15 digits (E.164).
    static func isPhone(_ text: String) -> Bool {
        guard text.count <= 32 else { return false }
        let allowed = text.enumerated().allSatisfy { index, character in
            character.isASCII && (character.isNumber || " -.()".contains(character) || (character == "+" && index == 0))
        }
        let digits = text.filter(\.isNumber).count
        return allowed && (7...15).contains(digits)
    }

    var normalizedPhone: String? {
        guard let phone, !phone.isEmpty else { return nil }
        return (phone.hasPrefix("+") ? "+" : "") + phone.filter(\.isNumber)
    }
}
