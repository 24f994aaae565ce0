import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Tenant contexts by slug, kept for a short time so a request need not read the tenant row first.
///
/// The row carries `catalog_version`, which keys the catalog snapshot, so a cached context is kept
/// for at most `lifetime`: another server's change to a tenant's settings or catalog is seen within
/// that, and this server's own admin writes evict the tenant at once (`TenantCache.Eviction`).
/// Bookings are never read from here (busy time is read live), so no slot is ever offered twice.
final class TenantCache: Sendable {
    /// One second: long enough to save a database read on most requests ("The tenant row kept for a
    /// second" in docs/benchmarks.md), short enough that other servers' changes arrive at once.
    static let standardLifetime: TimeInterval = 1
    let lifetime: TimeInterval
    private let entries = NIOLockedValueBox<[String: (context: TenantContext, until: UInt64)]>([:])

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func context(slug: String, load: () async throws -> TenantContext?) async throws -> TenantContext? {
        guard lifetime > 0 else { return try await load() }
        if let context = cached(slug: slug) { return context }
        let now = DispatchTime.now().uptimeNanoseconds
        guard let context = try await load() else { return nil }
        let until = now + UInt64(lifetime * 1_000_000_000)
        entries.withLockedValue { $0[slug] = (context, until) }
        return context
    }

    /// The context kept for `slug`, if it is still fresh (never with a zero lifetime).
    func cached(slug: String) -> TenantContext? {
        guard lifetime > 0 else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        guard let entry = entries.withLockedValue({ $0[slug] }), entry.until > now else { return nil }
        return entry.context
    }

    func evict(slug: String) { entries.withLockedValue { $0[slug] = nil } }

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
