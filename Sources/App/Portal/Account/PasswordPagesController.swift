import Fluent
import Vapor

/// Choosing a password without being signed in: "forgotten your password" (the same answer whether
/// or not the address has an account) and the pages the emailed one-time links open. The link is
/// spent only when the new password is saved, never by opening it (mail scanners open links).
struct PasswordPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.forgotPassword).pathComponents, use: forgotForm)
        routes.post(SiteURL.portal(.forgotPassword).pathComponents, use: forgot)
        routes.get(SiteURL.portal(.resetPassword(.key)).pathComponents) { try await linkForm($0, .reset) }
        routes.post(SiteURL.portal(.resetPassword(.key)).pathComponents) { try await choose($0, .reset) }
        routes.get(SiteURL.portal(.acceptInvitation(.key)).pathComponents) { try await linkForm($0, .invite) }
        routes.post(SiteURL.portal(.acceptInvitation(.key)).pathComponents) { try await choose($0, .invite) }
    }

    static let spentLink = PageError(
        .notFound, title: "This link no longer works",
        message:
            "Links to choose a password work once, for 60 minutes. Ask for a new one with \"Forgotten your password?\" on the sign-in page."
    )

    func forgotForm(req: Request) async throws -> Response {
        try await render(req, forgotPage(req), status: .ok)
    }

    func forgot(req: Request) async throws -> Response {
        let scope = try req.scope
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty, email.count <= 254 else {
            return try await render(
                req, try forgotPage(req, email: email, errors: ["email": "Enter the email address of your account"]),
                status: .unprocessableEntity)
        }
        if let user = try await User.query(on: scope.db, tenant: scope.tenant.id).filter(\.$email == email).first(),
            user.active
        {
            try await AccountLinks.send(.reset, to: user, now: scope.now, tokens: try await scope.manageTokens(), on: scope.db)
        }
        return try await render(
            req,
            try forgotPage(
                req, email: email,
                notice:
                    "If an account at \(scope.tenant.name) uses \(email), we have emailed it a link to choose a new password. It works for 60 minutes."
            ), status: .ok)
    }

    func linkForm(_ req: Request, _ purpose: AccountLinks.Purpose) async throws -> Response {
        let scope = try req.scope
        let token = req.parameters.get("token") ?? ""
        guard try await AccountLinks.isLive(token, purpose: purpose, tenantID: scope.tenant.id, now: scope.now, on: scope.db)
        else { throw Self.spentLink }
        return try await render(req, try choosePage(req, purpose, token: token), status: .ok)
    }

    func choose(_ req: Request, _ purpose: AccountLinks.Purpose) async throws -> Response {
        let scope = try req.scope
        let token = req.parameters.get("token") ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let repeated = (try? req.content.get(String.self, at: "repeat")) ?? ""
        let errors = PasswordPage.newPasswordErrors(password, repeated: repeated)
        guard errors.isEmpty else {
            guard try await AccountLinks.isLive(token, purpose: purpose, tenantID: scope.tenant.id, now: scope.now, on: scope.db)
            else { throw Self.spentLink }
            return try await render(req, try choosePage(req, purpose, token: token, errors: errors), status: .unprocessableEntity)
        }
        let hash = try await Passwords.hash(password, on: req.application.threadPool)
        let user: User? = try await scope.db.transaction { db in
            guard
                let user = try await AccountLinks.redeem(
                    token, purpose: purpose, tenantID: scope.tenant.id, now: scope.now, on: db)
            else { return nil }
            user.passwordHash = hash
            try await user.update(on: db)
            // A reset signs every other browser out: whoever knew the old password is out too.
            try await PortalSessions.endOthers(of: try user.requireID(), keeping: nil, on: db)
            return user
        }
        guard let user, user.active else { throw Self.spentLink }
        let started = try await PortalSessions.start(for: user, now: scope.now, on: scope.db)
        try await AuditTrail.record(
            tenant: scope.tenant.id, at: scope.now, actor: .user(started.user),
            action: purpose == .invite ? "accept_invitation" : "reset_password", objectType: "user", objectID: user.id,
            via: "portal", on: scope.db)
        let response = req.redirect(
            to: SiteURL.portal(.today).relative(base: scope.siteBase, query: [("done", "password")]), redirectType: .normal)
        response.cookies[PortalCookie.name] = try PortalCookie.session(started.token, req: req)
        return response
    }

    private func forgotPage(_ req: Request, email: String = "", errors: [String: String] = [:], notice: String? = nil) throws
        -> PasswordPage
    {
        let site = try SiteContext(req: req, title: "Forgotten your password?")
        return PasswordPage(
            site: site, heading: "Forgotten your password?",
            lead: "Enter the email address you sign in with, and we will email you a link to choose a new password.",
            action: SiteURL.portal(.forgotPassword).relative(base: site.base), asksEmail: notice == nil, email: email,
            errors: errors, notice: notice, button: "Email me a link")
    }

    private func choosePage(_ req: Request, _ purpose: AccountLinks.Purpose, token: String, errors: [String: String] = [:])
        throws -> PasswordPage
    {
        let invite = purpose == .invite
        let site = try SiteContext(req: req, title: invite ? "Choose your password" : "Choose a new password")
        let page: SiteURL.Portal = invite ? .acceptInvitation(.value(token)) : .resetPassword(.value(token))
        return PasswordPage(
            site: site, heading: invite ? "Choose your password" : "Choose a new password",
            lead:
                "At least \(Passwords.minimumCharacters) characters. A few unrelated words make a strong one that is easy to remember.",
            action: SiteURL.portal(page).relative(base: site.base), asksNew: true, errors: errors,
            button: invite ? "Save and sign in" : "Save the new password and sign in")
    }

    private func render(_ req: Request, _ page: PasswordPage, status: HTTPResponseStatus) async throws -> Response {
        let response = try await req.view.render("portal/password", page).encodeResponse(status: status, for: req)
        response.markPrivate()
        return response
    }
}
