import Vapor

/// The clients pages: search, a client's page, and correcting their contact details
/// (`ClientChanges`, audited by the route). Staff reach only clients they have served.
struct ClientPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.clients).pathComponents, use: list)
        routes.get(SiteURL.portal(.client(.key)).pathComponents, use: show)
        routes.post(SiteURL.portal(.clientEdit(.key)).pathComponents, use: update)
    }

    func list(req: Request) async throws -> View {
        let scope = try req.scope
        let user = try req.signedIn
        let query = String((QueryParameters(req)["q"] ?? "").prefix(100))
        let (site, portal) = try req.portalPage(title: "Clients", current: .clients)
        let matches = try await ClientSearch.matching(
            query, tenant: scope.tenant.id, staff: user.role == .staff ? (user.staffID ?? UUID()) : nil, limit: 50,
            on: scope.db)
        let rows = matches.map { match in
            ClientListPage.Row(
                label: match.name, detail: [match.email, match.phone ?? ""].filter { !$0.isEmpty }.joined(separator: " · "),
                link: SiteURL.portal(.client(.value(match.id))).relative(base: site.base))
        }
        return try await req.view.render(
            "portal/clients",
            ClientListPage(
                site: site, portal: portal, action: SiteURL.portal(.clients).relative(base: site.base), query: query,
                rows: rows.isEmpty ? nil : rows, searched: !query.trimmingCharacters(in: .whitespaces).isEmpty))
    }

    func show(req: Request) async throws -> View {
        let client = try await find(req)
        let notice = QueryParameters(req)["done"] == "saved" ? "Saved. Their upcoming bookings use these details too." : nil
        return try await render(req, client, form: ClientForm(client), notice: notice)
    }

    func update(req: Request) async throws -> Response {
        let scope = try req.scope
        let client = try await find(req)
        let form = try req.content.decode(ClientForm.self)
        do {
            try await ClientChanges.change(
                client, name: form.name ?? "", email: form.email ?? "", phone: form.phone ?? "", now: scope.now, on: scope.db)
        } catch let refused as ClientChanges.Refused {
            // The model may hold the refused values: show the stored client beside what was typed.
            let stored = try await find(req)
            return try await render(req, stored, form: form, errors: refused.problems).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.client(.value(try client.requireID()))).relative(
                base: scope.siteBase, query: [("done", "saved")]),
            redirectType: .normal)
    }

    private func find(_ req: Request) async throws -> Client {
        let scope = try req.scope
        let user = try req.signedIn
        guard let id = req.parameters.get("id", as: UUID.self),
            try await ClientSearch.find(
                id, tenant: scope.tenant.id, staff: user.role == .staff ? (user.staffID ?? UUID()) : nil, on: scope.db) != nil,
            let client = try await Client.find(id, on: scope.db, tenant: scope.tenant.id)
        else {
            throw PageError(.notFound, title: "Client not found", message: "There is no such client, or not one of yours.")
        }
        return client
    }

    private func render(
        _ req: Request, _ client: Client, form: ClientForm, errors: [String: String] = [:], notice: String? = nil
    ) async throws -> View {
        let (site, portal) = try req.portalPage(title: client.name, current: .clients)
        return try await req.view.render(
            "portal/client",
            try await ClientPage.build(
                client, site: site, portal: portal, user: try req.signedIn, scope: try req.scope, form: form, errors: errors,
                notice: notice))
    }
}
