import Fluent
import Vapor

/// The application's long-lived services, built once by `configure` before the first request: the
/// storage chosen for the database, the per-process caches, the manage-token keys and the message
/// transports. Request handlers reach them through their `TenantScope`; commands and the worker
/// through `app.services`.
struct AppServices: Sendable {
    let storage: any Storage
    let catalogCache: CatalogCache
    let slotsMemo: SlotsMemo
    /// Shared pages (home, class list, booking steps) rendered once per distinct content.
    let renderedPages: RenderedPages
    let manageTokenKeys: ManageTokenKeyStore
    /// Tenant contexts read recently; tests replace it to switch the cache on or off.
    var tenantCache: TenantCache
    /// Each tenant's upcoming classes, kept for as long as a tenant context; tests replace it too.
    var upcomingClasses: UpcomingClasses
    /// Each tenant's busy time as free times are shown, kept as long; tests replace it too.
    var keptBusyTime: KeptBusyTime
    /// Each tenant's public sessions listings (`GET /api/v1/sessions`), kept as long; tests replace it too.
    var keptSessionListings: KeptSessionListings
    /// How messages leave; tests replace it with recording fakes.
    var transports: Transports
    /// The requests being answered, which a stopping server waits for (`AppRunner.serve`).
    let inFlight = InFlightRequests()
    /// The database handle each event loop's requests share (`TenantScope.db`).
    let databaseHandles = DatabaseHandles()

    /// The services for this configuration and database.
    static func build(for app: Application, config: AppConfig) throws -> AppServices {
        AppServices(
            storage: config.database.isPostgres ? PostgresStorage() : SQLiteStorage(gate: WriteGate()),
            catalogCache: CatalogCache(), slotsMemo: SlotsMemo(), renderedPages: RenderedPages(),
            manageTokenKeys: ManageTokenKeyStore(appSecret: config.appSecret),
            // Tests change tenants behind the app's back (straight into the database), so they read
            // the row every time unless a test asks for the cache (`TenantCacheTests`).
            tenantCache: TenantCache(lifetime: config.keepsRecentReadsInEffect ? TenantCache.standardLifetime : 0),
            upcomingClasses: UpcomingClasses(lifetime: config.keepsRecentReadsInEffect ? TenantCache.standardLifetime : 0),
            keptBusyTime: KeptBusyTime(lifetime: config.keepsRecentReadsInEffect ? TenantCache.standardLifetime : 0),
            keptSessionListings: KeptSessionListings(
                lifetime: config.keepsRecentReadsInEffect ? TenantCache.standardLifetime : 0),
            transports: try Transports.configured(for: app, config: config))
    }

    /// Forgets what is kept of the tenant's classes and bookings: after any request that may have
    /// written them, so this server's next request sees the write.
    func evictKeptReads(tenant: UUID) {
        upcomingClasses.evict(tenant: tenant)
        keptBusyTime.evict(tenant: tenant)
        keptSessionListings.evict(tenant: tenant)
    }

    /// The manage-token issuer of this installation (its key is read once, then kept).
    func manageTokens(on db: any Database) async throws -> ManageToken {
        try await manageTokenKeys.manageToken(on: db)
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    /// The services `configure` built. Reading them before `configure` is a programming error.
    var services: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:config:) builds the services first") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension AppServices {
    /// Availability outside a request (demo data, benchmark fixtures), from a fresh catalog snapshot.
    func availability(tenant: TenantContext, now: Date, on db: any Database) -> AvailabilityService {
        AvailabilityService(
            tenant: tenant, now: now, db: db, storage: storage, cache: CatalogCache(), memo: SlotsMemo(),
            keptBusyTime: KeptBusyTime(lifetime: 0))
    }
}
