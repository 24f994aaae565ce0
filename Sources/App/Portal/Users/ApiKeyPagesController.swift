import Fluent
import Vapor

/// API keys (owners): the business's keys by name and prefix, a new one (its secret shown once, on
/// the answer to the form, never stored or shown again), and revoking one (`ApiKeyService`, which
/// keeps one active key).
struct ApiKeyPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.apiKeys).pathComponents, use: list)
        owners.post(SiteURL.portal(.apiKeys).pathComponents, use: create)
        owners.post(SiteURL.portal(.apiKeyRevoke(.key)).pathComponents, use: revoke)
    }

    struct KeysPage: Encodable {
        struct Row: Encodable {
            let name: String
            let detail: String
            let revokeAction: String?
        }

        let site: SiteContext
        let portal: PortalChrome
        let notice: String?
        let problem: String?
        /// The new key's secret, on the answer to the form only.
        let newKey: String?
        let rows: [Row]
        let action: String
        let form: FormFields
        let usersLink: String
    }

    struct KeyForm: Content {
        var name: String?
    }

    func list(req: Request) async throws -> View {
        let notice =
            QueryParameters(req)["done"] == "revoked" ? "The key is revoked: programs using it are refused from now on." : nil
        return try await render(req, name: "", notice: notice)
    }

    func create(req: Request) async throws -> Response {
        let scope = try req.scope
        let name = (try req.content.decode(KeyForm.self).name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = FieldProblems()
        problems.requireText(name, "name", max: 80)
        if let problem = problems.items.first {
            return try await render(req, name: name, errors: ["name": problem.reason]).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        let issued = try await ApiKeyService.issue(tenantID: scope.tenant.id, name: name, on: scope.db)
        req.auditObject = .changed(type: "api_key", action: "create", id: try issued.record.requireID())
        let response = try await render(req, name: "", newKey: issued.plaintext).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func revoke(req: Request) async throws -> Response {
        let scope = try req.scope
        guard let key = try await ApiKey.find(req.parameters.get("id", as: UUID.self), on: scope.db, tenant: scope.tenant.id)
        else { throw PageError.notFound }
        do {
            try await ApiKeyService.revoke(key, now: scope.now, on: scope.db, storage: scope.storage)
        } catch let refused as ApiKeyService.RevokeError {
            return try await render(req, name: "", problem: refused.reason).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.apiKeys).relative(base: scope.siteBase, query: [("done", "revoked")]), redirectType: .normal)
    }

    private func render(
        _ req: Request, name: String, errors: [String: String] = [:], notice: String? = nil, problem: String? = nil,
        newKey: String? = nil
    ) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "API keys", current: .settings)
        let zone = scope.tenant.timeZone
        let keys = try await ApiKey.query(on: scope.db, tenant: scope.tenant.id).sort(\.$createdAt, .descending).all()
        let rows = try keys.map { key in
            KeysPage.Row(
                name: key.name,
                detail: "nbne_\(key.prefix)_…" + (key.createdAt.map { " · made \(PageDates.short($0, zone: zone))" } ?? "")
                    + (key.revokedAt.map { " · revoked \(PageDates.short($0, zone: zone))" } ?? ""),
                revokeAction: key.revokedAt == nil
                    ? SiteURL.portal(.apiKeyRevoke(.value(try key.requireID()))).relative(base: site.base) : nil)
        }
        return try await req.view.render(
            "portal/api-keys",
            KeysPage(
                site: site, portal: portal, notice: notice, problem: problem, newKey: newKey, rows: rows,
                action: SiteURL.portal(.apiKeys).relative(base: site.base),
                form: FormFields([
                    FormField(
                        kind: .text, name: "name", label: "What it is for", value: name,
                        hint: "Like \"Website widget\" or \"Accounts export\".", error: errors["name"].map { "The name \($0)" },
                        required: true, maxLength: 80)
                ]), usersLink: SiteURL.portal(.users).relative(base: site.base)))
    }
}
