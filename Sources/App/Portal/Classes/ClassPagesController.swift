import Fluent
import Scheduling
import Vapor

/// The class pages: the coming classes, a new class or weekly series (owners), a class's page with
/// its roster, attendance and CSV (owners and the class's instructor), and its change and
/// cancellation (owners), through `SessionService` as the admin sessions API does.
struct ClassPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.classes).pathComponents, use: list)
        routes.get(SiteURL.portal(.classPage(.key)).pathComponents, use: show)
        routes.post(SiteURL.portal(.classAttendance(.key)).pathComponents, use: attendance)
        routes.get(SiteURL.portal(.classRosterCSV(.key)).pathComponents, use: rosterCSV)
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.newClass).pathComponents, use: newForm)
        owners.post(SiteURL.portal(.newClass).pathComponents, use: create)
        owners.post(SiteURL.portal(.classEdit(.key)).pathComponents, use: update)
        owners.post(SiteURL.portal(.classCancel(.key)).pathComponents, use: cancel)
    }

    func list(req: Request) async throws -> View {
        let scope = try req.scope
        let query = QueryParameters(req)
        let today = scope.tenant.timeZone.wallClock(at: scope.now).date
        let from = query["from"].flatMap(LocalDate.init(iso:)) ?? today
        let (site, portal) = try req.portalPage(title: "Classes", current: .classes)
        let notice: String? =
            switch query["done"] {
            case "created": Self.createdNotice(Int(query["count"] ?? "") ?? 1)
            default: nil
            }
        return try await req.view.render(
            "portal/classes",
            try await ClassListPage.build(
                site: site, portal: portal, from: from, user: try req.signedIn, scope: scope, notice: notice))
    }

    static func createdNotice(_ count: Int) -> String {
        count == 1 ? "The class is added: clients can enrol now." : "\(count) classes are added: clients can enrol now."
    }

    func show(req: Request) async throws -> View {
        let session = try await find(req)
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "saved": "Saved."
            case "attendance": "Attendance is saved."
            case "cancelled": "Cancelled. Everyone enrolled or waiting is told by email."
            default: nil
            }
        return try await render(req, session, notice: notice)
    }

    func newForm(req: Request) async throws -> View {
        try await renderNew(req, form: ClassForm(), errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(ClassForm.self)
        let (plan, errors) = form.plan(zone: scope.tenant.timeZone, now: scope.now)
        guard let plan else {
            return try await renderNew(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let once = FormOnce(
            id: try? req.content.get(String.self, at: FormOnce.fieldName), action: "class-new",
            fields: [
                form.title ?? "", form.date ?? "", form.time ?? "", form.repeats ?? "",
                (form.weekdays ?? []).joined(separator: ","),
                form.until ?? "", form.count ?? "",
            ], tenant: scope.tenant.id, db: scope.db)
        if let once, let made = try await once.claimCreated("class", now: scope.now) {
            req.auditObject = .unchanged
            return req.redirect(
                to: SiteURL.portal(.classPage(.value(made))).relative(base: scope.siteBase), redirectType: .normal)
        }
        let sessions: [ClassSession]
        do {
            sessions = try await scope.sessions.create(plan)
            try await once?.finish(created: try sessions[0].requireID(), kind: "class")
        } catch let error as SessionError {
            try? await once?.release()
            let field = error == .unknownInstructor ? "instructor" : "date"
            let reason =
                error == .unknownInstructor
                ? "is no longer one of the staff: choose again" : "and the repeat all fall on closed days: no class was added"
            return try await renderNew(req, form: form, errors: [field: reason]).encodeResponse(
                status: .unprocessableEntity, for: req)
        } catch {
            try? await once?.release()
            throw error
        }
        req.auditObject = .changed(type: "session", action: "create", id: try sessions[0].requireID())
        let first = sessions[0]
        let today = scope.tenant.timeZone.wallClock(at: first.startsAt).date
        return req.redirect(
            to: SiteURL.portal(.classes).relative(
                base: scope.siteBase, query: [("from", today.description), ("done", "created"), ("count", "\(sessions.count)")]),
            redirectType: .normal)
    }

    func update(req: Request) async throws -> Response {
        let scope = try req.scope
        let session = try await find(req)
        let form = try req.content.decode(ClassEditForm.self)
        let (change, errors) = form.change()
        guard let change else {
            return try await render(req, session, edit: form, errors: errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await scope.sessions.update(try session.requireID(), with: change)
        } catch let error as SessionError {
            let errors: [String: String] =
                switch error {
                case .capacityBelowBooked(let booked): ["capacity": "must be at least the \(booked) places already taken"]
                case .unknownInstructor: ["instructor": "is no longer one of the staff: choose again"]
                default: [:]
                }
            return try await render(
                req, session, problem: errors.isEmpty ? error.message : nil, edit: form, errors: errors
            ).encodeResponse(status: errors.isEmpty ? .conflict : .unprocessableEntity, for: req)
        }
        return done(req, session, "saved")
    }

    func cancel(req: Request) async throws -> Response {
        let scope = try req.scope
        let session = try await find(req)
        let id = try session.requireID()
        do {
            if (try? req.content.get(String.self, at: "scope")) == "series" {
                _ = try await scope.sessions.cancelSeries(from: id)
            } else {
                _ = try await scope.sessions.cancel(id)
            }
        } catch SessionError.alreadyCancelled {
            req.auditObject = .unchanged
        }
        return done(req, session, "cancelled")
    }

    func attendance(req: Request) async throws -> Response {
        let scope = try req.scope
        let session = try await find(req)
        let attended = ((try? req.content.get([String].self, at: "attended")) ?? []).compactMap(UUID.init(uuidString:))
        do {
            try await scope.sessions.markAttendance(try session.requireID(), attended: Set(attended))
        } catch let error as SessionError {
            return try await render(req, session, problem: error.message).encodeResponse(status: .conflict, for: req)
        }
        return done(req, session, "attendance")
    }

    func rosterCSV(req: Request) async throws -> Response {
        let session = try await find(req)
        let response = try await AdminSessionsController.rosterCSV(session, req: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
        return response
    }

    /// The class, when the signed-in user may see it: owners any, staff the ones they teach.
    private func find(_ req: Request) async throws -> ClassSession {
        let scope = try req.scope
        let user = try req.signedIn
        guard let id = req.parameters.get("id", as: UUID.self),
            let session = try await ClassSession.find(id, on: scope.db, tenant: scope.tenant.id),
            user.role == .owner || (session.instructorID != nil && session.instructorID == user.staffID)
        else {
            throw PageError(.notFound, title: "Class not found", message: "There is no such class, or it is not one of yours.")
        }
        return session
    }

    private func done(_ req: Request, _ session: ClassSession, _ what: String) -> Response {
        req.redirect(
            to: SiteURL.portal(.classPage(.value(session.id!))).relative(
                base: (try? req.scope.siteBase) ?? "", query: [("done", what)]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, _ session: ClassSession, notice: String? = nil, problem: String? = nil, edit: ClassEditForm? = nil,
        errors: [String: String] = [:]
    ) async throws -> View {
        let (site, portal) = try req.portalPage(title: session.title, current: .classes)
        // Reloaded: a change just made (promotions, a cancellation) is what the page shows.
        let current = try await ClassSession.find(session.id, on: try req.scope.db, tenant: try req.scope.tenant.id) ?? session
        return try await req.view.render(
            "portal/class",
            try await PortalClasses.page(
                current, site: site, portal: portal, user: try req.signedIn, scope: try req.scope, notice: notice,
                problem: problem, edit: edit, errors: errors))
    }

    private func renderNew(_ req: Request, form: ClassForm, errors: [String: String]) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Add a class", current: .classes)
        return try await req.view.render(
            "portal/edit-form",
            EditFormPage(
                site: site, portal: portal, heading: "Add a class",
                lead: "One class, or a weekly series: every class of it can be changed or cancelled on its own later.",
                notice: nil, action: SiteURL.portal(.newClass).relative(base: site.base),
                form: form.fields(errors: errors, staffChoices: try await PortalStaff.choices(scope, keeping: nil)),
                formID: FormOnce.newID(), button: "Add the class", backLink: SiteURL.portal(.classes).relative(base: site.base),
                backLabel: "All classes", removal: nil, related: nil))
    }
}
