import Vapor

/// Lets a request into the portal only with a live session of the request's own tenant; anyone else
/// is sent to the sign-in page (303, with the page they wanted kept in `next`), for a form as for a
/// page, so nothing a stranger posts is acted on.
struct PortalAuthentication: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let scope = try request.scope
        guard let token = PortalCookie.token(request),
            let user = try await PortalSessions.find(token: token, tenantID: scope.tenant.id, now: scope.now, on: scope.db)
        else {
            let wanted = request.method == .GET ? PortalReturn.path(of: request) : nil
            return request.redirect(
                to: SiteURL.portal(.signIn).relative(base: scope.siteBase, query: [("next", wanted)]), redirectType: .normal)
        }
        request.portalUser = user
        request.auditActor = .user(user)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
        return response
    }
}

/// Answers 403 to staff on pages only owners may use.
struct OwnersOnly: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try request.signedIn.role == .owner else {
            throw PageError(
                .forbidden, title: "Only owners can open this page",
                message: "Your account is a staff account. Ask the business's owner if you need this.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct PortalUserKey: StorageKey { typealias Value = PortalSessions.Current }

    /// The signed-in user, set by `PortalAuthentication`.
    var portalUser: PortalSessions.Current? {
        get { storage[PortalUserKey.self] }
        set { storage[PortalUserKey.self] = newValue }
    }

    /// The signed-in user of a portal route (behind `PortalAuthentication`).
    var signedIn: PortalSessions.Current {
        get throws {
            guard let user = portalUser else {
                throw Abort(.internalServerError, reason: "Route is missing PortalAuthentication.")
            }
            return user
        }
    }
}

/// Where to go after signing in: only a page of this tenant's own portal, never another site.
enum PortalReturn {
    /// The request's path and query, to come back to after signing in.
    static func path(of request: Request) -> String {
        request.url.query.map { "\(request.url.path)?\($0)" } ?? request.url.path
    }

    /// `next` when it is a path within the portal at `base`, or the Today page.
    static func destination(_ next: String?, base: String) -> String {
        let portal = SiteURL.portal(.today).relative(base: base)
        guard let next, next == portal || next.hasPrefix(portal + "/") || next.hasPrefix(portal + "?"),
            !next.contains("//"), !next.contains(".."), !next.contains("\\"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return portal }
        return next
    }
}
