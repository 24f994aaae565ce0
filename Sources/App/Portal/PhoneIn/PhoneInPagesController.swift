import Scheduling
import Vapor

/// The phone-in pages: `GET` walks the steps, `POST` books through `BookingService.create` with the
/// owner's mode (minimum notice and the advance window overridden, never the database's refusal of
/// a double booking). The client gets the usual confirmation. Staff book only in their own column.
struct PhoneInPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.phoneIn).pathComponents, use: show)
        routes.post(SiteURL.portal(.phoneIn).pathComponents, use: book)
    }

    func show(req: Request) async throws -> View {
        let query = QueryParameters(req)
        let user = try req.signedIn
        var choices = PhoneInPage.Choices()
        choices.service = query["service"].flatMap(UUID.init(uuidString:))
        choices.staff = user.role == .staff ? user.staffID : query["staff"].flatMap(UUID.init(uuidString:))
        choices.start = query["start"].flatMap(ISOTimestamp.date(from:))
        choices.date = query["date"].flatMap(LocalDate.init(iso:))
        choices.query = String((query["q"] ?? "").prefix(100))
        choices.client = query["client"].flatMap(UUID.init(uuidString:))
        let (site, portal) = try req.portalPage(title: "Phone-in", current: .phoneIn)
        return try await req.view.render(
            "portal/phone-in",
            try await PhoneInPage.build(site: site, portal: portal, choices: choices, user: user, scope: try req.scope))
    }

    func book(req: Request) async throws -> Response {
        let scope = try req.scope
        let user = try req.signedIn
        var form = try req.content.decode(ContactForm.self)
        // The business takes the details over the phone: agreeing to keep them is the business's part.
        form.consent = "yes"
        var choices = PhoneInPage.Choices()
        choices.service = (try? req.content.get(String.self, at: "service")).flatMap(UUID.init(uuidString:))
        choices.staff =
            user.role == .staff ? user.staffID : (try? req.content.get(String.self, at: "staff")).flatMap(UUID.init(uuidString:))
        choices.start = (try? req.content.get(String.self, at: "start")).flatMap(ISOTimestamp.date(from:))
        guard let service = choices.service, let start = choices.start else {
            throw PageError(
                .unprocessableEntity, title: "Start the phone-in again",
                message: "The form lost its service or time. Go back to Phone-in and choose them again.")
        }
        let (errors, contact) = form.validated(notesAllowed: true)
        guard let contact else {
            return try await render(
                req, choices, user, contact: form.view(errors: errors.map(Self.aboutTheClient)), status: .unprocessableEntity)
        }
        let command = BookAppointment(
            service: service, staff: choices.staff, start: start, client: contact, notes: form.trimmedNotes)
        let once = FormOnce(
            id: form.once, action: "phone-in",
            fields: [service.uuidString, choices.staff?.uuidString ?? "any", ISOTimestamp.string(from: start)] + form.fingerprint,
            tenant: scope.tenant.id, db: scope.db)
        func booked(_ id: UUID) -> Response {
            req.redirect(
                to: SiteURL.portal(.booking(.value(id))).relative(base: scope.siteBase, query: [("done", "booked")]),
                redirectType: .normal)
        }
        if let once, case .done(let subject) = try await once.claim(now: scope.now), case .booking(let id) = subject {
            req.auditObject = .unchanged
            return booked(id)
        }
        do {
            do {
                let created = try await scope.bookings.create(command, mode: .admin)
                let id = try created.booking.requireID()
                try await once?.finish(.booking(id))
                req.auditObject = .changed(type: "booking", action: "create", id: id)
                return booked(id)
            } catch {
                try? await once?.release()
                throw error
            }
        } catch BookingError.slotTaken(let alternatives) {
            return try await render(
                req, choices, user, contact: form.view(), problem: BookingError.slotTaken(alternatives: alternatives).message,
                alternatives: alternatives, status: .conflict)
        } catch let error as BookingError {
            return try await render(req, choices, user, contact: form.view(), problem: error.message, status: .conflict)
        }
    }

    /// The public form's messages speak to the client ("Enter your name"); here the business types.
    static func aboutTheClient(_ error: ContactForm.FieldError) -> ContactForm.FieldError {
        ContactForm.FieldError(
            field: error.field, message: error.message.replacingOccurrences(of: "your ", with: "the client's "))
    }

    private func render(
        _ req: Request, _ choices: PhoneInPage.Choices, _ user: PortalSessions.Current, contact: ContactForm.View,
        problem: String? = nil, alternatives: [Slot] = [], status: HTTPResponseStatus
    ) async throws -> Response {
        let (site, portal) = try req.portalPage(title: "Phone-in", current: .phoneIn)
        let page = try await PhoneInPage.build(
            site: site, portal: portal, choices: choices, user: user, scope: try req.scope, contact: contact, problem: problem,
            alternatives: alternatives)
        return try await req.view.render("portal/phone-in", page).encodeResponse(status: status, for: req)
    }
}
