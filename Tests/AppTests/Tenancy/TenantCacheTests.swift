import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

extension Tenant {
    fileprivate func withID() -> Tenant {
        id = UUID()
        return self
    }
}

/// Outside tests the tenant row is read at most once a second per server: this server's own admin
/// writes evict it at once, another server's changes arrive when the entry expires.
@Suite("Tenant cache")
struct TenantCacheTests {
    @Test func ownAdminWritesAreSeenAtOnceOthersWithinTheLifetime() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            app.services.tenantCache = TenantCache(lifetime: 60)
            #expect(
                try await app.send(.GET, "api/v1/tenant", headers: salon.tenant.headers).json["name"] as? String == "Test salon")
            // Another server renames the tenant (straight into the database): not seen yet...
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.name = "Renamed elsewhere"
            try await tenant.update(on: app.db)
            #expect(
                try await app.send(.GET, "api/v1/tenant", headers: salon.tenant.headers).json["name"] as? String == "Test salon")
            // This server's own admin write is seen by the very next request.
            let patched = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["name": "Renamed here"])
            #expect(patched.status == .ok)
            #expect(
                try await app.send(.GET, "api/v1/tenant", headers: salon.tenant.headers).json["name"] as? String == "Renamed here"
            )
            // A catalog change through the admin API moves the catalog version the slots are keyed by.
            let closed = try await app.send(
                .POST, "api/v1/admin/closures", headers: salon.tenant.adminHeaders,
                json: ["startsAt": "2026-12-02T00:00", "endsAt": "2026-12-03T00:00", "reason": "Training"])
            #expect(closed.status == .created)
            let slots = try await app.send(
                .GET, "api/v1/slots?service=\(salon.service.id!)&from=2026-12-02&to=2026-12-02", headers: salon.tenant.headers)
            #expect((slots.json["slots"] as? [Any])?.isEmpty == true, "the closure is seen at once")
        }
    }

    @Test func aPortalChangeIsSeenAtOnceToo() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            app.services.tenantCache = TenantCache(lifetime: 60)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            #expect(!(try await app.page("/t/salon/").body.string.contains("Hot towel shave")))
            let added = try await app.postForm(
                "/t/salon/admin/services/new",
                [
                    ("name", "Hot towel shave"), ("durationMinutes", "30"), ("price", "20"), ("bufferBeforeMinutes", "0"),
                    ("bufferAfterMinutes", "0"), ("staff[]", salon.alex.id!.uuidString), ("active", "yes"),
                ], headers: owner)
            #expect(added.status == .seeOther)
            #expect(try await app.page("/t/salon/").body.string.contains("Hot towel shave"), "the home page shows it at once")
        }
    }

    @Test func anEntryIsReadAgainOnceItHasLivedItsTime() async throws {
        let loads = Locked(0)
        let context = try TenantContext(
            Tenant(slug: "s", name: "S", kind: .appointments, timezone: "UTC", contactEmail: "s@example.com").withID())
        let load: @Sendable () async throws -> TenantContext? = {
            loads.withLock { $0 += 1 }
            return context
        }
        let lasting = TenantCache(lifetime: 60)
        _ = try await lasting.context(slug: "s", load: load)
        _ = try await lasting.context(slug: "s", load: load)
        #expect(loads.value == 1)
        let brief = TenantCache(lifetime: 0.05)
        _ = try await brief.context(slug: "s", load: load)
        try await Task.sleep(for: .milliseconds(200))
        _ = try await brief.context(slug: "s", load: load)
        #expect(loads.value == 3, "read again after its lifetime")
        let off = TenantCache(lifetime: 0)
        _ = try await off.context(slug: "s", load: load)
        _ = try await off.context(slug: "s", load: load)
        #expect(loads.value == 5, "lifetime 0 reads every time")
    }

    /// A request that finds the row expired is answered with it while one read brings the new one,
    /// instead of waiting for that read (KeptPerTenantTests checks the lifetimes on a test clock).
    @Test(.timeLimit(.minutes(1))) func anExpiredEntryIsAnsweredWhileItIsReadAgain() async throws {
        let renamed = Locked(false)
        let load: @Sendable () async throws -> TenantContext? = {
            try TenantContext(
                Tenant(
                    slug: "s", name: renamed.value ? "Renamed" : "S", kind: .appointments, timezone: "UTC",
                    contactEmail: "s@example.com"
                ).withID())
        }
        let clock = KeptPerTenantTests.TestClock()
        let cache = TenantCache(lifetime: 10, clock: clock.nanoseconds)
        #expect(cache.cached(slug: "s", refresh: load) == nil, "nothing kept yet")
        #expect(try await cache.context(slug: "s", load: load)?.name == "S")
        renamed.withLock { $0 = true }
        clock.set(12)
        #expect(cache.cached(slug: "s", refresh: load)?.name == "S", "expired: answered while it is read again")
        while cache.cached(slug: "s", refresh: load)?.name != "Renamed" { await Task.yield() }
        clock.set(12 + 25)
        #expect(cache.cached(slug: "s", refresh: load) == nil, "more than a lifetime past: waits for a read")
        #expect(try await cache.context(slug: "s", load: load)?.name == "Renamed")
    }

    @Test func anUnknownTenantIsNeverCached() async throws {
        try await withTestApp { app in
            app.services.tenantCache = TenantCache(lifetime: 60)
            #expect(try await app.send(.GET, "api/v1/tenant", headers: ["X-Tenant": "later"]).status == .notFound)
            _ = try await Factory.tenant(app, slug: "later")
            #expect(try await app.send(.GET, "api/v1/tenant", headers: ["X-Tenant": "later"]).status == .ok)
        }
    }
}
