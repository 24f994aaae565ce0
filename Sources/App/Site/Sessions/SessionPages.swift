import Fluent
import Foundation
import Scheduling
import Vapor

/// `/sessions`: the upcoming classes, grouped by week, with places left.
struct SessionListPage: SharedPage {
    struct Item: Encodable, Hashable, Sendable {
        let title: String
        let when: String
        /// "with Maya · £12.00": who teaches it and what it costs.
        let meta: String
        let places: String
        let isFull: Bool
        /// It starts within the tenant's minimum notice: no longer bookable online (the class's page
        /// says whom to contact), so the list does not offer its places.
        let isClosed: Bool
        let link: String

        /// The link (one per class) and the places left tell items apart; every field is still
        /// compared for equality. Cheaper than hashing the titles and dates, whose dashes and
        /// pound signs send hashing through Unicode normalisation on every request.
        func hash(into hasher: inout Hasher) {
            hasher.combine(link)
            hasher.combine(places)
            hasher.combine(isFull)
            hasher.combine(isClosed)
        }

        init(_ session: SessionRow, tenant: TenantContext, base: String, teacher: String?, now: Date) {
            title = session.title
            when = PageDates.span(session.startsAt, session.endsAt, zone: tenant.timeZone)
            let price = Money.text(cents: session.priceCents, currency: session.currency)
            meta = teacher.map { "with \($0) · \(price)" } ?? price
            let left = session.placesLeft
            isFull = left == 0
            // The rule enrolling applies (`EnrollmentService.checkOpenForEnrollment`).
            isClosed = session.startsAt < tenant.policy.earliestStart(now: now)
            places =
                isClosed
                ? "Online booking closed"
                : left == 0
                    ? (tenant.waitlistEnabled ? "Full – join the waitlist" : "Full")
                    : (left == 1 ? "1 place left" : "\(left) places left")
            link = SiteURL.session(.value(session.id)).relative(base: base)
        }
    }
    struct Week: Encodable, Hashable, Sendable {
        let heading: String
        let sessions: [Item]
    }

    let site: SiteContext
    let weeks: [Week]?
    let zoneName: String

    /// The most classes the list shows.
    static let listLimit = 200

    /// The tenant's timetable: scheduled classes from the start of today (the tenant's day, so a
    /// class that began earlier today is found too) to the end of the booking window, soonest first,
    /// at most `listLimit`; kept for a second (`UpcomingClasses`).
    static func timetable(scope: TenantScope) async throws -> UpcomingClasses.Timetable {
        let (tenant, now) = (scope.tenant, scope.now)
        let timetable = scope.timetable
        return try await scope.services.upcomingClasses.timetable(tenant: tenant.id) {
            let zone = tenant.timeZone
            return try await timetable.list(
                tenant: tenant.id, from: zone.startOfDay(zone.wallClock(at: now).date),
                before: now.addingTimeInterval(TimeInterval(tenant.maxAdvanceDays) * 86_400), status: .scheduled,
                limit: listLimit)
        }
    }

    /// Scheduled sessions that have not started, soonest first, within the booking window.
    static func upcoming(scope: TenantScope, limit: Int = listLimit) async throws -> [SessionRow] {
        let now = scope.now
        return Array(try await timetable(scope: scope).rows.lazy.filter { $0.startsAt >= now }.prefix(limit))
    }

    /// The class list, built once per kept timetable.
    static func build(site: SiteContext, scope: TenantScope) async throws -> SessionListPage {
        let (timetable, now) = (try await timetable(scope: scope), scope.now)
        return try await timetable.listPage(for: .init(site: site, tenant: scope.tenant)) {
            try await build(site: site, scope: scope, sessions: timetable.rows.filter { $0.startsAt >= now })
        }
    }

    private static func build(site: SiteContext, scope: TenantScope, sessions: [SessionRow]) async throws -> SessionListPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        var weeks: [Week] = []
        var current: (monday: LocalDate, items: [Item])?
        let staffNames = try await scope.catalogSnapshot().staffNames
        for session in sessions {
            let day = zone.wallClock(at: session.startsAt).date
            let monday = day.adding(days: 1 - day.weekday.isoNumber)
            if current?.monday != monday {
                if let done = current {
                    weeks.append(Week(heading: "Week of \(PageDates.day(done.monday))", sessions: done.items))
                }
                current = (monday, [])
            }
            current?.items.append(
                Item(
                    session, tenant: tenant, base: site.base, teacher: session.instructorID.flatMap { staffNames[$0] },
                    now: scope.now))
        }
        if let done = current { weeks.append(Week(heading: "Week of \(PageDates.day(done.monday))", sessions: done.items)) }
        return SessionListPage(site: site, weeks: weeks.nonEmpty, zoneName: PageDates.zoneName(tenant.timezone))
    }
}

/// `/sessions/<id>`: one class, and the form to take a place or join its waitlist.
struct SessionPage: SharedPage {
    let site: SiteContext
    let title: String
    let description: String?
    let when: String
    /// The class's own venue, or else the business's address.
    let location: String?
    let mapLink: String?
    let instructor: String?
    let price: String
    let places: String
    let isFull: Bool
    /// Full with the waitlist on: the form joins the waitlist.
    let joinsWaitlist: Bool
    /// Enrolment is possible at all (not full without waitlist, not closed); else `closedReason`.
    let open: Bool
    let closedReason: String?
    let action: String
    let form: ContactForm.View
    let smsAvailable: Bool
    let notesAllowed = false
    let problem: String?
    /// How clients pay, and until when a place can be cancelled online (said before booking).
    let payment: String
    let changePolicy: String
    let pastDeadline: Bool

    static func build(
        site: SiteContext, scope: TenantScope, sessionID: UUID?, form: ContactForm.View, problem: String? = nil
    ) async throws -> SessionPage {
        let (tenant, now) = (scope.tenant, scope.now)
        guard let sessionID, let session = try await find(sessionID, scope: scope), session.status == .scheduled
        else {
            throw PageError(
                .notFound, title: "Class not found",
                message: "This class is not on the timetable any more. See the classes that are.")
        }
        var instructor: String?
        if let instructorID = session.instructorID {
            instructor = try await scope.catalogSnapshot().staffNames[instructorID]
        }
        let item = SessionListPage.Item(session, tenant: tenant, base: site.base, teacher: instructor, now: now)
        // Each class's page has its own title: "Yoga, Thursday 3 December – Mind Department".
        var site = site
        site.title =
            (form.errors == nil ? "" : "Error: ")
            + "\(session.title), \(PageDates.day(tenant.timeZone.wallClock(at: session.startsAt).date)) – \(tenant.name)"
        let place = tenant.place(venue: session.location)
        let policy = ChangeDeadline.wording(start: session.startsAt, tenant: tenant, now: now, movable: false)
        var closedReason: String?
        do {
            try EnrollmentService.checkOpenForEnrollment(
                status: session.status, startsAt: session.startsAt, policy: tenant.policy, now: now)
        } catch let error as EnrollmentError {
            closedReason = error.message
        }
        if closedReason == nil && item.isFull && !tenant.waitlistEnabled { closedReason = "This class is full." }
        return SessionPage(
            site: site, title: session.title, description: session.description.nonEmpty, when: item.when,
            location: place, mapLink: place.map(MapLink.search),
            instructor: instructor, price: Money.text(cents: session.priceCents, currency: session.currency), places: item.places,
            isFull: item.isFull, joinsWaitlist: item.isFull && tenant.waitlistEnabled, open: closedReason == nil,
            closedReason: closedReason,
            action: SiteURL.session(.value(sessionID)).relative(base: site.base), form: form, smsAvailable: tenant.smsEnabled,
            problem: problem, payment: tenant.paymentWording, changePolicy: policy.text, pastDeadline: policy.past)
    }
}

extension SessionPage {
    /// The class from the kept timetable when it is there (a scheduled class in the booking window),
    /// else from the database (any status).
    static func find(_ id: UUID, scope: TenantScope) async throws -> SessionRow? {
        if scope.services.upcomingClasses.keepsTimetables, let kept = try await SessionListPage.timetable(scope: scope).row(id) {
            return kept
        }
        return try await scope.timetable.find(id, tenant: scope.tenant.id)
    }
}

/// The class pages: the timetable, one class, and enrolment through `EnrollmentService` (the same
/// call as `POST /api/v1/sessions/<id>/enrollments`).
struct SessionPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.sessions.pathComponents, use: list)
        routes.get(SiteURL.session(.key).pathComponents, use: show)
        routes.post(SiteURL.session(.key).pathComponents, use: enroll)
    }

    func list(req: Request) async throws -> View {
        let tenant = try req.tenant
        try requireSessions(tenant)
        let page = try await SessionListPage.build(
            site: try SiteContext(req: req, title: "Classes", shared: true), scope: try req.scope)
        return try await req.renderShared("public/sessions", page)
    }

    func show(req: Request) async throws -> View {
        let tenant = try req.tenant
        try requireSessions(tenant)
        let page = try await SessionPage.build(
            site: try SiteContext(req: req, title: "Class", shared: true), scope: try req.scope,
            sessionID: req.parameters.get("id", as: UUID.self), form: ContactForm.emptySharedView)
        return try await req.renderShared("public/session", page)
    }

    func enroll(req: Request) async throws -> Response {
        let scope = try req.scope
        let tenant = scope.tenant
        try requireSessions(tenant)
        let form = try req.content.decode(ContactForm.self).resolvingEmailSuggestion
        if form.isBot { throw PageError.bot }
        let sessionID = req.parameters.get("id", as: UUID.self)
        func again(
            _ status: HTTPResponseStatus, errors: [ContactForm.FieldError] = [], problem: String? = nil,
            suggestion: String? = nil
        ) async throws -> Response {
            let page = try await SessionPage.build(
                site: try SiteContext(req: req, title: "Class"), scope: scope, sessionID: sessionID,
                form: form.view(errors: errors, suggestion: suggestion), problem: problem)
            return try await req.view.render("public/session", page).encodeResponse(status: status, for: req)
        }
        let (errors, contact) = form.validated(notesAllowed: false)
        guard let contact else { return try await again(.unprocessableEntity, errors: errors) }
        if let suggestion = form.emailSuggestion { return try await again(.ok, suggestion: suggestion) }
        guard let sessionID else {
            throw PageError(.notFound, title: "Class not found", message: "This class is not on the timetable any more.")
        }
        let once = FormOnce(
            id: form.once, action: "enrol", fields: [sessionID.uuidString] + form.fingerprint, tenant: tenant.id, db: scope.db)
        func done(_ token: String, waitlisted: Bool) -> Response {
            req.redirect(
                to: SiteURL.manage(.value(token)).relative(
                    base: scope.siteBase, query: [("done", waitlisted ? "waitlisted" : "enrolled")]),
                redirectType: .normal)
        }
        if let once, case .done(let subject) = try await once.claim(now: scope.now), case .enrollment(let id) = subject {
            let token = try await scope.manageTokens().token(for: subject)
            return done(token, waitlisted: try await Enrollment.find(id, on: scope.db, tenant: tenant.id)?.status == .waitlisted)
        }
        do {
            do {
                switch try await scope.enrollments.enroll(Enroll(session: sessionID, client: contact)) {
                case .enrolled(let enrollment, let token):
                    try await once?.finish(.enrollment(try enrollment.requireID()))
                    return done(token, waitlisted: false)
                case .waitlisted(let enrollment, _, let token):
                    try await once?.finish(.enrollment(try enrollment.requireID()))
                    return done(token, waitlisted: true)
                }
            } catch {
                try? await once?.release()
                throw error
            }
        } catch let error as EnrollmentError where error != .sessionNotFound {
            return try await again(.conflict, problem: error.message)
        }
    }

    private func requireSessions(_ tenant: TenantContext) throws {
        guard tenant.kind == .sessions else { throw PageError.notFound }
    }
}
