import Fluent
import Foundation
import Scheduling
import Vapor

/// The client's own page for a booking or a place, reached by the link in every message. Cancelling
/// and rescheduling call `BookingService` and `EnrollmentService`, as the JSON API does.
struct ManagePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped("manage", ":token")
        manage.get(use: show)
        manage.get("calendar.ics", use: calendar)
        manage.get("cancel", use: confirmCancel)
        manage.post("cancel", use: cancel)
        manage.get("reschedule", use: reschedule)
        manage.get("reschedule", "confirm", use: confirmReschedule)
        manage.post("reschedule", use: move)
    }

    static let unknownLink = PageError(
        .notFound, title: "We could not find that booking",
        message: "The link may be incomplete or mistyped. Open it again from your email, or ask for a new link on the My bookings page.")

    func show(req: Request) async throws -> Response {
        try await page(req, done: req.query[String.self, at: "done"])
    }

    func calendar(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        let tenant = try req.tenant
        guard item.isActive else { throw Self.unknownLink }
        let page = try await ManagePage.build(
            site: try SiteContext(req: req, title: ""), item: item, token: token, done: nil, tenant: tenant, now: req.clock.now(),
            pageURL: pageURL(req, token: token), on: req.db)
        let what = page.rows.first?.value ?? "Booking"
        let with = page.rows.first { $0.label == "With" }?.value
        let invite = CalendarInvite(
            uid: (page.isBooking ? "booking-" : "enrollment-") + itemID(item) + "@nbne-booking", method: .publish, sequence: 0,
            stamp: req.clock.now(), start: item.start, end: item.end,
            summary: with.map { "\(what) with \($0) – \(tenant.name)" } ?? "\(what) – \(tenant.name)",
            location: page.rows.first { $0.label == "Where" }?.value, description: "Booked with \(tenant.name). View or change: \(page.manageURL)",
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
            site: try SiteContext(req: req, title: "Cancel"), item: item, token: token, done: nil, tenant: try req.tenant,
            now: req.clock.now(), pageURL: pageURL(req, token: token), on: req.db)
        guard page.canChange else { return req.redirect(to: "\(req.siteBase)/manage/\(token)", redirectType: .normal) }
        return try await privately(req.view.render("public/manage-cancel", page).encodeResponse(for: req))
    }

    func cancel(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        do {
            switch item {
            case .booking(let booking):
                _ = try await BookingService.make(req).cancel(id: try booking.requireID(), token: token)
            case .enrollment(let enrollment, _):
                _ = try await EnrollmentService.make(req).cancel(enrollmentID: try enrollment.requireID(), token: token)
            }
        } catch let error as any AbortError where [.conflict].contains(error.status) {
            return try await page(req, done: nil, problem: error.reason, status: .conflict)
        }
        return req.redirect(to: "\(req.siteBase)/manage/\(token)?done=cancelled", redirectType: .normal)
    }

    /// The day-and-time picker for a new time with the same staff member.
    func reschedule(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        guard case .booking(let booking) = item else { throw Self.unknownLink }
        let tenant = try req.tenant
        let now = req.clock.now()
        let site = try SiteContext(req: req, title: "Choose a new time")
        let summary = try await ManagePage.build(
            site: site, item: item, token: token, done: nil, tenant: tenant, now: now, pageURL: pageURL(req, token: token), on: req.db)
        guard summary.canReschedule else { return req.redirect(to: "\(req.siteBase)/manage/\(token)", redirectType: .normal) }
        let base = "\(site.base)/manage/\(token)/reschedule"
        let picker = try await TimePicker.build(
            service: booking.serviceID, staff: booking.staffID, excludingBooking: try booking.requireID(),
            from: req.query[String.self, at: "from"].flatMap(LocalDate.init(iso:)),
            date: req.query[String.self, at: "date"].flatMap(LocalDate.init(iso:)), tenant: tenant, now: now, on: req.db,
            cache: req.application.catalogCache,
            links: .init(
                day: { date, from in base + "?from=\(from)" + (date.map { "&date=\($0)" } ?? "") },
                time: { start in base + "/confirm?start=\(ISOTimestamp.string(from: start))" }))
        let page = ReschedulePage(
            site: site, summary: summary, picker: picker, dayBaseLink: base + "?from=\(picker.from)",
            slotsLink: "\(site.base)/api/v1/slots?service=\(booking.serviceID.uuidString.lowercased())&staff=\(booking.staffID.uuidString.lowercased())",
            backLink: "\(site.base)/manage/\(token)")
        return try await privately(req.view.render("public/manage-reschedule", page).encodeResponse(for: req))
    }

    func confirmReschedule(req: Request) async throws -> Response {
        guard let start = req.query[String.self, at: "start"].flatMap(ISOTimestamp.date(from:)) else { throw Self.unknownLink }
        return try await confirmMove(req, start: start, alternatives: nil, status: .ok)
    }

    func move(req: Request) async throws -> Response {
        let (item, token) = try await find(req)
        guard case .booking(let booking) = item,
            let start = (try? req.content.get(String.self, at: "start")).flatMap(ISOTimestamp.date(from:))
        else { throw Self.unknownLink }
        do {
            _ = try await BookingService.make(req).reschedule(id: try booking.requireID(), token: token, to: ISOTimestamp.string(from: start))
        } catch BookingError.slotTaken(let alternatives) {
            return try await confirmMove(req, start: start, alternatives: alternatives, status: .conflict)
        } catch BookingError.notOffered {
            return try await confirmMove(req, start: start, alternatives: [], status: .conflict)
        } catch let error as BookingError {
            return try await page(req, done: nil, problem: error.reason, status: error.status)
        }
        return req.redirect(to: "\(req.siteBase)/manage/\(token)?done=moved", redirectType: .normal)
    }

    // MARK: - Helpers

    private func confirmMove(_ req: Request, start: Date, alternatives: [Slot]?, status: HTTPResponseStatus) async throws -> Response {
        let (item, token) = try await find(req)
        let tenant = try req.tenant
        let site = try SiteContext(req: req, title: alternatives == nil ? "Confirm the new time" : "Choose another time")
        let summary = try await ManagePage.build(
            site: site, item: item, token: token, done: nil, tenant: tenant, now: req.clock.now(), pageURL: pageURL(req, token: token),
            on: req.db)
        guard summary.canReschedule else { return req.redirect(to: "\(req.siteBase)/manage/\(token)", redirectType: .normal) }
        let zone = tenant.timeZone
        let page = ConfirmMovePage(
            site: site, summary: summary, newTime: PageDates.dateTime(start, zone: zone), start: ISOTimestamp.string(from: start),
            taken: alternatives != nil,
            alternatives: (alternatives ?? []).map {
                BookDetailsPage.Alternative(label: PageDates.dateTime($0.start, zone: zone), start: ISOTimestamp.string(from: $0.start))
            }.nonEmpty,
            action: "\(site.base)/manage/\(token)/reschedule", pickerLink: "\(site.base)/manage/\(token)/reschedule",
            backLink: "\(site.base)/manage/\(token)")
        return try await privately(req.view.render("public/manage-move", page).encodeResponse(status: status, for: req))
    }

    private func page(_ req: Request, done: String?, problem: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (item, token) = try await find(req)
        let page = try await ManagePage.build(
            site: try SiteContext(req: req, title: "Your booking"), item: item, token: token, done: done, problem: problem,
            tenant: try req.tenant, now: req.clock.now(), pageURL: pageURL(req, token: token), on: req.db)
        return try await privately(req.view.render("public/manage", page).encodeResponse(status: status, for: req))
    }

    private func find(_ req: Request) async throws -> (ManagedItem, String) {
        let token = req.parameters.get("token") ?? ""
        guard let item = try await ManagedItem.find(token: token, tenant: try req.tenantID, on: req.db) else {
            // The page that answers an unknown link must not leak it onwards either.
            throw Self.unknownLink
        }
        return (item, token)
    }

    private func itemID(_ item: ManagedItem) -> String {
        switch item {
        case .booking(let booking): booking.id?.uuidString.lowercased() ?? ""
        case .enrollment(let enrollment, _): enrollment.id?.uuidString.lowercased() ?? ""
        }
    }

    /// The absolute address of the manage page, as the client reached it.
    private func pageURL(_ req: Request, token: String) -> String {
        let scheme = req.application.config.publicBaseURL.hasPrefix("https:") ? "https" : "http"
        let host = req.headers.first(name: .host) ?? "localhost"
        return "\(scheme)://\(host)\(req.siteBase)/manage/\(token)"
    }

    private func privately(_ response: Response) -> Response {
        response.markPrivate()
        return response
    }
}

/// The new-time picker of a booking.
struct ReschedulePage: Encodable {
    let site: SiteContext
    let summary: ManagePage
    let picker: TimePicker
    let dayBaseLink: String
    let slotsLink: String
    let backLink: String
}

/// "Move to this time?", or, when it was taken meanwhile, the nearest free times.
struct ConfirmMovePage: Encodable {
    let site: SiteContext
    let summary: ManagePage
    let newTime: String
    let start: String
    let taken: Bool
    let alternatives: [BookDetailsPage.Alternative]?
    let action: String
    let pickerLink: String
    let backLink: String
}
