import Fluent
import Foundation
import Scheduling
import Vapor

/// The client's own page for a booking or a place, reached by the link in every message. Cancelling
/// and rescheduling call `BookingService` and `EnrollmentService`, as the JSON API does.
struct ManagePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.manage(.key).pathComponents, use: show)
        routes.get(SiteURL.manageCalendar(.key).pathComponents, use: calendar)
        routes.get(SiteURL.manageCancel(.key).pathComponents, use: confirmCancel)
        routes.post(SiteURL.manageCancel(.key).pathComponents, use: cancel)
        routes.get(SiteURL.manageReschedule(.key).pathComponents, use: reschedule)
        routes.get(SiteURL.manageRescheduleConfirm(.key).pathComponents, use: confirmReschedule)
        routes.post(SiteURL.manageReschedule(.key).pathComponents, use: move)
    }

    static let unknownLink = PageError(
        .notFound, title: "We could not find that booking",
        message:
            "The link may be incomplete or mistyped. Open it again from your email, or ask for a new link on the My bookings page."
    )

    func show(req: Request) async throws -> Response {
        try await page(req, done: QueryParameters(req)["done"])
    }

    func calendar(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        let tenant = try req.tenant
        guard item.isActive else { throw Self.unknownLink }
        let page = try await ManagePage.build(
            site: try SiteContext(req: req, title: ""), item: item, token: token, done: nil, scope: try req.scope,
            pageURL: try pageURL(req, token: token))
        let what = page.rows.first?.value ?? "Booking"
        let with = page.rows.first { $0.label == "With" }?.value
        let invite = CalendarInvite(
            uid: (page.isBooking ? "booking-" : "enrollment-") + itemID(item) + "@nbne-booking", method: .publish, sequence: 0,
            stamp: try req.scope.now, start: item.start, end: item.end,
            summary: MessageWording.calendarSummary(title: what, withWhom: with, tenantName: tenant.name),
            location: page.rows.first { $0.label == "Where" }?.value,
            description: MessageWording.calendarDescription(tenantName: tenant.name, manageURL: page.manageURL),
            url: page.manageURL, organizer: MailAddress(name: tenant.name, email: tenant.contactEmail),
            attendee: item.contact)
        let response = Response(status: .ok, body: .init(string: invite.render()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"booking.ics\"")
        response.markPrivate()
        return response
    }

    func confirmCancel(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        let page = try await ManagePage.build(
            site: try SiteContext(req: req, title: "Cancel"), item: item, token: token, done: nil, scope: try req.scope,
            pageURL: try pageURL(req, token: token))
        guard page.canChange else {
            return req.redirect(to: SiteURL.manage(.value(token)).relative(base: try req.scope.siteBase), redirectType: .normal)
        }
        return try await privately(req.view.render("public/manage-cancel", page).encodeResponse(for: req))
    }

    func cancel(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        do {
            switch item {
            case .booking(let booking):
                _ = try await req.scope.bookings.cancel(id: booking.id, token: token)
            case .enrollment(let enrollment, _):
                _ = try await req.scope.enrollments.cancel(enrollmentID: enrollment.id, token: token)
            }
        } catch let error as BookingError {
            return try await page(req, done: nil, problem: error.message, status: .conflict)
        } catch let error as EnrollmentError {
            return try await page(req, done: nil, problem: error.message, status: .conflict)
        }
        return req.redirect(
            to: SiteURL.manage(.value(token)).relative(base: try req.scope.siteBase, query: [("done", "cancelled")]),
            redirectType: .normal)
    }

    /// The day-and-time picker for a new time: with the same staff member unless `?staff=` names
    /// someone else or `any`.
    func reschedule(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        guard case .booking(let booking) = item else { throw Self.unknownLink }
        let scope = try req.scope
        let site = try SiteContext(req: req, title: "Choose a new time")
        let summary = try await ManagePage.build(
            site: site, item: item, token: token, done: nil, scope: scope, pageURL: try pageURL(req, token: token))
        guard summary.canReschedule else {
            return req.redirect(to: SiteURL.manage(.value(token)).relative(base: try req.scope.siteBase), redirectType: .normal)
        }
        let query = QueryParameters(req)
        let staffParam = Self.staffParameter(query["staff"])
        let pickerStaff: UUID? =
            switch Self.staffChoice(staffParam) {
            case .same: booking.staffID
            case .anyone: nil
            case .member(let id): id
            }
        let keep = [("staff", staffParam)]
        let picker = try await TimePicker.build(
            service: booking.serviceID, staff: pickerStaff, excludingBooking: booking.id,
            from: query["from"].flatMap(LocalDate.init(iso:)), date: query["date"].flatMap(LocalDate.init(iso:)),
            availability: scope.availability,
            links: .init(
                day: { date, from in
                    SiteURL.manageReschedule(.value(token)).relative(
                        base: site.base, query: [("from", from.description), ("date", date?.description)] + keep)
                },
                time: { start in
                    SiteURL.manageRescheduleConfirm(.value(token)).relative(
                        base: site.base, query: [("start", ISOTimestamp.string(from: start))] + keep)
                }))
        let performers = try await BookStaffPage.build(site: site, service: booking.serviceID, scope: scope)
        let picking = SiteURL.manageReschedule(.value(token))
        let bookedWith = summary.rows.first { $0.label == "With" }?.value
        var choices = [
            ReschedulePage.StaffOption(
                name: bookedWith.map { "\($0) (as booked)" } ?? "As booked", link: picking.relative(base: site.base),
                current: staffParam == nil)
        ]
        choices.append(
            .init(
                name: "Anyone available", link: picking.relative(base: site.base, query: [("staff", "any")]),
                current: staffParam == "any"))
        for member in performers.members where member.id != booking.staffID {
            let (id, name) = (member.id, member.name)
            let value = id.uuidString.lowercased()
            choices.append(
                .init(
                    name: name, link: picking.relative(base: site.base, query: [("staff", value)]), current: staffParam == value))
        }
        let page = ReschedulePage(
            site: site, summary: summary, picker: picker, staffChoices: choices,
            dayBaseLink: picking.relative(base: site.base, query: [("from", picker.from)] + keep),
            slotsLink: SiteURL.api(.slots).relative(
                base: site.base,
                query: [("service", booking.serviceID.uuidString.lowercased()), ("staff", pickerStaff?.uuidString.lowercased())]),
            backLink: SiteURL.manage(.value(token)).relative(base: site.base))
        return try await privately(req.view.render("public/manage-reschedule", page).encodeResponse(for: req))
    }

    /// `any`, a staff id (lower-cased), or nil for "the same staff member".
    static func staffParameter(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if text == "any" { return text }
        return UUID(uuidString: text).map { $0.uuidString.lowercased() }
    }

    static func staffChoice(_ parameter: String?) -> StaffChoice {
        guard let parameter = staffParameter(parameter) else { return .same }
        return parameter == "any" ? .anyone : UUID(uuidString: parameter).map { .member($0) } ?? .same
    }

    func confirmReschedule(req: Request) async throws -> Response {
        let query = QueryParameters(req)
        guard let start = query["start"].flatMap(ISOTimestamp.date(from:)) else { throw Self.unknownLink }
        return try await confirmMove(
            req, start: start, staff: Self.staffParameter(query["staff"]), alternatives: nil, status: .ok)
    }

    func move(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        guard case .booking(let booking) = item,
            let start = (try? req.content.get(String.self, at: "start")).flatMap(ISOTimestamp.date(from:))
        else { throw Self.unknownLink }
        let staff = Self.staffParameter(try? req.content.get(String.self, at: "staff"))
        do {
            _ = try await req.scope.bookings.reschedule(
                RescheduleBooking(id: booking.id, token: token, start: start, staff: Self.staffChoice(staff)))
        } catch BookingError.slotTaken(let alternatives) {
            return try await confirmMove(req, start: start, staff: staff, alternatives: alternatives, status: .conflict)
        } catch BookingError.notOffered {
            return try await confirmMove(req, start: start, staff: staff, alternatives: [], status: .conflict)
        } catch let error as BookingError {
            return try await page(req, done: nil, problem: error.message, status: error.status)
        }
        return req.redirect(
            to: SiteURL.manage(.value(token)).relative(base: try req.scope.siteBase, query: [("done", "moved")]),
            redirectType: .normal)
    }

    // MARK: - Helpers

    private func confirmMove(_ req: Request, start: Date, staff: String?, alternatives: [Slot]?, status: HTTPResponseStatus)
        async throws
        -> Response
    {
        let (item, token) = try await find(req)
        let tenant = try req.tenant
        let site = try SiteContext(req: req, title: alternatives == nil ? "Confirm the new time" : "Choose another time")
        let summary = try await ManagePage.build(
            site: site, item: item, token: token, done: nil, scope: try req.scope,
            pageURL: try pageURL(req, token: token))
        guard summary.canReschedule else {
            return req.redirect(to: SiteURL.manage(.value(token)).relative(base: try req.scope.siteBase), redirectType: .normal)
        }
        let zone = tenant.timeZone
        let withWhom = try await withWhom(staff, req: req)
        // What, when and with whom only; the new time stands where "When" is (the current one just
        // below it), and the new person where "With" is.
        var rows: [ManagePage.Row] = []
        for row in summary.rows where row.essential {
            switch row.label {
            case "When" where alternatives == nil:
                let length = item.end.timeIntervalSince(item.start)
                rows.append(
                    .init(
                        label: "New time", value: PageDates.span(start, start.addingTimeInterval(length), zone: zone),
                        essential: true))
                rows.append(.init(label: "Now booked for", value: row.value, essential: true))
            case "With" where alternatives == nil:
                rows.append(withWhom.map { ManagePage.Row(label: "With", value: $0, essential: true) } ?? row)
            default: rows.append(row)
            }
        }
        let page = ConfirmMovePage(
            site: site, summary: summary, rows: rows, newTime: PageDates.dateTime(start, zone: zone),
            start: ISOTimestamp.string(from: start),
            staff: staff, withWhom: withWhom, taken: alternatives != nil,
            alternatives: (alternatives ?? []).map { BookDetailsPage.Alternative($0, zone: zone) }.nonEmpty,
            action: SiteURL.manageReschedule(.value(token)).relative(base: site.base),
            pickerLink: SiteURL.manageReschedule(.value(token)).relative(base: site.base, query: [("staff", staff)]),
            backLink: SiteURL.manage(.value(token)).relative(base: site.base))
        return try await privately(req.view.render("public/manage-move", page).encodeResponse(status: status, for: req))
    }

    private func page(_ req: Request, done: String?, problem: String? = nil, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let (item, token) = try await find(req)
        let page = try await ManagePage.build(
            site: try SiteContext(req: req, title: "Your booking"), item: item, token: token, done: done, problem: problem,
            scope: try req.scope, pageURL: try pageURL(req, token: token))
        return try await privately(req.view.render("public/manage", page).encodeResponse(status: status, for: req))
    }

    private func find(_ req: Request) async throws -> (ManagedItem, String) {
        let token = req.parameters.get("token") ?? ""
        let scope = try req.scope
        guard
            let item = try await ManagedItem.find(token: token, tenant: scope.tenant.id, storage: scope.storage, on: scope.db)
        else {
            // The page that answers an unknown link must not leak it onwards either.
            throw Self.unknownLink
        }
        return (item, token)
    }

    /// "Anyone available", the chosen person's name, or nil for the same staff member.
    private func withWhom(_ staff: String?, req: Request) async throws -> String? {
        guard let staff else { return nil }
        guard staff != "any" else { return "Anyone available" }
        guard let id = UUID(uuidString: staff) else { return nil }
        return try await req.scope.catalogSnapshot().staffNames[id]
    }

    private func itemID(_ item: ManagedItem) -> String {
        switch item {
        case .booking(let booking): booking.id.uuidString.lowercased()
        case .enrollment(let enrollment, _): enrollment.id.uuidString.lowercased()
        }
    }

    /// The page's address as emails give it (`PUBLIC_URL`), never built from the request's `Host`
    /// header, which a client chooses: it goes into calendar files as their `URL:`.
    private func pageURL(_ req: Request, token: String) throws -> String {
        SiteURL.manage(.value(token)).absolute(publicBase: req.application.config.publicBaseURL, tenantSlug: try req.tenant.slug)
    }

    private func privately(_ response: Response) -> Response {
        response.markPrivate()
        return response
    }
}

/// The new-time picker of a booking.
struct ReschedulePage: Encodable {
    struct StaffOption: Encodable {
        let name: String
        let link: String
        let current: Bool
    }
    let site: SiteContext
    let summary: ManagePage
    let picker: TimePicker
    let staffChoices: [StaffOption]
    let dayBaseLink: String
    let slotsLink: String
    let backLink: String
}

/// "Move to this time?", or, when it was taken meanwhile, the nearest free times.
struct ConfirmMovePage: Encodable {
    let site: SiteContext
    let summary: ManagePage
    /// The summary with the new time (and person) in place of the current ones.
    let rows: [ManagePage.Row]
    let newTime: String
    let start: String
    /// `any` or a staff id when the client chose someone other than the booked staff member.
    let staff: String?
    let withWhom: String?
    let taken: Bool
    let alternatives: [BookDetailsPage.Alternative]?
    let action: String
    let pickerLink: String
    let backLink: String
}
