import Vapor

/// What every public page's layout shows: the business's name, logo and links, the path prefix its
/// pages live under, and the form token. One per request, placed in each page's context as `site`.
struct SiteContext: Encodable, Hashable, Sendable {
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
    /// The links every page's layout and forms may use (`SiteURL`).
    let links: Links

    struct Links: Encodable, Hashable, Sendable {
        let home: String
        let book: String
        let sessions: String
        let myBookings: String
        let privacy: String
        let terms: String

        init(base: String) {
            home = SiteURL.home.relative(base: base)
            book = SiteURL.book.relative(base: base)
            sessions = SiteURL.sessions.relative(base: base)
            myBookings = SiteURL.myBookings.relative(base: base)
            privacy = SiteURL.privacy.relative(base: base)
            terms = SiteURL.terms.relative(base: base)
        }
    }

    /// Hashes the fields that tell one page's site apart cheaply (ASCII links and the theme's
    /// version); equality still compares every field. Names and titles hold "–" and other non-ASCII
    /// characters, whose hashing normalises Unicode, and a shared page is hashed on every request.
    func hash(into hasher: inout Hasher) {
        hasher.combine(base)
        hasher.combine(themeURL)
        hasher.combine(cssURL)
        hasher.combine(csrf)
        hasher.combine(title.utf8.count)
    }
}

extension SiteContext {
    /// `shared: true` for a `SharedPage`: it then carries a placeholder for the visitor's form token,
    /// which each response replaces with the visitor's own (`RenderedPages`).
    init(req: Request, title: String, shared: Bool = false) throws {
        let scope = try req.scope
        let tenant = scope.tenant
        name = tenant.name
        base = scope.siteBase
        logoURL = TenantLogos.isUploaded(tenant.logoURL) ? SiteURL.logo(.value(tenant.logoURL!)).relative(base: base) : nil
        themeURL = SiteURL.theme.relative(base: base, query: [("v", String(tenant.brandColour.dropFirst()))])
        cssURL = StaticAssets.url(for: "site.css")
        jsURL = StaticAssets.url(for: "site.js")
        csrf = shared ? RenderedPages.formTokenPlaceholder : req.csrfToken
        offersAppointments = tenant.kind == .appointments
        offersSessions = tenant.kind == .sessions
        self.title = title.isEmpty ? tenant.name : "\(title) – \(tenant.name)"
        links = Links(base: base)
    }
}
