import Vapor

/// A booking's page in the portal and its actions: confirm, complete, no-show and cancel with a
/// message, through `BookingService.changeStatus` as the admin API's `PATCH` does. Staff reach only
/// bookings of their own column; any other booking is "not found" to them.
struct PortalBookingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.booking(.key)).pathComponents, use: show)
        routes.post(SiteURL.portal(.bookingStatus(.key)).pathComponents, use: changeStatus)
        routes.post(SiteURL.portal(.bookingCancel(.key)).pathComponents, use: cancel)
        routes.post(SiteURL.portal(.bookingNotes(.key)).pathComponents, use: addNote)
    }

    static let notFound = PageError(
        .notFound, title: "Booking not found",
        message: "There is no such booking here, or it belongs to another staff member's column. Go back to Today.")

    func show(req: Request) async throws -> Response {
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "booked": "Booked. The client gets the usual confirmation."
            case "confirmed": "Confirmed. The client has been told."
            case "completed": "Marked as completed."
            case "no_show": "Marked as a no-show."
            case "cancelled": "Cancelled. The client has been told."
            case "moved": "Moved. The client has been told the new time."
            case "noted": "Note added."
            default: nil
            }
        return try await render(req, try await find(req), notice: notice)
    }

    func changeStatus(req: Request) async throws -> Response {
        let booking = try await find(req)
        guard let raw = try? req.content.get(String.self, at: "status"), let status = BookingStatus(rawValue: raw),
            [.confirmed, .completed, .noShow].contains(status)
        else {
            return try await render(req, booking, problem: "Choose one of the buttons below.", status: .unprocessableEntity)
        }
        // Sent again (a double tap): nothing changes, and the audit log says nothing.
        if booking.status == status { req.auditObject = .unchanged }
        do {
            _ = try await req.scope.bookings.changeStatus(booking, to: status)
        } catch let error as BookingError {
            return try await render(req, booking, problem: error.message, status: .conflict)
        }
        return done(req, booking, status.rawValue)
    }

    func cancel(req: Request) async throws -> Response {
        let booking = try await find(req)
        let message = (try? req.content.get(String.self, at: "message")) ?? ""
        var problems = FieldProblems()
        problems.requireText(
            message, "message", max: PortalBookingPage.cancelMessageLimit, required: false, multiline: true)
        if let problem = problems.items.first {
            return try await render(
                req, booking, cancelMessage: message, cancelMessageError: "The message \(problem.reason).",
                status: .unprocessableEntity)
        }
        if booking.status == .cancelled { req.auditObject = .unchanged }
        do {
            _ = try await req.scope.bookings.changeStatus(
                booking, to: .cancelled, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch let error as BookingError {
            return try await render(req, booking, problem: error.message, cancelMessage: message, status: .conflict)
        }
        return done(req, booking, "cancelled")
    }

    /// An internal note: kept with the author and time, never shown to the client.
    func addNote(req: Request) async throws -> Response {
        let booking = try await find(req)
        let scope = try req.scope
        let text = (try? req.content.get(String.self, at: "note")) ?? ""
        var problems = FieldProblems()
        problems.requireText(text, "note", max: BookingNote.maxLength, multiline: true)
        if let problem = problems.items.first {
            return try await render(
                req, booking, noteText: text,
                noteError: problem.reason == "must not be empty" ? "Write the note first" : "The note \(problem.reason).",
                status: .unprocessableEntity)
        }
        let bookingID = try booking.requireID()
        // Sent twice (a double tap, a reload of the answer): one note.
        let once = FormOnce(
            id: try? req.content.get(String.self, at: FormOnce.fieldName), action: "note", fields: [bookingID.uuidString, text],
            tenant: scope.tenant.id, db: scope.db)
        if let once, case .done = try await once.claim(now: scope.now) {
            req.auditObject = .unchanged
            return done(req, booking, "noted")
        }
        do {
            try await BookingNote(
                tenantID: scope.tenant.id, bookingID: bookingID, author: try req.signedIn.email,
                text: text.trimmingCharacters(in: .whitespacesAndNewlines), createdAt: scope.now
            ).create(on: scope.db)
            try await once?.finish(.booking(bookingID))
        } catch {
            try? await once?.release()
            throw error
        }
        return done(req, booking, "noted")
    }

    private func done(_ req: Request, _ booking: Booking, _ what: String) -> Response {
        let link = (try? booking.requireID()).map {
            SiteURL.portal(.booking(.value($0))).relative(base: (try? req.scope.siteBase) ?? "", query: [("done", what)])
        }
        return req.redirect(to: link ?? "/", redirectType: .normal)
    }

    func find(_ req: Request) async throws -> Booking {
        let scope = try req.scope
        let user = try req.signedIn
        guard let id = req.parameters.get("id", as: UUID.self),
            let booking = try await Booking.find(id, on: scope.db, tenant: scope.tenant.id),
            user.role == .owner || booking.staffID == user.staffID
        else { throw Self.notFound }
        return booking
    }

    private func render(
        _ req: Request, _ booking: Booking, notice: String? = nil, problem: String? = nil, cancelMessage: String = "",
        cancelMessageError: String? = nil, noteText: String = "", noteError: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let (site, portal) = try req.portalPage(title: "Booking", current: .none)
        // After a refused change the page shows the booking as it is now, not as it was read.
        let current = status == .ok ? booking : try await find(req)
        let page = try await PortalBookingPage.build(
            site: site, portal: portal, booking: current, scope: try req.scope, notice: notice, problem: problem,
            cancelMessage: cancelMessage, cancelMessageError: cancelMessageError, noteText: noteText, noteError: noteError)
        return try await req.view.render("portal/booking", page).encodeResponse(status: status, for: req)
    }
}
