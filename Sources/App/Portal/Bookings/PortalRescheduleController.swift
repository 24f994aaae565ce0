import Scheduling
import Vapor

/// Moving a booking from the portal, through `BookingService.rescheduleByBusiness` (the same engine
/// and database guarantee as the client's own move, without the client's cut-off).
struct PortalRescheduleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.bookingReschedule(.key)).pathComponents, use: show)
        routes.post(SiteURL.portal(.bookingReschedule(.key)).pathComponents, use: move)
    }

    func show(req: Request) async throws -> Response {
        let booking = try await PortalBookingsController().find(req)
        let query = QueryParameters(req)
        return try await render(
            req, booking, from: query["from"].flatMap(LocalDate.init(iso:)), date: query["date"].flatMap(LocalDate.init(iso:)),
            start: query["start"].flatMap(ISOTimestamp.date(from:)), staff: ManagePagesController.staffParameter(query["staff"]))
    }

    func move(req: Request) async throws -> Response {
        let controller = PortalBookingsController()
        let booking = try await controller.find(req)
        guard let start = (try? req.content.get(String.self, at: "start")).flatMap(ISOTimestamp.date(from:)) else {
            return try await render(req, booking, problem: "Choose the new time below.", status: .unprocessableEntity)
        }
        // Staff move bookings within their own column; owners may give it to someone else.
        let staff =
            try req.signedIn.role == .owner
            ? ManagePagesController.staffParameter(try? req.content.get(String.self, at: "staff")) : nil
        do {
            _ = try await req.scope.bookings.rescheduleByBusiness(
                booking, to: start, staff: ManagePagesController.staffChoice(staff))
        } catch BookingError.slotTaken(let alternatives) {
            return try await render(
                req, booking, staff: staff, problem: BookingError.slotTaken(alternatives: alternatives).message,
                alternatives: alternatives, status: .conflict)
        } catch let error as BookingError {
            return try await render(req, booking, staff: staff, problem: error.message, status: .conflict)
        }
        let scope = try req.scope
        return req.redirect(
            to: SiteURL.portal(.booking(.value(try booking.requireID()))).relative(
                base: scope.siteBase, query: [("done", "moved")]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, _ booking: Booking, from: LocalDate? = nil, date: LocalDate? = nil, start: Date? = nil,
        staff: String? = nil, problem: String? = nil, alternatives: [Slot] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let (site, portal) = try req.portalPage(title: "Move a booking", current: .none)
        let page = try await PortalReschedulePage.build(
            site: site, portal: portal, booking: booking, from: from, date: date, start: start, staff: staff,
            mayChooseStaff: try req.signedIn.role == .owner, problem: problem, alternatives: alternatives, scope: try req.scope)
        return try await req.view.render("portal/reschedule", page).encodeResponse(status: status, for: req)
    }
}
