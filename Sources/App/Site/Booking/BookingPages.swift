import Fluent
import Foundation
import Scheduling
import Vapor

/// Where a client is in `/book`: the choices made so far, read from the query (or a posted form).
struct BookingChoice {
    var service: UUID?
    /// nil: not chosen yet; `.some(nil)`: "anyone available"; `.some(id)`: that person.
    var staff: UUID??
    var from: LocalDate?
    var date: LocalDate?
    /// The time being changed ("Change time" from the details form), marked in the picker.
    var current: Date?

    init(service: String?, staff: String?, from: String?, date: String?, current: String? = nil) {
        self.current = current.flatMap(ISOTimestamp.date(from:))
        self.service = service.flatMap(UUID.init(uuidString:))
        if let staff { self.staff = staff == "any" ? .some(nil) : UUID(uuidString: staff).map { .some($0) } }
        self.from = from.flatMap(LocalDate.init(iso:))
        self.date = date.flatMap(LocalDate.init(iso:))
    }

    init(_ req: Request) {
        let query = QueryParameters(req)
        self.init(
            service: query["service"], staff: query["staff"], from: query["from"], date: query["date"],
            current: query["current"])
    }

    var staffParam: String { (staff ?? nil)?.uuidString.lowercased() ?? "any" }
    var serviceParam: String { service?.uuidString.lowercased() ?? "" }
}

/// The service and staff member chosen, with the names pages show.
struct BookingSubject: Encodable, Hashable, Sendable {
    let serviceName: String
    let serviceMeta: String
    let staffName: String
    let durationMinutes: Int

    /// The names from the tenant's catalog snapshot; a service or person not bookable is a 404 page.
    static func load(service: UUID, staff: UUID?, scope: TenantScope) async throws -> BookingSubject {
        let catalog = try await scope.catalogSnapshot()
        guard let found = catalog.services[service], found.active else {
            throw PageError(
                .notFound, title: "Service not found",
                message: "That service cannot be booked online. Choose one of the services we offer.")
        }
        var staffName = "Anyone available"
        if let staff {
            guard let name = catalog.staffNames[staff], catalog.isActive(staff: staff) else {
                throw PageError(
                    .notFound, title: "Staff member not found",
                    message: "That person is not taking bookings. Choose someone else or anyone available.")
            }
            staffName = name
        }
        return BookingSubject(
            serviceName: found.name, serviceMeta: found.meta, staffName: staffName,
            durationMinutes: found.timing.durationMinutes)
    }
}

/// Step 1: which service.
struct BookServicePage: SharedPage {
    let site: SiteContext
    let services: [HomePage.ServiceItem]?
}

/// Step 2: who ("Anyone available" first).
struct BookStaffPage: SharedPage {
    struct Choice: Encodable, Hashable, Sendable {
        let name: String
        let link: String
    }
    let site: SiteContext
    let subject: BookingSubject
    let choices: [Choice]
    /// The staff who perform the service, by name order (for the reschedule page's choice too).
    let members: [Member]

    struct Member: Hashable, Sendable {
        let id: UUID
        let name: String
    }

    private enum CodingKeys: String, CodingKey { case site, subject, choices }

    static func build(site: SiteContext, service: UUID, scope: TenantScope) async throws -> BookStaffPage {
        let subject = try await BookingSubject.load(service: service, staff: nil, scope: scope)
        let catalog = try await scope.catalogSnapshot()
        let performers = catalog.performers[service] ?? []
        let link = { (staff: String) in
            SiteURL.book.relative(base: site.base, query: [("service", service.uuidString.lowercased()), ("staff", staff)])
        }
        let members = performers.compactMap { id in catalog.staffNames[id].map { Member(id: id, name: $0) } }
        let choices =
            [Choice(name: "Anyone available", link: link("any"))]
            + members.map { Choice(name: $0.name, link: link($0.id.uuidString.lowercased())) }
        return BookStaffPage(site: site, subject: subject, choices: choices, members: members)
    }
}

/// Step 3: day and time.
struct BookTimePage: SharedPage {
    let site: SiteContext
    let subject: BookingSubject
    let picker: TimePicker
    let changeStaffLink: String
    /// For the script: the same page for another day, without the day (it adds `date=`).
    let dayBaseLink: String
    /// For the script: the slots API for this service and staff (it adds `from=` and `to=`).
    let slotsLink: String
    /// Opened by "Change time": the details typed are kept (`BookingDraft`) for when a time is chosen.
    let keepsDetails: Bool

    /// `hasDraft`: the client's browser holds details typed for this business (`BookingDraft`).
    static func build(
        site: SiteContext, choice: BookingChoice, service: UUID, staff: UUID?, hasDraft: Bool, scope: TenantScope
    ) async throws -> BookTimePage {
        let subject = try await BookingSubject.load(service: service, staff: staff, scope: scope)
        let current = choice.current.map { ISOTimestamp.string(from: $0) }
        let chosen = [("service", choice.serviceParam), ("staff", choice.staffParam)]
        let dayLinks = SiteURL.book.stem(base: site.base, query: chosen)
        let timeLinks = SiteURL.bookDetails.stem(base: site.base, query: chosen)
        let picker = try await TimePicker.build(
            service: service, staff: staff, from: choice.from, date: choice.date, current: choice.current,
            availability: scope.availability,
            links: .init(
                day: { date, from in
                    dayLinks.with([("from", from.description), ("date", date?.description), ("current", current)])
                },
                time: { start in timeLinks.with([("start", ISOTimestamp.string(from: start))]) }))
        return BookTimePage(
            site: site, subject: subject, picker: picker,
            changeStaffLink: SiteURL.book.relative(base: site.base, query: [("service", choice.serviceParam)]),
            dayBaseLink: SiteURL.book.relative(base: site.base, query: chosen + [("current", current), ("from", picker.from)]),
            slotsLink: SiteURL.api(.slots).relative(
                base: site.base, query: [("service", choice.serviceParam), ("staff", staff?.uuidString.lowercased())]),
            keepsDetails: current != nil && hasDraft)
    }
}

/// Step 4: the client's details, and what happens when the time was taken meanwhile.
struct BookDetailsPage: SharedPage {
    struct Alternative: Encodable, Hashable, Sendable {
        let label: String
        let start: String

        init(_ slot: Slot, zone: TimeZone) {
            label = PageDates.short(slot.start, zone: zone)
            start = ISOTimestamp.string(from: slot.start)
        }
    }
    let site: SiteContext
    let subject: BookingSubject
    let when: String
    let zoneName: String
    let service: String
    let staff: String
    let start: String
    let form: ContactForm.View
    let smsAvailable: Bool
    let notesAllowed = true
    /// The time was taken (or can no longer be booked): say so and offer these instead.
    let taken: Bool
    let problem: String?
    let alternatives: [Alternative]?
    /// When the client chose someone: the nearest time with anyone else available.
    let anyoneAlternative: Alternative?
    let action: String
    let changeTimeAction: String
    /// Until when the booking can be changed or cancelled online, said before it is made.
    let changePolicy: String
    /// The chosen time is already past that deadline: said as a warning.
    let pastDeadline: Bool
}

/// The appointment booking pages. Every step is a link or a plain form; the booking itself is made
/// by `BookingService.create`, the call behind `POST /api/v1/bookings`.
struct BookingPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.book.pathComponents, use: choose)
        routes.get(SiteURL.bookDetails.pathComponents, use: details)
        routes.post(SiteURL.bookDetails.pathComponents, use: book)
        routes.post(SiteURL.bookChangeTime.pathComponents, use: changeTime)
    }

    private static func manageLink(_ token: String, scope: TenantScope) -> String {
        SiteURL.manage(.value(token)).relative(base: scope.siteBase, query: [("done", "booked")])
    }

    /// Steps 1 to 3, by what the query has chosen so far.
    func choose(req: Request) async throws -> View {
        let scope = try req.scope
        try requireAppointments(scope.tenant)
        let choice = BookingChoice(req)
        guard let service = choice.service else {
            let site = try SiteContext(req: req, title: "Choose a service", shared: true)
            let services = HomePage.ServiceItem.bookable(in: try await scope.catalogSnapshot(), base: site.base)
            return try await req.renderShared("public/book-service", BookServicePage(site: site, services: services.nonEmpty))
        }
        guard let staff = choice.staff else {
            let page = try await BookStaffPage.build(
                site: try SiteContext(req: req, title: "Choose who", shared: true), service: service, scope: scope)
            return try await req.renderShared("public/book-staff", page)
        }
        let page = try await BookTimePage.build(
            site: try SiteContext(req: req, title: "Choose a day and time", shared: true), choice: choice, service: service,
            staff: staff, hasDraft: choice.current != nil && BookingDraft.read(req, tenant: scope.tenant.id) != nil, scope: scope)
        return try await req.renderShared("public/book-time", page)
    }

    func details(req: Request) async throws -> Response {
        let tenant = try req.tenant
        try requireAppointments(tenant)
        // Back from "Change time": the details typed before, from the client's own cookie.
        let draft = BookingDraft.read(req, tenant: tenant.id)
        let query = QueryParameters(req)
        let form = BookingForm(
            service: query["service"], staff: query["staff"], start: query["start"],
            contact: draft?.contactForm ?? .empty)
        return try await render(req, form: form, status: .ok, shared: draft == nil)
    }

    /// Makes the booking, or shows the form again with what to fix (422) or other times (409).
    func book(req: Request) async throws -> Response {
        let scope = try req.scope
        try requireAppointments(scope.tenant)
        var form = try BookingForm(req)
        form.contact = form.contact.resolvingEmailSuggestion
        if form.contact.isBot { throw PageError.bot }
        let (errors, contact) = form.contact.validated(notesAllowed: true)
        guard let contact else { return try await render(req, form: form, status: .unprocessableEntity, errors: errors) }
        if let suggestion = form.contact.emailSuggestion {
            return try await render(req, form: form, status: .ok, suggestion: suggestion)
        }
        let (service, staff, start) = try form.parsed()
        let command = BookAppointment(
            service: service, staff: staff, start: start, client: contact, notes: form.contact.trimmedNotes)
        let once = FormOnce(
            id: form.contact.once, action: "book",
            fields: [service.uuidString, staff?.uuidString ?? "any", ISOTimestamp.string(from: start)] + form.contact.fingerprint,
            tenant: scope.tenant.id, db: scope.db)
        /// To the booking's page; the kept details are no longer needed.
        func booked(_ token: String) -> Response {
            let response = req.redirect(to: Self.manageLink(token, scope: scope), redirectType: .normal)
            BookingDraft.forget(on: response, for: req)
            return response
        }
        if let once, case .done(let subject) = try await once.claim(now: scope.now) {
            return booked(try await scope.manageTokens().token(for: subject))
        }
        do {
            do {
                let created = try await scope.bookings.create(command, mode: .online)
                try await once?.finish(.booking(try created.booking.requireID()))
                return booked(created.manageToken)
            } catch {
                try? await once?.release()
                throw error
            }
        } catch BookingError.slotTaken(let alternatives) {
            return try await render(req, form: form, status: .conflict, taken: (nil, alternatives))
        } catch BookingError.notOffered {
            return try await render(req, form: form, status: .conflict, taken: (BookingError.notOffered.message, []))
        }
    }

    /// "Change time" from the details form: the details typed are kept in the client's browser
    /// (`BookingDraft`) and the usual day-and-time picker opens on the day being changed, with that
    /// time marked; choosing a time brings the details form back, filled in.
    func changeTime(req: Request) async throws -> Response {
        let scope = try req.scope
        try requireAppointments(scope.tenant)
        let form = try BookingForm(req)
        _ = try form.parsed(requireStart: false)
        let start = form.start.flatMap(ISOTimestamp.date(from:))
        let date = start.map { scope.tenant.timeZone.wallClock(at: $0).date }
        let picker = SiteURL.book.relative(
            base: scope.siteBase,
            query: [
                ("service", form.service), ("staff", form.staff ?? "any"), ("date", date?.description),
                ("current", start.map { ISOTimestamp.string(from: $0) }),
            ])
        let response = req.redirect(to: picker + "#times", redirectType: .normal)
        BookingDraft(form.contact, tenant: scope.tenant.id).keep(on: response, for: req)
        return response
    }

    private func render(
        _ req: Request, form: BookingForm, status: HTTPResponseStatus, errors: [ContactForm.FieldError] = [],
        taken: (problem: String?, alternatives: [Slot])? = nil, suggestion: String? = nil, shared: Bool = false
    ) async throws -> Response {
        let scope = try req.scope
        let tenant = scope.tenant
        let (service, staff, start) = try form.parsed()
        // The empty form of a GET is the same for every visitor; a form sent back with what was typed is not.
        let site = try SiteContext(
            req: req, title: (errors.isEmpty ? "" : "Error: ") + (taken == nil ? "Your details" : "Choose another time"),
            shared: shared)
        let policy = ChangeDeadline.wording(start: start, tenant: tenant, now: scope.now)
        let subject = try await BookingSubject.load(service: service, staff: staff, scope: try req.scope)
        let zone = tenant.timeZone
        let page = BookDetailsPage(
            site: site, subject: subject, when: PageDates.dateTime(start, zone: zone),
            zoneName: PageDates.zoneName(tenant.timezone),
            service: form.service ?? "", staff: form.staff ?? "any", start: ISOTimestamp.string(from: start),
            form: shared ? ContactForm.emptySharedView : form.contact.view(errors: errors, suggestion: suggestion),
            smsAvailable: tenant.smsEnabled,
            taken: taken != nil,
            problem: taken?.problem
                ?? (taken.map {
                    let lost = PageDates.dateTime(start, zone: zone)
                    return $0.alternatives.isEmpty
                        ? "Sorry, \(lost) was taken a moment ago, and there is no free time nearby."
                        : "Sorry, \(lost) was taken a moment ago. These are the nearest free times\(staff == nil ? "" : " with \(subject.staffName)"):"
                }),
            alternatives: (taken?.alternatives ?? []).map { BookDetailsPage.Alternative($0, zone: zone) }.nonEmpty,
            anyoneAlternative: try await nearestWithAnyone(
                taken: taken != nil, service: service, staff: staff, start: start, excluding: taken?.alternatives ?? [],
                scope: scope),
            action: SiteURL.bookDetails.relative(base: site.base),
            changeTimeAction: SiteURL.bookChangeTime.relative(base: site.base), changePolicy: policy.text,
            pastDeadline: policy.past)
        let view =
            shared
            ? try await req.renderShared("public/book-details", page) : try await req.view.render("public/book-details", page)
        return try await view.encodeResponse(status: status, for: req)
    }

    /// When a chosen person's time was taken: the free time nearest to it with anyone, unless it is
    /// one of that person's own alternatives already.
    private func nearestWithAnyone(
        taken: Bool, service: UUID, staff: UUID?, start: Date, excluding: [Slot], scope: TenantScope
    ) async throws -> BookDetailsPage.Alternative? {
        guard taken, staff != nil else { return nil }
        let zone = scope.tenant.timeZone
        let day = zone.wallClock(at: start).date
        let slots = try await scope.availability.slots(
            .init(serviceID: service, staffID: nil, from: day.adding(days: -3), to: day.adding(days: 7)))
        let known = Set(excluding.map(\.start))
        guard
            let nearest = slots.filter({ !known.contains($0.start) })
                .min(by: { abs($0.start.timeIntervalSince(start)) < abs($1.start.timeIntervalSince(start)) })
        else { return nil }
        return BookDetailsPage.Alternative(nearest, zone: zone)
    }

    private func requireAppointments(_ tenant: TenantContext) throws {
        guard tenant.kind == .appointments else { throw PageError.notFound }
    }
}

/// The details step's form: the choices (hidden fields) and the contact details.
struct BookingForm {
    var service: String?
    var staff: String?
    var start: String?
    var contact: ContactForm

    init(service: String?, staff: String?, start: String?, contact: ContactForm) {
        self.service = service
        self.staff = staff
        self.start = start
        self.contact = contact
    }

    init(_ req: Request) throws {
        /// `startWithAnyone`: the "nearest time with anyone" button, which books whoever is free.
        struct Choices: Content { var service: String?, staff: String?, start: String?, startWithAnyone: String? }
        let choices = try req.content.decode(Choices.self)
        let anyone = choices.startWithAnyone?.nonEmpty
        self.init(
            service: choices.service, staff: anyone == nil ? choices.staff : "any", start: anyone ?? choices.start,
            contact: try req.content.decode(ContactForm.self))
    }

    /// The service, staff (nil: anyone) and start; a 404 page when a link was cut or altered.
    func parsed(requireStart: Bool = true) throws -> (UUID, UUID?, Date) {
        let choice = BookingChoice(service: service, staff: staff ?? "any", from: nil, date: nil)
        let start = start.flatMap(ISOTimestamp.date(from:))
        guard let serviceID = choice.service, let staff = choice.staff, start != nil || !requireStart else {
            throw PageError(
                .notFound, title: "This link is incomplete",
                message: "Part of the booking link is missing. Start again from the booking page.")
        }
        return (serviceID, staff, start ?? Date(timeIntervalSince1970: 0))
    }
}
