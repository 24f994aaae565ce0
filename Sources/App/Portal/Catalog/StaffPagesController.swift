import Fluent
import Vapor

/// The staff pages (owners): the list, a new staff member, editing their profile and services,
/// and removing them, through the same `CatalogService` and `StaffDetails` rules as
/// `/api/v1/admin/staff`. Their weekly hours are `HoursPagesController`'s.
struct StaffPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.staff).pathComponents, use: list)
        owners.get(SiteURL.portal(.newStaff).pathComponents, use: newForm)
        owners.post(SiteURL.portal(.newStaff).pathComponents, use: create)
        owners.get(SiteURL.portal(.staffMember(.key)).pathComponents, use: edit)
        owners.post(SiteURL.portal(.staffMember(.key)).pathComponents, use: update)
        owners.post(SiteURL.portal(.staffRemove(.key)).pathComponents, use: remove)
    }

    func list(req: Request) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Staff", current: .staff)
        let staff = try await Staff.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
        let servicesByStaff = try await CatalogQueries.serviceIDsByStaff(on: scope.db, tenant: scope.tenant.id)
        let rows = try staff.map { member in
            let count = servicesByStaff[try member.requireID()]?.count ?? 0
            return CatalogListPage.Row(
                label: member.name, link: SiteURL.portal(.staffMember(.value(try member.requireID()))).relative(base: site.base),
                detail: count == 0 ? "performs no services yet" : PortalWording.count(count, "service", "services"),
                badge: member.active ? nil : "Not taking bookings")
        }
        let query = QueryParameters(req)
        let notice: String? =
            switch query["done"] {
            case "deleted": "The staff member is deleted."
            case "archived":
                "They had bookings, so they are kept for that history and no longer offered. "
                    + (Int(query["upcoming"] ?? "") ?? 0 > 0
                        ? "Their upcoming bookings stay booked: move or cancel them from Bookings." : "")
            default: nil
            }
        return try await req.view.render(
            "portal/catalog-list",
            CatalogListPage(
                site: site, portal: portal, heading: "Staff",
                lead: "Who clients can book, the services each performs, and their weekly hours.", notice: notice,
                addLink: SiteURL.portal(.newStaff).relative(base: site.base), addLabel: "Add a staff member",
                rows: rows.isEmpty ? nil : rows,
                empty: "No staff yet. Add the first: then give them services and weekly hours.",
                related: [
                    EditFormPage.Link(
                        label: "The business's opening hours", link: SiteURL.portal(.openingHours).relative(base: site.base))
                ]))
    }

    func newForm(req: Request) async throws -> View {
        try await render(req, staff: nil, form: StaffForm(nil, services: []), errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(StaffForm.self)
        let (details, errors) = form.details(creating: true)
        guard errors.isEmpty else {
            return try await render(req, staff: nil, form: form, errors: errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        let once = FormOnce(
            id: try? req.content.get(String.self, at: FormOnce.fieldName), action: "staff-new",
            fields: [form.name ?? "", form.email ?? "", (form.services ?? []).sorted().joined(separator: ",")],
            tenant: scope.tenant.id, db: scope.db)
        if let once, let made = try await once.claimCreated("staff", now: scope.now) {
            req.auditObject = .unchanged
            return saved(req, made, done: "created")
        }
        do {
            let staff = try await ServicePagesController.catching(errors: { try await scope.catalog.addStaff(details) })
            let id = try staff.requireID()
            try await once?.finish(created: id, kind: "staff")
            req.auditObject = .changed(type: "staff", action: "create", id: id)
            return saved(req, id, done: "created")
        } catch let problem as FieldRefusal {
            try? await once?.release()
            return try await render(req, staff: nil, form: form, errors: problem.errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        } catch {
            try? await once?.release()
            throw error
        }
    }

    func edit(req: Request) async throws -> View {
        let staff = try await find(req)
        let scope = try req.scope
        let id = try staff.requireID()
        let services = try await StaffService.query(on: scope.db, tenant: scope.tenant.id).filter(\.$staffID == id).all()
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "created": "The staff member is added. Give them weekly hours so clients can book them."
            case "saved": "Saved."
            default: nil
            }
        return try await render(
            req, staff: staff, form: StaffForm(staff, services: services.map(\.serviceID)), errors: [:], notice: notice)
    }

    func update(req: Request) async throws -> Response {
        let scope = try req.scope
        let staff = try await find(req)
        let form = try req.content.decode(StaffForm.self)
        let (details, errors) = form.details(creating: false)
        do {
            guard errors.isEmpty else { throw FieldRefusal(errors: errors) }
            try await ServicePagesController.catching(errors: { try await scope.catalog.changeStaff(staff, details) })
            return saved(req, try staff.requireID(), done: "saved")
        } catch let problem as FieldRefusal {
            return try await render(req, staff: staff, form: form, errors: problem.errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
    }

    func remove(req: Request) async throws -> Response {
        let scope = try req.scope
        let (outcome, affected) = try await scope.catalog.removeStaff(try await find(req))
        return req.redirect(
            to: SiteURL.portal(.staff).relative(
                base: scope.siteBase, query: [("done", outcome.rawValue), ("upcoming", "\(affected.count)")]),
            redirectType: .normal)
    }

    private func find(_ req: Request) async throws -> Staff {
        try await req.scope.catalog.staffMember(req.parameters.get("id", as: UUID.self))
    }

    private func saved(_ req: Request, _ id: UUID, done: String) -> Response {
        req.redirect(
            to: SiteURL.portal(.staffMember(.value(id))).relative(base: (try? req.scope.siteBase) ?? "", query: [("done", done)]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, staff: Staff?, form: StaffForm, errors: [String: String], notice: String? = nil
    ) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: staff.map { "Edit \($0.name)" } ?? "Add a staff member", current: .staff)
        let services = try await Service.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
        let linked = Set(form.services ?? [])
        let choices = try services.compactMap { service -> (value: String, label: String)? in
            let id = try service.requireID().uuidString.lowercased()
            guard service.active || linked.contains(id) else { return nil }
            return (id, service.active ? service.name : "\(service.name) (not offered)")
        }
        let base = site.base
        let id = try staff?.requireID()
        return try await req.view.render(
            "portal/edit-form",
            EditFormPage(
                site: site, portal: portal, heading: staff?.name ?? "Add a staff member", lead: nil, notice: notice,
                action: (id.map { SiteURL.portal(.staffMember(.value($0))) } ?? SiteURL.portal(.newStaff)).relative(base: base),
                form: form.fields(errors: errors, serviceChoices: choices), formID: staff == nil ? FormOnce.newID() : nil,
                button: staff == nil ? "Add the staff member" : "Save", backLink: SiteURL.portal(.staff).relative(base: base),
                backLabel: "All staff",
                removal: id.map { id in
                    EditFormPage.Removal(
                        action: SiteURL.portal(.staffRemove(.value(id))).relative(base: base),
                        explanation:
                            "Someone never booked is deleted. Someone with bookings is kept for that history and no longer offered; their upcoming bookings stay booked until you move or cancel them.",
                        button: "Remove this staff member")
                },
                related: id.map { id in
                    [
                        EditFormPage.Link(
                            label: "Weekly hours", link: SiteURL.portal(.staffHours(.value(id))).relative(base: base)),
                        EditFormPage.Link(
                            label: "Their week in the calendar",
                            link: SiteURL.portal(.calendarWeek).relative(
                                base: base, query: [("staff", id.uuidString.lowercased())])),
                    ]
                }))
    }
}
