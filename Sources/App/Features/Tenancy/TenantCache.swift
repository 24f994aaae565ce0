import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Tenant contexts by slug, kept for a short time so a request need not read the tenant row first.
///
/// The row carries `catalog_version`, which keys the catalog snapshot, so a cached context is kept
/// for at most `lifetime`, and answered for one more lifetime while one read refreshes it
/// (`KeptPerTenant`): another server's change to a tenant's settings or catalog is seen within two
/// lifetimes, and this server's own admin writes evict the tenant at once (`TenantCache.Eviction`).
/// Requests never wait on the refresh: with a row read per expiry that requests waited for, 200
/// tenants' rows on PostgreSQL were 200 reads a second that queued behind each other for the pool,
/// and the mix's p99 was 86 ms instead of 36 (docs/benchmarks.md, "Issue 24, seventh round").
/// Bookings are never read from here, so no slot is ever offered twice. An unknown slug is never
/// kept: a tenant created meanwhile is found at once.
final class TenantCache: Sendable {
    /// One second: long enough to save a database read on most requests ("The tenant row kept for a
    /// second" in docs/benchmarks.md), short enough that other servers' changes arrive at once.
    static let standardLifetime: TimeInterval = 1
    private let kept: KeptPerTenant<String, TenantContext>

    /// `clock` is in nanoseconds, monotonic (a test's own in tests).
    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> UInt64 = KeptPerTenant<String, TenantContext>.uptimeNanoseconds)
    {
        kept = KeptPerTenant(lifetime: lifetime, clock: clock)
    }

    /// The tenant named `slug`: the kept context, or `load`'s (read once for the requests that ask
    /// meanwhile). `nil` when `load` finds no such tenant.
    func context(slug: String, load: @escaping @Sendable () async throws -> TenantContext?) async throws -> TenantContext? {
        do {
            return try await kept.value(tenant: slug, load: Self.found(by: load))
        } catch is UnknownSlug {
            return nil
        }
    }

    /// The context kept for `slug` that may still be shown, without waiting; when it has expired,
    /// `load` refreshes it meanwhile. `nil` when none is kept (never with a zero lifetime).
    func cached(slug: String, refresh load: @escaping @Sendable () async throws -> TenantContext?) -> TenantContext? {
        kept.keptValue(tenant: slug, refresh: Self.found(by: load))
    }

    func evict(slug: String) { kept.evict(tenant: slug) }

    /// A read that found no tenant: not kept.
    private struct UnknownSlug: Error {}

    /// `load` as `KeptPerTenant` reads: a tenant, or `UnknownSlug` thrown.
    private static func found(
        by load: @escaping @Sendable () async throws -> TenantContext?
    ) -> @Sendable () async throws -> TenantContext {
        {
            guard let context = try await load() else { throw UnknownSlug() }
            return context
        }
    }

    /// Evicts the request's tenant after any write through the admin API or the portal (settings,
    /// catalog, hours, closures, sessions), so this server sees its own changes at once.
    struct Eviction: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            defer {
                if request.method != .GET, let slug = try? request.tenant.slug {
                    request.application.services.tenantCache.evict(slug: slug)
                }
            }
            return try await next.respond(to: request)
        }
    }
}
