import Vapor

/// The signed-in user's account page: change the password (the current one first), which signs
/// every other browser of the account out (`PasswordChange`).
struct AccountPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.account).pathComponents, use: form)
        routes.post(SiteURL.portal(.account).pathComponents, use: change)
    }

    func form(req: Request) async throws -> View {
        let done = QueryParameters(req)["done"] == "password"
        return try await req.view.render(
            "portal/password", try page(req, notice: done ? "Your password is changed. Other browsers are signed out." : nil))
    }

    func change(req: Request) async throws -> Response {
        let scope = try req.scope
        let current = (try? req.content.get(String.self, at: "current")) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let repeated = (try? req.content.get(String.self, at: "repeat")) ?? ""
        var errors = PasswordPage.newPasswordErrors(password, repeated: repeated)
        if current.isEmpty { errors["current"] = "Enter your current password" }
        if errors.isEmpty {
            do {
                try await PasswordChange.change(
                    user: try req.signedIn, currentPassword: current, newPassword: password, on: scope.db,
                    threadPool: req.application.threadPool)
            } catch let refused as PasswordChange.Refused {
                for (field, message) in refused.problems {
                    if field == "currentPassword" {
                        errors["current"] = "That \(message)"
                    } else {
                        errors["password"] = "The new password \(message)"
                    }
                }
            }
        }
        guard errors.isEmpty else {
            return try await req.view.render("portal/password", try page(req, errors: errors)).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.account).relative(base: scope.siteBase, query: [("done", "password")]), redirectType: .normal)
    }

    private func page(_ req: Request, errors: [String: String] = [:], notice: String? = nil) throws -> PasswordPage {
        let (site, portal) = try req.portalPage(title: "Your account", current: .account)
        let user = try req.signedIn
        return PasswordPage(
            site: site, portal: portal, heading: "Your account",
            lead:
                "Signed in as \(user.email). Change your password here: every other browser signed in to this account is then signed out.",
            action: SiteURL.portal(.account).relative(base: site.base), asksCurrent: true, asksNew: true, errors: errors,
            notice: notice, button: "Change the password")
    }
}
