import Vapor

/// What every public page's layout shows: the business's name, logo and links, the path prefix its
/// pages live under, and the form token. One per request, placed in each page's context as `site`.
struct SiteContext: Encodable, Sendable {
    let name: String
    let logoURL: String?
    /// "" when the tenant comes from the host name or `DEFAULT_TENANT`, "/t/<slug>" otherwise;
    /// every link on a page starts with it.
    let base: String
    let themeURL: String
    let cssURL: String
    let jsURL: String
    /// The cross-site form token (`CSRFProtection`), for every form's hidden `_csrf` field.
    let csrf: String
    let offersAppointments: Bool
    let offersSessions: Bool
    /// The `<title>`: "<page> – <business>".
    var title: String

    init(req: Request, title: String) throws {
        let tenant = try req.tenant
        name = tenant.name
        logoURL = tenant.logoURL
        base = req.siteBase
        themeURL = "\(base)/theme.css?v=\(tenant.brandColour.dropFirst())"
        cssURL = StaticAssets.url(for: "site.css")
        jsURL = StaticAssets.url(for: "site.js")
        csrf = req.csrfToken
        offersAppointments = tenant.kind == .appointments
        offersSessions = tenant.kind == .sessions
        self.title = title.isEmpty ? tenant.name : "\(title) – \(tenant.name)"
    }
}

extension Request {
    private struct SiteBaseKey: StorageKey { typealias Value = String }

    /// The path prefix of this tenant's pages ("" or "/t/<slug>"), set by `TenantMiddleware`.
    var siteBase: String {
        get { storage[SiteBaseKey.self] ?? "" }
        set { storage[SiteBaseKey.self] = newValue }
    }
}
