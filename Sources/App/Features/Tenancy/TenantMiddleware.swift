import Fluent
import Vapor

/// Resolves the request's tenant (see `TenantResolution`) and makes it available as `req.tenant`.
/// An unknown or missing tenant is a 404.
///
/// Future-based: a tenant kept by `TenantCache` is found without starting a task (an
/// `AsyncMiddleware` starts one for every request); only a database read starts one.
struct TenantMiddleware: Middleware {
    static let pathParameter = "tenantSlug"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        do {
            let resolution = try Self.resolution(of: request)
            if let tenant = request.application.tenantCache.cached(slug: resolution.slug) {
                Self.store(tenant, resolution, on: request)
                return next.respond(to: request)
            }
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        return request.eventLoop.makeFutureWithTask { try await Self.resolve(request) }.flatMap { next.respond(to: request) }
    }

    /// Finds the request's tenant and stores it as `req.tenant` (and the pages' path prefix).
    static func resolve(_ request: Request) async throws {
        let resolution = try resolution(of: request)
        let slug = resolution.slug
        guard
            let tenant = try await request.application.tenantCache.context(slug: slug, load: {
                try await TenantLookup.find(slug: slug, on: request.db)
            })
        else {
            throw APIError.notFound("Unknown tenant '\(slug.prefix(63))'.")
        }
        store(tenant, resolution, on: request)
    }

    /// How the request names its tenant; a 404 when it names none, or no valid slug.
    private static func resolution(of request: Request) throws -> TenantResolution {
        let config = request.application.config
        let header = request.headers.first(name: "X-Tenant")
        // A header names the tenant before any path does, so the path is read only without one.
        let named = header.map { !TenantResolution.trimmed($0).isEmpty } ?? false
        guard
            let resolution = TenantResolution.resolve(
                header: header,
                pathSlug: named ? nil : request.parameters.get(Self.pathParameter) ?? Self.pathSlug(request.url.path),
                host: request.headers.first(name: .host),
                baseDomain: config.baseDomain,
                defaultTenant: config.defaultTenant)
        else {
            throw APIError.notFound(
                "No tenant named: send an X-Tenant header or use a /t/<tenant>/ path.")
        }
        guard TenantSlug.isValid(resolution.slug) else { throw APIError.notFound("Unknown tenant '\(resolution.slug.prefix(63))'.") }
        return resolution
    }

    private static func store(_ tenant: TenantContext, _ resolution: TenantResolution, on request: Request) {
        request.storage[TenantKey.self] = tenant
        if case .pathPrefix = resolution { request.siteBase = "/t/\(tenant.slug)" }
        request.logger[metadataKey: "tenant"] = .string(resolution.slug)
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
