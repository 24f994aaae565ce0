import Fluent
import Vapor

/// Resolves the request's tenant (see `TenantResolution`) and makes it available as `req.tenant`.
/// An unknown or missing tenant is a 404.
struct TenantMiddleware: AsyncMiddleware {
    static let pathParameter = "tenantSlug"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        guard
            let resolution = TenantResolution.resolve(
                header: request.headers.first(name: "X-Tenant"),
                pathSlug: request.parameters.get(Self.pathParameter),
                host: request.headers.first(name: .host),
                baseDomain: config.baseDomain,
                defaultTenant: config.defaultTenant)
        else {
            throw APIError.notFound(
                "No tenant named: send an X-Tenant header or use a /t/<tenant>/ path.")
        }
        let slug = resolution.slug
        guard TenantSlug.isValid(slug),
            let tenant = try await TenantLookup.find(slug: slug, on: request.db)
        else {
            throw APIError.notFound("Unknown tenant '\(slug.prefix(63))'.")
        }
        request.storage[TenantKey.self] = tenant
        request.logger[metadataKey: "tenant"] = .string(slug)
        return try await next.respond(to: request)
    }
}

private struct TenantKey: StorageKey { typealias Value = TenantContext }

extension Request {
    /// The tenant resolved by `TenantMiddleware`.
    var tenant: TenantContext {
        get throws {
            guard let tenant = storage[TenantKey.self] else {
                throw Abort(.internalServerError, reason: "Route is missing TenantMiddleware.")
            }
            return tenant
        }
    }

    /// The resolved tenant's id.
    var tenantID: UUID {
        get throws { try tenant.id }
    }
}
