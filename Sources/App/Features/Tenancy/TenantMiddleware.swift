import Fluent
import Vapor

/// Resolves the request's tenant (see `TenantResolution`) and makes it available as `req.tenant`.
/// An unknown or missing tenant is a 404.
struct TenantMiddleware: AsyncMiddleware {
    static let pathParameter = "tenantSlug"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await Self.resolve(request)
        return try await next.respond(to: request)
    }

    /// Finds the request's tenant and stores it as `req.tenant` (and the pages' path prefix).
    static func resolve(_ request: Request) async throws {
        let config = request.application.config
        guard
            let resolution = TenantResolution.resolve(
                header: request.headers.first(name: "X-Tenant"),
                pathSlug: request.parameters.get(Self.pathParameter) ?? Self.pathSlug(request.url.path),
                host: request.headers.first(name: .host),
                baseDomain: config.baseDomain,
                defaultTenant: config.defaultTenant)
        else {
            throw APIError.notFound(
                "No tenant named: send an X-Tenant header or use a /t/<tenant>/ path.")
        }
        let slug = resolution.slug
        guard TenantSlug.isValid(slug),
            let tenant = try await request.application.tenantCache.context(slug: slug, load: {
                try await TenantLookup.find(slug: slug, on: request.db)
            })
        else {
            throw APIError.notFound("Unknown tenant '\(slug.prefix(63))'.")
        }
        request.storage[TenantKey.self] = tenant
        if case .pathPrefix = resolution { request.siteBase = "/t/\(tenant.slug)" }
        request.logger[metadataKey: "tenant"] = .string(slug)
    }

    /// `<slug>` of a `/t/<slug>/...` path that matched no route (error pages still wear its branding).
    private static func pathSlug(_ path: String) -> String? {
        let parts = path.split(separator: "/", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "t" else { return nil }
        return String(parts[1])
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
