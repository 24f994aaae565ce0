import Vapor

/// The signed-in user's account page: change the password (the current one first), which signs
/// every other browser of the account out (`PasswordChange`).
struct AccountPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.account).pathComponents, use: form)
        routes.post(SiteURL.portal(.account).pathComponents, use: change)
        routes.post(SiteURL.portal(.accountFeed).pathComponents, use: createFeed)
        routes.post(SiteURL.portal(.accountFeedStop).pathComponents, use: stopFeed)
    }

    /// A new private calendar address (any earlier one stops working), shown on this answer only.
    func createFeed(req: Request) async throws -> Response {
        let scope = try req.scope
        let current = try req.signedIn
        guard let user = try await User.find(current.userID, on: scope.db, tenant: scope.tenant.id) else {
            throw PageError.notFound
        }
        let token = try await CalendarFeeds.create(for: user, now: scope.now, on: scope.db)
        req.auditObject = .changed(type: "calendar_feed", action: "create", id: current.userID)
        let url = SiteURL.calendarFeed(.value(token)).absolute(
            publicBase: req.application.config.publicBaseURL, tenantSlug: scope.tenant.slug)
        var page = try page(req, notice: "Your calendar address is ready: copy it now, it is shown only this once.")
        page.feed = try await feedSection(req, url: url)
        let response = try await req.view.render("portal/password", page).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func stopFeed(req: Request) async throws -> Response {
        let scope = try req.scope
        try await CalendarFeeds.revoke(userID: try req.signedIn.userID, tenant: scope.tenant.id, now: scope.now, on: scope.db)
        return req.redirect(
            to: SiteURL.portal(.account).relative(base: scope.siteBase, query: [("done", "feed-stopped")]),
            redirectType: .normal)
    }

    private func feedSection(_ req: Request, url: String? = nil) async throws -> PasswordPage.FeedSection {
        let scope = try req.scope
        let user = try req.signedIn
        let live = try await CalendarFeeds.live(userID: user.userID, tenant: scope.tenant.id, on: scope.db) != nil
        return PasswordPage.FeedSection(
            live: live,
            what: user.role == .owner
                ? "every booking and class of the business" : "your own bookings and classes",
            url: url, webcal: url.map { "webcal" + $0.drop { $0 != ":" } },
            createAction: SiteURL.portal(.accountFeed).relative(base: scope.siteBase),
            stopAction: SiteURL.portal(.accountFeedStop).relative(base: scope.siteBase))
    }

    func form(req: Request) async throws -> View {
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "password": "Your password is changed. Other browsers are signed out."
            case "feed-stopped": "The calendar address is stopped: calendars subscribed to it get nothing more."
            default: nil
            }
        var page = try page(req, notice: notice)
        page.feed = try await feedSection(req)
        return try await req.view.render("portal/password", page)
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
