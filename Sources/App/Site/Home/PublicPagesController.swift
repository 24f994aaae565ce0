import Vapor

/// The home page, the privacy notice and terms, the tenant's colour as a stylesheet and its logo.
struct PublicPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: home)
        routes.get(SiteURL.privacy.pathComponents, use: privacy)
        routes.get(SiteURL.terms.pathComponents, use: terms)
        routes.get(SiteURL.theme.pathComponents, use: theme)
        routes.get(SiteURL.logo(.key).pathComponents, use: logo)
        routes.get(SiteURL.calendarFeed(.key).pathComponents, use: calendarFeed)
    }

    /// A portal user's calendar subscription: 404 for a wrong, stopped or deactivated user's token.
    func calendarFeed(req: Request) async throws -> Response {
        let scope = try req.scope
        guard let token = req.parameters.get("token"),
            let feed = try await CalendarFeeds.open(token, tenant: scope.tenant.id, on: scope.db)
        else { throw PageError.notFound }
        let host = URL(string: req.application.config.publicBaseURL)?.host ?? "nbne-booking"
        let text = try await CalendarFeedDocument.render(feed, tenant: scope.tenant, host: host, now: scope.now, on: scope.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// The uploaded logo, from the database (so every server has it), with the type its bytes were
    /// checked to be and a year's cache: a new logo has a new name.
    func logo(req: Request) async throws -> Response {
        let scope = try req.scope
        guard let file = req.parameters.get("file"), file.count <= 40,
            let logo = try await TenantLogos.find(file, tenant: scope.tenant.id, on: scope.db)
        else { throw PageError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: logo.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        return Response(status: .ok, headers: headers, body: .init(data: logo.bytes))
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
        let profile = try await TenantProfile.load(tenant: tenant.id, on: try req.scope.db)
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
