import Fluent
import Scheduling
import Vapor

/// Public booking API: create, and the client's self-service with their manage token.
struct BookingsController: RouteCollection {
    struct RescheduleRequest: Content {
        var start: String
        var token: String?
        /// Absent: the same staff member; `"any"`: whoever is free (the current one first); or an id.
        var staff: String?

        func staffChoice() throws -> StaffChoice {
            guard let staff else { return .same }
            if staff == "any" { return .anyone }
            guard let id = UUID(uuidString: staff) else { throw APIError.unprocessable("staff must be a staff id or \"any\"") }
            return .member(id)
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post(SiteURL.api(.bookings).pathComponents, use: create)
        routes.get(SiteURL.api(.booking(.key)).pathComponents, use: show)
        routes.post(SiteURL.api(.bookingCancel(.key)).pathComponents, use: cancel)
        routes.post(SiteURL.api(.bookingReschedule(.key)).pathComponents, use: reschedule)
    }

    func create(req: Request) async throws -> Response {
        let command = try req.decodeBody(CreateBookingRequest.self).command(requireConsent: true)
        let bookings = try req.scope.bookings
        return try await Self.respondCreated(req: req) { try await bookings.create(command, mode: .online) }
    }

    func show(req: Request) async throws -> BookingResponse {
        try BookingResponse(
            try await req.scope.bookings.findForClient(id: try bookingID(req), token: ManageToken.presented(in: req)))
    }

    func cancel(req: Request) async throws -> BookingResponse {
        try BookingResponse(try await req.scope.bookings.cancel(id: try bookingID(req), token: ManageToken.presented(in: req)))
    }

    func reschedule(req: Request) async throws -> Response {
        let input = try req.decodeBody(RescheduleRequest.self)
        guard let start = ISOTimestamp.date(from: input.start) else {
            throw APIError.unprocessable("start must be an ISO-8601 date-time such as 2026-12-01T09:00:00Z")
        }
        let command = RescheduleBooking(
            id: try bookingID(req), token: input.token ?? QueryParameters(req)["token"], start: start,
            staff: try input.staffChoice())
        do {
            let booking = try await req.scope.bookings.reschedule(command)
            return try await BookingResponse(booking).encodeResponse(for: req)
        } catch BookingError.slotTaken(let alternatives) {
            return try Self.slotTaken(alternatives, req: req)
        }
    }

    private func bookingID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw BookingError.notFound }
        return id
    }

    /// 201 with the booking and its manage token, or 409 with nearby alternatives.
    static func respondCreated(req: Request, _ create: () async throws -> BookingService.Created) async throws -> Response {
        do {
            let created = try await create()
            return try await BookingResponse(created.booking, manageToken: created.manageToken)
                .encodeResponse(status: .created, for: req)
        } catch BookingError.slotTaken(let alternatives) {
            return try slotTaken(alternatives, req: req)
        }
    }

    static func slotTaken(_ alternatives: [Scheduling.Slot], req: Request) throws -> Response {
        let error = BookingError.slotTaken(alternatives: alternatives)
        let response = Response(status: .conflict)
        try response.content.encode(
            SlotTakenResponse(error: true, reason: error.reason, alternatives: alternatives.map(SlotResponse.init)), as: .json)
        return response
    }
}
