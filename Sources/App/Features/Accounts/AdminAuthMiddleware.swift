import Vapor

/// Requires `Authorization: Bearer <api key>` belonging to the request's tenant.
/// A missing, unknown or revoked key, or a key of another tenant, is a 401.
struct AdminAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw APIError.unauthorized("Send an admin API key as 'Authorization: Bearer <key>'.")
        }
        let tenantID = try request.tenantID
        guard let keyTenant = try await ApiKeyService.tenantID(forKey: bearer.token, on: request.db),
            keyTenant == tenantID
        else {
            throw APIError.unauthorized("The API key is not valid for this tenant.")
        }
        return try await next.respond(to: request)
    }
}
