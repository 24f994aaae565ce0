import Vapor

/// An error a public page answers with its own words (a title and what to do next), rendered in
/// the tenant's branding by `ErrorPages`.
struct PageError: AbortError {
    let status: HTTPResponseStatus
    let title: String
    let message: String

    init(_ status: HTTPResponseStatus, title: String, message: String) {
        self.status = status
        self.title = title
        self.message = message
    }

    var reason: String { message }

    static let notFound = PageError(
        .notFound, title: "Page not found",
        message: "There is no page at this address. Check the link, or start again from the home page.")
}

/// Renders an error as the public site's error page: the status, a title and a next step, in the
/// tenant's branding when the tenant is known. JSON routes keep JSON errors (`JSONErrorMiddleware`).
enum ErrorPages {
    struct Context: Encodable {
        let site: SiteContext?
        let title: String
        let message: String
        let status: Int
        let home: String
        /// For a manage or my-bookings link that failed: where the client can ask for a fresh link.
        let myBookings: String?
        /// On a portal page: the portal's navigation for a signed-in user.
        var portal: PortalChrome? = nil
    }

    /// Whether a request is for a page (not the JSON API, health, metrics or the OpenAPI document).
    static func wantsHTML(_ request: Request) -> Bool { isPage(path: request.url.path) }

    /// Whether a path is the owner and staff portal's (`/admin/...`, `/t/<slug>/admin/...`).
    static func isPortal(path: String) -> Bool {
        let components = path.split(separator: "/")
        let rest = components.first == "t" ? components.dropFirst(2) : components[...]
        return rest.first == "admin"
    }

    static func isPage(path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let first = components.first else { return true }
        if ["health", "metrics", "openapi.json", "assets"].contains(first) { return false }
        return !components.contains("api")
    }

    static func response(status: HTTPResponseStatus, title: String?, message: String?, request: Request) async -> Response {
        // A path that matched no route never met `TenantMiddleware`: find the tenant for the branding.
        if (try? request.tenant) == nil { try? await TenantMiddleware.resolve(request) }
        let (defaultTitle, defaultMessage) = wording(for: status, tenantKnown: (try? request.tenant) != nil)
        // "Error: " first in the window title, so it is the first word a screen reader says.
        let site = try? SiteContext(req: request, title: "Error: \(title ?? defaultTitle)")
        let path = request.url.path
        let fromClientLink = path.contains("/manage/") || path.contains("/my-bookings/")
        var context = Context(
            site: site, title: title ?? defaultTitle, message: message ?? defaultMessage, status: Int(status.code),
            home: SiteURL.home.relative(base: site?.base ?? ""),
            myBookings: fromClientLink && site != nil ? SiteURL.myBookings.relative(base: site?.base ?? "") : nil)
        // A portal page's error stays in the portal: its layout, and its way back to Today.
        var template = "public/error"
        if let site, isPortal(path: path) {
            template = "portal/error"
            context = Context(
                site: site, title: context.title, message: context.message, status: context.status,
                home: SiteURL.portal(.today).relative(base: site.base), myBookings: nil,
                portal: request.portalUser.map { PortalChrome(user: $0, base: site.base, current: .none) })
        }
        do {
            let view = try await request.view.render(template, context)
            let response = Response(status: status, body: .init(buffer: view.data))
            response.headers.contentType = .html
            return response
        } catch {
            request.logger.error("error page failed to render: \(String(reflecting: error))")
            let response = Response(status: status, body: .init(string: "\(title ?? defaultTitle). \(message ?? defaultMessage)"))
            response.headers.contentType = .plainText
            return response
        }
    }

    private static func wording(for status: HTTPResponseStatus, tenantKnown: Bool) -> (String, String) {
        switch status.code {
        case 404 where !tenantKnown:
            return ("Business not found", "We could not find a business at this address. Check the link you were given.")
        case 404: return (PageError.notFound.title, PageError.notFound.message)
        case 409: return ("That changed meanwhile", "Someone else changed the same thing a moment ago. Go back and try again.")
        case 413, 422, 400:
            return (
                "We could not read that",
                "Something in the form could not be read. Go back, check what you typed and send it again."
            )
        case 429: return ("Too many tries", "Please wait a few minutes and try again.")
        case 503: return ("Back in a moment", "We cannot reach our booking records just now. Please try again in a few seconds.")
        case 500...:
            return (
                "Something went wrong",
                "Sorry, something went wrong on our side. Please try again; if it keeps happening, contact the business."
            )
        default: return ("Something went wrong", "Please go back and try again.")
        }
    }
}
