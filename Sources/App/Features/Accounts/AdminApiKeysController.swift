import Fluent
import Vapor

/// Admin API keys: `GET/POST /admin/api-keys`, `DELETE /admin/api-keys/ID` (revoke). A new key's
/// secret is shown once, in the answer that creates it.
struct AdminApiKeysController: RouteCollection {
    struct CreateKeyRequest: Content {
        var name: String
    }

    /// A key as listed: never its secret.
    struct ApiKeyResponse: Content {
        let id: UUID
        let name: String
        let prefix: String
        let createdAt: Date?
        let revokedAt: Date?
        /// Only in the answer that created the key.
        let key: String?

        init(_ record: ApiKey, plaintext: String? = nil) throws {
            id = try record.requireID()
            name = record.name
            prefix = record.prefix
            createdAt = record.createdAt
            revokedAt = record.revokedAt
            key = plaintext
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.admin(.apiKeys)).pathComponents, use: list)
        routes.post(SiteURL.api(.admin(.apiKeys)).pathComponents, use: create)
        routes.delete(SiteURL.api(.admin(.apiKey(.key))).pathComponents, use: revoke)
    }

    func list(req: Request) async throws -> [ApiKeyResponse] {
        try await ApiKeyService.list(tenantID: req.tenantID, on: req.db).map { try ApiKeyResponse($0) }
    }

    func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(CreateKeyRequest.self)
        var problems = FieldProblems()
        problems.requireText(input.name, "name", max: 80)
        try problems.throwIfAny()
        let issued = try await ApiKeyService.issue(
            tenantID: req.tenantID, name: input.name.trimmingCharacters(in: .whitespacesAndNewlines), on: req.db)
        return try await ApiKeyResponse(issued.record, plaintext: issued.plaintext).encodeResponse(status: .created, for: req)
    }

    /// Revokes the key at once (the tenant's last active key is refused with a 409).
    func revoke(req: Request) async throws -> ApiKeyResponse {
        guard let key = try await ApiKey.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID) else {
            throw APIError.notFound("No API key with that id.")
        }
        try await ApiKeyService.revoke(key, now: req.scope.now, on: req.db, storage: req.scope.storage)
        return try ApiKeyResponse(key)
    }
}
