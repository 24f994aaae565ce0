import Foundation

/// The portal's sign-in form: the address kept on a refusal (the password never), one message for a
/// wrong address or password, or the time to wait after too many tries.
struct SignInPage: Encodable {
    struct ErrorLink: Encodable {
        let anchor: String
        let message: String
    }

    let site: SiteContext
    let action: String
    let next: String?
    let email: String
    let emailError: String?
    let passwordError: String?
    /// The form's problems, for the summary at its top.
    let errors: [ErrorLink]?
    /// "You have signed out." and the like.
    let notice: String?
    /// Too many failed tries: when the form may be sent again.
    let wait: String?
    let forgotLink: String

    init(
        site: SiteContext, next: String?, email: String = "", emailError: String? = nil, passwordError: String? = nil,
        notice: String? = nil, wait: String? = nil
    ) {
        self.site = site
        action = SiteURL.portal(.signIn).relative(base: site.base)
        self.next = next
        self.email = email
        self.emailError = emailError
        self.passwordError = passwordError
        errors =
            ([
                emailError.map { ErrorLink(anchor: "#email", message: $0) },
                passwordError.map { ErrorLink(anchor: "#password", message: $0) },
            ]
            .compactMap { $0 }).nonEmpty
        self.notice = notice
        self.wait = wait
        forgotLink = SiteURL.portal(.forgotPassword).relative(base: site.base)
    }

    /// "about 14 minutes", "1 minute", "less than a minute".
    static func waitWording(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded(.up))
        if seconds < 60 { return "less than a minute" }
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}
