import Vapor

/// The bookings list and its CSV, from the same `BookingSearch` and export as the admin API.
struct BookingListPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.bookings).pathComponents, use: list)
        routes.get(SiteURL.portal(.bookingsCSV).pathComponents, use: csv)
    }

    func list(req: Request) async throws -> Response {
        let (search, problems) = try Self.search(req)
        let (site, portal) = try req.portalPage(title: "Bookings", current: .bookings)
        let page = try await BookingListPage.build(
            site: site, portal: portal, search: search, problems: problems, user: try req.signedIn, scope: try req.scope)
        return try await req.view.render("portal/bookings", page).encodeResponse(
            status: problems.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    func csv(req: Request) async throws -> Response {
        let (search, problems) = try Self.search(req)
        guard problems.isEmpty else {
            throw PageError(
                .unprocessableEntity, title: "Check the filters",
                message: "Some filters could not be read. Go back to Bookings, correct them and download again.")
        }
        let response = try await AdminBookingsController.csv(search, req: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
        return response
    }

    /// The request's filters; a staff user's are always their own column.
    static func search(_ req: Request) throws -> (BookingSearch, FieldProblems) {
        var problems = FieldProblems()
        var search = BookingSearch(from: req, problems: &problems)
        let user = try req.signedIn
        if user.role == .staff { search.staff = user.staffID ?? UUID() }
        return (search, problems)
    }
}
