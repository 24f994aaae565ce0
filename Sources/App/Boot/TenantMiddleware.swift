import Fluent
import Vapor

/// Resolves the request's tenant (see `TenantResolution`) and builds the request's `TenantScope`.
/// An unknown or missing tenant is a 404.
///
/// Future-based: a tenant kept by `TenantCache` is found without starting a task (an
/// `AsyncMiddleware` starts one for every request); only a database read starts one, and a request
/// that finds the kept row expired is answered with it while one read refreshes it.
struct TenantMiddleware: Middleware {
    static let pathParameter = "tenantSlug"
    /// `/t/<slug>/`, under which every tenant path is served a second time.
    static let pathPrefix: [PathComponent] = ["t", .parameter(pathParameter)]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        do {
            let resolution = try Self.resolution(of: request)
            let services = request.application.services
            // The request's one database handle (`TenantScope.db`), found before a refresh may need it:
            // Fluent cannot make one once shutdown has begun.
            let db = services.databaseHandles.handle(for: request)
            if let tenant = services.tenantCache.cached(slug: resolution.slug, refresh: Self.read(resolution.slug, services, db))
            {
                Self.store(tenant, resolution, db: db, on: request)
                return Self.respond(to: request, for: tenant, chainingTo: next)
            }
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        return request.eventLoop.makeFutureWithTask { try await Self.resolve(request) }.flatMap {
            Self.respond(to: request, for: $0, chainingTo: next)
        }
    }

    /// The response; a request that may write (any method but GET and HEAD) then evicts the
    /// tenant's kept timetable and busy time (`UpcomingClasses`, `KeptBusyTime`), whatever it
    /// answered.
    private static func respond(
        to request: Request, for tenant: TenantContext, chainingTo next: any Responder
    ) -> EventLoopFuture<Response> {
        let response = next.respond(to: request)
        guard request.method != .GET, request.method != .HEAD else { return response }
        let services = request.application.services
        return response.always { _ in services.evictKeptReads(tenant: tenant.id) }
    }

    /// Finds the request's tenant and stores the request's scope.
    @discardableResult
    static func resolve(_ request: Request) async throws -> TenantContext {
        let resolution = try resolution(of: request)
        let slug = resolution.slug
        let services = request.application.services
        let db = services.databaseHandles.handle(for: request)
        guard let tenant = try await services.tenantCache.context(slug: slug, load: read(slug, services, db)) else {
            throw APIError.notFound("Unknown tenant '\(slug.prefix(63))'.")
        }
        store(tenant, resolution, db: db, on: request)
        return tenant
    }

    /// Reads the tenant named `slug` (for `TenantCache`, which may read it after the request ends).
    private static func read(
        _ slug: String, _ services: AppServices, _ db: any Database
    ) -> @Sendable () async throws -> TenantContext? {
        { try await services.storage.tenants(db).find(slug: slug) }
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
        guard TenantSlug.isValid(resolution.slug) else {
            throw APIError.notFound("Unknown tenant '\(resolution.slug.prefix(63))'.")
        }
        return resolution
    }

    private static func store(_ tenant: TenantContext, _ resolution: TenantResolution, db: any Database, on request: Request) {
        let siteBase = if case .pathPrefix = resolution { "/t/\(tenant.slug)" } else { "" }
        request.setScope(
            TenantScope(
                tenant: tenant, now: request.application.clock.now(), db: db, siteBase: siteBase,
                services: request.application.services))
        request.logger[metadataKey: "tenant"] = .string(resolution.slug)
    }

    /// `<slug>` of a `/t/<slug>/...` path that matched no route (error pages still wear its branding).
    private static func pathSlug(_ path: String) -> String? {
        let parts = path.split(separator: "/", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "t" else { return nil }
        return String(parts[1])
    }
}
