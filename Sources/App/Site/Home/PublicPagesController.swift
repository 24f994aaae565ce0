import Vapor

/// The home page, the privacy notice and terms, and the tenant's colour as a stylesheet.
struct PublicPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: home)
        routes.get(SiteURL.privacy.pathComponents, use: privacy)
        routes.get(SiteURL.terms.pathComponents, use: terms)
        routes.get(SiteURL.theme.pathComponents, use: theme)
    }

    func home(req: Request) async throws -> View {
        let page = try await HomePage.build(site: try SiteContext(req: req, title: "", shared: true), scope: try req.scope)
        return try await req.renderShared("public/home", page)
    }

    func privacy(req: Request) async throws -> View {
        try await policy(req, .privacy, title: "Privacy notice")
    }

    func terms(req: Request) async throws -> View {
        try await policy(req, .terms, title: "Terms")
    }

    private func policy(_ req: Request, _ kind: PolicyPage.Kind, title: String) async throws -> View {
        let tenant = try req.tenant
        let profile = try await TenantProfile.load(tenant: tenant.id, on: req.db)
        return try await req.view.render(
            "public/policy",
            PolicyPage.build(kind, site: try SiteContext(req: req, title: title), tenant: tenant, profile: profile))
    }

    /// The brand colour as CSS custom properties (a stylesheet, so the policy can forbid inline
    /// style): `--brand` as chosen, `--brand-ink` darkened until white text on it reaches AA.
    func theme(req: Request) throws -> Response {
        let colour = try req.tenant.brandColour
        let css = ":root{--brand:\(colour);--brand-ink:\(BrandColours.accessible(colour))}\n"
        var headers = HTTPHeaders()
        headers.contentType = .css
        // The page links it with the colour in the query, so a new colour is a new address.
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(string: css))
    }
}
