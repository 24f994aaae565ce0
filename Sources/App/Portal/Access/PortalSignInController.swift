import Vapor

/// Signing in to and out of the portal (`PortalSignIn`, `PortalSessions`). Every sign-in starts a new
/// session: a session cookie the browser already had is ended, never carried over.
struct PortalSignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.signIn).pathComponents, use: form)
        routes.post(SiteURL.portal(.signIn).pathComponents, use: signIn)
        routes.post(SiteURL.portal(.signOut).pathComponents, use: signOut)
    }

    func form(req: Request) async throws -> Response {
        let scope = try req.scope
        let next = QueryParameters(req)["next"]
        if let token = PortalCookie.token(req),
            try await PortalSessions.find(token: token, tenantID: scope.tenant.id, now: scope.now, on: scope.db) != nil
        {
            return req.redirect(to: PortalReturn.destination(next, base: scope.siteBase), redirectType: .normal)
        }
        let notice = QueryParameters(req)["signed-out"] != nil ? "You have signed out." : nil
        return try await render(req, SignInPage(site: try SiteContext(req: req, title: "Sign in"), next: next, notice: notice))
    }

    func signIn(req: Request) async throws -> Response {
        let scope = try req.scope
        let email = (try? req.content.get(String.self, at: "email"))?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let next = try? req.content.get(String.self, at: "next")
        let site = try SiteContext(req: req, title: "Sign in")
        let emailError = email.isEmpty ? "Enter the email address of your account" : nil
        let passwordError = password.isEmpty ? "Enter your password" : nil
        if emailError != nil || passwordError != nil {
            return try await render(
                req, SignInPage(site: site, next: next, email: email, emailError: emailError, passwordError: passwordError),
                status: .unprocessableEntity)
        }
        let outcome = try await PortalSignIn.attempt(
            tenantID: scope.tenant.id, email: email, password: password, address: Self.clientAddress(req), now: scope.now,
            on: scope.db, threadPool: req.application.threadPool)
        try await Self.audit(outcome, email: email, scope: scope)
        switch outcome {
        case .refused:
            return try await render(
                req,
                SignInPage(
                    site: site, next: next, email: email,
                    passwordError: "That email address and password do not match an account here. Check both and try again."),
                status: .unauthorized)
        case .throttled(let retryAfter):
            let response = try await render(
                req, SignInPage(site: site, next: next, email: email, wait: SignInPage.waitWording(retryAfter)),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(retryAfter.rounded(.up))))
            return response
        case .signedIn(let token, _):
            if let previous = PortalCookie.token(req) {
                try await PortalSessions.end(token: previous, tenantID: scope.tenant.id, on: scope.db)
            }
            let response = req.redirect(to: PortalReturn.destination(next, base: scope.siteBase), redirectType: .normal)
            response.cookies[PortalCookie.name] = try PortalCookie.session(token, req: req)
            return response
        }
    }

    func signOut(req: Request) async throws -> Response {
        let scope = try req.scope
        if let token = PortalCookie.token(req) {
            if let user = try await PortalSessions.find(token: token, tenantID: scope.tenant.id, now: scope.now, on: scope.db) {
                try await AuditTrail.record(
                    tenant: scope.tenant.id, at: scope.now, actor: .user(user), action: "sign_out", objectType: "user",
                    objectID: user.userID, via: "portal", on: scope.db)
            }
            try await PortalSessions.end(token: token, tenantID: scope.tenant.id, on: scope.db)
        }
        let response = req.redirect(
            to: SiteURL.portal(.signIn).relative(base: scope.siteBase, query: [("signed-out", "1")]), redirectType: .normal)
        response.cookies[PortalCookie.name] = try PortalCookie.cleared(req: req)
        return response
    }

    /// Every sign-in and every refused one goes into the audit log (a refusal under the address tried).
    private static func audit(_ outcome: PortalSignIn.Outcome, email: String, scope: TenantScope) async throws {
        let (actor, action): (AuditActor, String) =
            switch outcome {
            case .signedIn(_, let user): (.user(user), "sign_in")
            case .refused: (AuditActor(kind: .visitor, id: nil, label: email.lowercased()), "sign_in_failed")
            case .throttled: (AuditActor(kind: .visitor, id: nil, label: email.lowercased()), "sign_in_throttled")
            }
        try await AuditTrail.record(
            tenant: scope.tenant.id, at: scope.now, actor: actor, action: action, objectType: "user", objectID: actor.id,
            via: "portal", on: scope.db)
    }

    /// The address sign-in failures are counted against. Behind the reverse proxy `docs/deploy.md`
    /// describes (on the same machine, so the peer is loopback) every request comes from 127.0.0.1,
    /// and ten wrong passwords from anyone would pause everyone's sign-in: the client's own address
    /// is then the last one the proxy appended to `X-Forwarded-For`. From any other peer the header
    /// is ignored, since a client can write anything in it.
    static func clientAddress(_ req: Request) -> String {
        let peer = req.remoteAddress?.ipAddress
        if let peer, peer.hasPrefix("127.") || peer == "::1" || peer.hasPrefix("::ffff:127."),
            let last = req.headers["X-Forwarded-For"].joined(separator: ",").split(separator: ",").last
        {
            let forwarded = last.trimmingCharacters(in: .whitespaces)
            if !forwarded.isEmpty && forwarded.count <= 64 { return forwarded }
        }
        return peer ?? "unknown"
    }

    private func render(_ req: Request, _ page: SignInPage, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try await req.view.render("portal/sign-in", page).encodeResponse(status: status, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
        return response
    }
}
