import Vapor

/// Requires `Authorization: Bearer <api key>` belonging to the request's tenant.
/// A missing, unknown or revoked key, or a key of another tenant, is a 401.
struct AdminAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw APIError.unauthorized("Send an admin API key as 'Authorization: Bearer <key>'.")
        }
        let tenantID = try request.tenantID
        guard let key = try await ApiKeyService.key(bearer.token, on: request.db), key.tenantID == tenantID else {
            throw APIError.unauthorized("The API key is not valid for this tenant.")
        }
        request.auditActor = AuditActor(kind: .apiKey, id: key.id, label: "API key \(key.name) (\(key.prefix))")
        return try await next.respond(to: request)
    }
}
