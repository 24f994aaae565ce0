import Fluent
import Vapor

/// The services pages (owners): the list, a new service, editing one, and removing it, through
/// the same `CatalogService` and `ServiceDetails` rules as `/api/v1/admin/services`.
struct ServicePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.services).pathComponents, use: list)
        owners.get(SiteURL.portal(.newService).pathComponents, use: newForm)
        owners.post(SiteURL.portal(.newService).pathComponents, use: create)
        owners.get(SiteURL.portal(.service(.key)).pathComponents, use: edit)
        owners.post(SiteURL.portal(.service(.key)).pathComponents, use: update)
        owners.post(SiteURL.portal(.serviceRemove(.key)).pathComponents, use: remove)
    }

    func list(req: Request) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Services", current: .services)
        let services = try await Service.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
        let staffByService = try await CatalogQueries.staffIDsByService(on: scope.db, tenant: scope.tenant.id)
        let rows = try services.map { service in
            let staffCount = staffByService[try service.requireID()]?.count ?? 0
            let who = staffCount == 0 ? "nobody performs it yet" : staffCount == 1 ? "1 staff member" : "\(staffCount) staff"
            return CatalogListPage.Row(
                label: service.name, link: SiteURL.portal(.service(.value(try service.requireID()))).relative(base: site.base),
                detail: "\(service.durationMinutes) min · "
                    + "\(Money.text(cents: service.priceCents, currency: service.currency)) · \(who)",
                badge: service.active ? nil : "Not offered")
        }
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "deleted": "The service is deleted."
            case "archived": "The service had bookings, so it is kept for their history and no longer offered."
            default: nil
            }
        return try await req.view.render(
            "portal/catalog-list",
            CatalogListPage(
                site: site, portal: portal, heading: "Services",
                lead: "What clients book: how long it takes, its price and who performs it.", notice: notice,
                addLink: SiteURL.portal(.newService).relative(base: site.base), addLabel: "Add a service",
                rows: rows.isEmpty ? nil : rows,
                empty: "No services yet. Add the first one: clients can book it as soon as someone performs it.",
                related: nil))
    }

    func newForm(req: Request) async throws -> View {
        try await render(req, service: nil, form: ServiceForm(nil, staff: []), errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(ServiceForm.self)
        let (details, errors) = form.details(creating: true)
        guard errors.isEmpty else {
            return try await render(req, service: nil, form: form, errors: errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        let once = FormOnce(
            id: try? req.content.get(String.self, at: FormOnce.fieldName), action: "service-new",
            fields: Self.fingerprint(form), tenant: scope.tenant.id, db: scope.db)
        if let once, let made = try await once.claimCreated("service", now: scope.now) {
            req.auditObject = .unchanged
            return saved(req, made, done: "created")
        }
        do {
            let service = try await Self.catching(errors: { try await scope.catalog.addService(details) })
            let id = try service.requireID()
            try await once?.finish(created: id, kind: "service")
            req.auditObject = .changed(type: "service", action: "create", id: id)
            return saved(req, id, done: "created")
        } catch let problem as FieldRefusal {
            try? await once?.release()
            return try await render(req, service: nil, form: form, errors: problem.errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        } catch {
            try? await once?.release()
            throw error
        }
    }

    func edit(req: Request) async throws -> View {
        let service = try await find(req)
        let staff = try await Self.staffIDs(of: service, req: req)
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "created": "The service is added."
            case "saved": "Saved."
            default: nil
            }
        return try await render(req, service: service, form: ServiceForm(service, staff: staff), errors: [:], notice: notice)
    }

    func update(req: Request) async throws -> Response {
        let scope = try req.scope
        let service = try await find(req)
        let form = try req.content.decode(ServiceForm.self)
        let (details, errors) = form.details(creating: false)
        do {
            guard errors.isEmpty else { throw FieldRefusal(errors: errors) }
            try await Self.catching(errors: { try await scope.catalog.changeService(service, details) })
            return saved(req, try service.requireID(), done: "saved")
        } catch let problem as FieldRefusal {
            return try await render(req, service: service, form: form, errors: problem.errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
    }

    func remove(req: Request) async throws -> Response {
        let scope = try req.scope
        let outcome = try await scope.catalog.removeService(try await find(req))
        return req.redirect(
            to: SiteURL.portal(.services).relative(base: scope.siteBase, query: [("done", outcome.rawValue)]),
            redirectType: .normal)
    }

    private func find(_ req: Request) async throws -> Service {
        try await req.scope.catalog.service(req.parameters.get("id", as: UUID.self))
    }

    private func saved(_ req: Request, _ id: UUID, done: String) -> Response {
        req.redirect(
            to: SiteURL.portal(.service(.value(id))).relative(base: (try? req.scope.siteBase) ?? "", query: [("done", done)]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, service: Service?, form: ServiceForm, errors: [String: String], notice: String? = nil
    ) async throws -> View {
        let scope = try req.scope
        let title = service.map { "Edit \($0.name)" } ?? "Add a service"
        let (site, portal) = try req.portalPage(title: title, current: .services)
        let staff = try await Staff.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
        let linked = Set(form.staff ?? [])
        let choices = try staff.compactMap { member -> (value: String, label: String)? in
            let id = try member.requireID().uuidString.lowercased()
            guard member.active || linked.contains(id) else { return nil }
            return (id, member.active ? member.name : "\(member.name) (no longer working here)")
        }
        let base = site.base
        let removal = try service.map { service in
            EditFormPage.Removal(
                action: SiteURL.portal(.serviceRemove(.value(try service.requireID()))).relative(base: base),
                explanation:
                    "A service nobody has booked is deleted. One with bookings is kept for their history and no longer offered; its bookings stay as they are.",
                button: "Remove this service")
        }
        return try await req.view.render(
            "portal/edit-form",
            EditFormPage(
                site: site, portal: portal, heading: service?.name ?? "Add a service", lead: nil, notice: notice,
                action: (try service.map { SiteURL.portal(.service(.value(try $0.requireID()))) } ?? SiteURL.portal(.newService))
                    .relative(
                        base: base),
                form: form.fields(
                    errors: errors, staffChoices: choices, policy: scope.tenant.policy, currency: service?.currency ?? "GBP"),
                formID: service == nil ? FormOnce.newID() : nil, button: service == nil ? "Add the service" : "Save",
                backLink: SiteURL.portal(.services).relative(base: base), backLabel: "All services", removal: removal,
                related: nil))
    }

    private static func staffIDs(of service: Service, req: Request) async throws -> [UUID] {
        let scope = try req.scope
        let id = try service.requireID()
        return try await StaffService.query(on: scope.db, tenant: scope.tenant.id).filter(\.$serviceID == id).all().map(\.staffID)
    }

    private static func fingerprint(_ form: ServiceForm) -> [String] {
        [
            form.name ?? "", form.description ?? "", form.durationMinutes ?? "", form.price ?? "",
            form.bufferBeforeMinutes ?? "", form.bufferAfterMinutes ?? "", (form.staff ?? []).sorted().joined(separator: ","),
        ]
    }

    /// Runs a catalog change; an id the form sent that is not the tenant's becomes a message beside the field.
    static func catching<T>(errors body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch CatalogError.unknownIDs(let field) {
            throw FieldRefusal(errors: [field: "lists someone or something that no longer exists: reload the page"])
        }
    }
}

/// A form's problems by field, found after it was read (an id that vanished meanwhile).
struct FieldRefusal: Error {
    let errors: [String: String]
}
