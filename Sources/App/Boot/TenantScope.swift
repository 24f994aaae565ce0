import Fluent
import Foundation
import Vapor

/// What a tenant request's handlers work with, built once by `TenantMiddleware`: the tenant, the
/// moment the request is handled, its database, the path prefix of the tenant's pages, and the
/// feature services bound to them. Handlers take services from here, never from the request.
///
/// A class, though nothing in it changes: handlers read `request.scope` several times a request,
/// and each read of a structure this size copied it out of the request's storage, retaining every
/// string and service inside (the tenant's two dozen fields, the services') and releasing them after.
final class TenantScope: Sendable {
    let tenant: TenantContext
    let now: Date
    /// The request's database handle, found once by `TenantMiddleware` (its event loop's shared one,
    /// `DatabaseHandles`): Fluent makes a new one on every `request.db` (on PostgreSQL 2 % of a
    /// page's CPU each, most of it runtime type lookups; issue 24), so handlers take this one. It is
    /// found before the handler runs, not when first used: asked for a handle once shutdown has
    /// begun, Fluent stops the process (a force unwrap), and a handler whose client has gone can
    /// still be running then. A handle found earlier only fails its queries (a 503).
    let db: any Database
    /// "" when the tenant comes from the host name, a header or `DEFAULT_TENANT`; "/t/<slug>" when
    /// it comes from the path. Every page link starts with it (`SiteURL`).
    let siteBase: String
    let services: AppServices

    init(tenant: TenantContext, now: Date, db: any Database, siteBase: String, services: AppServices) {
        self.tenant = tenant
        self.now = now
        self.db = db
        self.siteBase = siteBase
        self.services = services
    }

    var storage: any Storage { services.storage }

    var availability: AvailabilityService {
        AvailabilityService(
            tenant: tenant, now: now, db: db, storage: services.storage, cache: services.catalogCache, memo: services.slotsMemo,
            keptBusyTime: services.keptBusyTime)
    }

    var bookings: BookingService {
        BookingService(
            tenant: tenant, now: now, db: db, storage: services.storage, availability: availability,
            tokenKeys: services.manageTokenKeys)
    }

    var enrollments: EnrollmentService {
        EnrollmentService(tenant: tenant, now: now, db: db, storage: services.storage, tokenKeys: services.manageTokenKeys)
    }

    /// Sessions as pages and the public API show them.
    var timetable: any TimetableRepository { services.storage.timetable(db) }

    var sessions: SessionService { SessionService(tenant: tenant, now: now, db: db, storage: services.storage) }

    var catalog: CatalogService { CatalogService(tenant: tenant, now: now, db: db) }

    /// The tenant's catalog as the public pages show it (cached until the catalog changes).
    func catalogSnapshot() async throws -> CatalogSnapshot {
        try await services.catalogCache.snapshot(for: tenant, now: now, on: db)
    }

    /// The manage-token issuer (its key is read once per process).
    func manageTokens() async throws -> ManageToken { try await services.manageTokens(on: db) }
}

extension Request {
    private struct ScopeKey: StorageKey { typealias Value = TenantScope }

    /// The scope `TenantMiddleware` built for this request.
    var scope: TenantScope {
        get throws {
            guard let scope = storage[ScopeKey.self] else {
                throw Abort(.internalServerError, reason: "Route is missing TenantMiddleware.")
            }
            return scope
        }
    }

    func setScope(_ scope: TenantScope) { storage[ScopeKey.self] = scope }

    /// The resolved tenant (`scope.tenant`).
    var tenant: TenantContext {
        get throws { try scope.tenant }
    }

    /// The resolved tenant's id.
    var tenantID: UUID {
        get throws { try scope.tenant.id }
    }
}
