import Fluent
import Foundation
import Vapor

/// `/my-bookings`: a client asks for a link by email, and the link lists their upcoming bookings
/// and places with this business, each linking to its manage page.
struct MyBookingsPagesController: RouteCollection {
    struct RequestForm: Content {
        var email: String?
        var website: String?
    }

    struct FormPage: Encodable {
        let site: SiteContext
        let email: String
        let emailError: String?
        let sent: Bool
    }

    struct ListPage: Encodable {
        struct Item: Encodable {
            let what: String
            let when: String
            let status: String
            let link: String
        }
        let site: SiteContext
        let items: [Item]?
        let zoneName: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.myBookings.pathComponents, use: form)
        routes.post(SiteURL.myBookings.pathComponents, use: request)
        routes.get(SiteURL.myBookingsList(.key).pathComponents, use: list)
    }

    func form(req: Request) async throws -> View {
        try await req.view.render(
            "public/my-bookings",
            FormPage(site: try SiteContext(req: req, title: "My bookings"), email: "", emailError: nil, sent: false))
    }

    /// The same answer whether or not the address is known, and whether or not the hourly limit held it back.
    func request(req: Request) async throws -> Response {
        let form = try req.content.decode(RequestForm.self)
        if !(form.website ?? "").isEmpty { throw PageError.bot }
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        let site = try SiteContext(req: req, title: "My bookings")
        guard !email.isEmpty, email.count <= 254, Formats.isEmail(email) else {
            let page = FormPage(
                site: try SiteContext(req: req, title: "Error: My bookings"), email: email,
                emailError: email.isEmpty ? "Enter your email address" : "Enter an email address like name@example.com",
                sent: false)
            return try await req.view.render("public/my-bookings", page).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let scope = try req.scope
        try await MyBookingsRequests.request(
            email: email, tenant: scope.tenant, now: scope.now, on: scope.db, storage: scope.storage)
        return try await req.view.render("public/my-bookings", FormPage(site: site, email: email, emailError: nil, sent: true))
            .encodeResponse(for: req)
    }

    func list(req: Request) async throws -> Response {
        let scope = try req.scope
        let (tenant, now) = (scope.tenant, scope.now)
        let tokens = try await scope.manageTokens()
        guard
            let email = MyBookingsLink(manageTokens: tokens).email(
                from: req.parameters.get("token") ?? "", tenant: tenant.id, now: now)
        else {
            throw PageError(
                .notFound, title: "This link has expired",
                message: "Links to your bookings work for 60 minutes. Ask for a new one on the My bookings page.")
        }
        let site = try SiteContext(req: req, title: "My bookings")
        let zone = tenant.timeZone
        var items: [(Date, ListPage.Item)] = []
        let agenda = try await ClientAgenda.load(email: email, tenant: tenant.id, now: now, on: scope.db)
        let catalog = try await scope.catalogSnapshot()
        for booking in agenda.bookings {
            let token = tokens.token(for: .booking(booking.id))
            items.append(
                (
                    booking.startsAt,
                    .init(
                        what: catalog.services[booking.serviceID]?.name ?? "Appointment",
                        when: PageDates.span(booking.startsAt, booking.endsAt, zone: zone),
                        status: booking.status == .pending ? "Waiting for confirmation" : "Confirmed",
                        link: SiteURL.manage(.value(token)).relative(base: site.base))
                ))
        }
        for place in agenda.places {
            let token = tokens.token(for: .enrollment(place.id))
            items.append(
                (
                    place.startsAt,
                    .init(
                        what: place.title, when: PageDates.span(place.startsAt, place.endsAt, zone: zone),
                        status: place.status == .waitlisted ? "On the waitlist" : "Place confirmed",
                        link: SiteURL.manage(.value(token)).relative(base: site.base))
                ))
        }
        let page = ListPage(
            site: site, items: items.sorted { $0.0 < $1.0 }.map(\.1).nonEmpty, zoneName: PageDates.zoneName(tenant.timezone))
        let response = try await req.view.render("public/my-bookings-list", page).encodeResponse(for: req)
        response.markPrivate()
        return response
    }
}
