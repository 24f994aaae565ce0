import Vapor

/// The owners' hub of the business's own pages, one entry in the navigation.
struct BusinessPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(OwnersOnly()).get(SiteURL.portal(.business).pathComponents, use: page)
    }

    struct BusinessPage: Encodable {
        struct Entry: Encodable {
            let label: String
            let detail: String
            let link: String
        }

        let site: SiteContext
        let portal: PortalChrome
        let entries: [Entry]
    }

    func page(req: Request) async throws -> View {
        let (site, portal) = try req.portalPage(title: "Business", current: .business)
        let entries: [(String, String, SiteURL.Portal)] = [
            ("Services", "What clients book: duration, price, who performs it.", .services),
            ("Staff and hours", "Who works, their services and weekly hours; the opening hours.", .staff),
            ("Time off and closures", "Holidays and closed days, and the bookings they affect.", .timeOff),
            ("Settings", "Name, logo, colour, policies, messages, texts and time zone.", .settings),
            ("Sign-ins", "Who can use this portal: invite, change, remove.", .users),
            ("API keys", "For programs that use the admin API.", .apiKeys),
            ("Activity", "Who changed what, and when.", .activity),
        ]
        return try await req.view.render(
            "portal/business",
            BusinessPage(
                site: site, portal: portal,
                entries: entries.map { .init(label: $0.0, detail: $0.1, link: SiteURL.portal($0.2).relative(base: site.base)) }))
    }
}
