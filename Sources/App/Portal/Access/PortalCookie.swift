import Vapor

/// The portal's session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` when `PUBLIC_URL` is https, and
/// sent by the browser only to its own tenant's portal path (`/admin` or `/t/<slug>/admin`). The
/// session behind it is also only ever found within its tenant (`PortalSessions.find`), whatever
/// host or path a request arrives on.
enum PortalCookie {
    static let name = "nbne_portal"

    /// The cookie carrying a new session's token.
    static func session(_ token: String, req: Request) throws -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, path: try path(req), isSecure: isSecure(req), isHTTPOnly: true, sameSite: .lax)
    }

    /// The cookie that makes the browser forget the session.
    static func cleared(req: Request) throws -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: try path(req), isSecure: isSecure(req),
            isHTTPOnly: true, sameSite: .lax)
    }

    /// The token the browser sent, if any.
    static func token(_ req: Request) -> String? {
        req.cookies[name]?.string.nonEmpty
    }

    private static func path(_ req: Request) throws -> String {
        SiteURL.portal(.today).relative(base: try req.scope.siteBase)
    }

    private static func isSecure(_ req: Request) -> Bool {
        req.application.config.publicBaseURL.hasPrefix("https:")
    }
}
