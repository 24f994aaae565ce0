import Foundation

/// The portal's password forms: "forgotten your password", choosing one from an emailed link, and
/// changing it when signed in. Passwords are never shown back; other values are kept.
struct PasswordPage: Encodable {
    let site: SiteContext
    let portal: PortalChrome?
    let heading: String
    let lead: String
    let action: String
    /// The address field of "forgotten your password".
    let asksEmail: Bool
    /// The current-password field of a signed-in change.
    let asksCurrent: Bool
    /// The new-password fields.
    let asksNew: Bool
    let email: String
    let errors: [String: String]
    let notice: String?
    let button: String
    let signInLink: String
    let forgotLink: String
    /// The account page's calendar feed section (signed in only).
    var feed: FeedSection? = nil

    /// A private calendar subscription: whether one is live, its address on the answer that made
    /// it (shown once), and the forms to make a new one or stop it.
    struct FeedSection: Encodable {
        let live: Bool
        let what: String
        let url: String?
        let webcal: String?
        let createAction: String
        let stopAction: String
    }

    init(
        site: SiteContext, portal: PortalChrome? = nil, heading: String, lead: String, action: String, asksEmail: Bool = false,
        asksCurrent: Bool = false, asksNew: Bool = false, email: String = "", errors: [String: String] = [:],
        notice: String? = nil, button: String
    ) {
        self.site = site
        self.portal = portal
        self.heading = heading
        self.lead = lead
        self.action = action
        self.asksEmail = asksEmail
        self.asksCurrent = asksCurrent
        self.asksNew = asksNew
        self.email = email
        self.errors = errors
        self.notice = notice
        self.button = button
        signInLink = SiteURL.portal(.signIn).relative(base: site.base)
        forgotLink = SiteURL.portal(.forgotPassword).relative(base: site.base)
    }

    /// The new password's problems by field: the rules (`Passwords.problem`) and the two typings agreeing.
    static func newPasswordErrors(_ password: String, repeated: String) -> [String: String] {
        if let problem = Passwords.problem(password) { return ["password": "The new password \(problem)"] }
        if password != repeated { return ["repeat": "The two passwords are not the same: type it again in both"] }
        return [:]
    }
}
