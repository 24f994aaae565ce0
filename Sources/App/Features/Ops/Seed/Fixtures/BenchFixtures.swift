import Fluent
import Foundation
import Scheduling
import Vapor

/// The data the benchmarks (`BookingBench`) measure against, built with the app's own models and
/// services. `package` access: the benchmark target may use it, nothing outside this package can.
package enum BenchFixtures {
    /// The synthetic salon of `bench slots` (see `SyntheticTenant`).
    package struct SlotsTenant: Sendable {
        package let slug: String
        package let serviceID: UUID
        /// Local dates, inclusive, as `YYYY-MM-DD`.
        package let from: String
        package let to: String
        package let bookings: Int
        fileprivate let query: AvailabilityService.Query
        fileprivate let tenant: TenantContext
    }

    package static func slotsTenant(on app: Application, now: Date) async throws -> SlotsTenant {
        let built = try await SyntheticTenant.build(on: app.db, storage: app.services.storage, now: now)
        let serviceID = try built.sharedService.requireID()
        return SlotsTenant(
            slug: built.tenant.slug, serviceID: serviceID, from: built.from.description, to: built.to.description,
            bookings: built.bookings, query: .init(serviceID: serviceID, staffID: nil, from: built.from, to: built.to),
            tenant: built.tenant)
    }

    /// `count` synthetic salons, `bench-1` to `bench-<count>` (see `SyntheticTenant`), for the
    /// many-tenant mix of `scripts/wrk-mix.sh`, so caches see many keys. A tenant that exists
    /// already is kept. Returns the slugs.
    package static func manyTenants(count: Int, on app: Application, now: Date) async throws -> [String] {
        var slugs: [String] = []
        for index in 1...max(1, count) {
            let slug = "bench-\(index)"
            slugs.append(slug)
            if try await app.services.storage.tenants(app.db).find(slug: slug) != nil { continue }
            _ = try await SyntheticTenant.build(on: app.db, storage: app.services.storage, now: now, slug: slug)
        }
        return slugs
    }

    /// What `GET /slots` hands the engine for the tenant's 30 days (catalog snapshot + busy time).
    package static func availabilityRequest(_ tenant: SlotsTenant, on app: Application, now: Date) async throws
        -> AvailabilityRequest
    {
        guard
            let request = try await app.services.availability(tenant: tenant.tenant, now: now, on: app.db).request(
                for: tenant.query)
        else { throw Abort(.internalServerError, reason: "benchmark tenant has no staff for the service") }
        return request
    }

    /// A salon of `bench bookings`.
    package struct BookingSalon: Sendable {
        package let slug: String
        package let serviceID: UUID
        /// Every free (start, staff) pair of the next 60 days, the start as ISO 8601.
        package let freePairs: [(start: String, staff: UUID)]
    }

    /// A salon open every day 08:00-20:00 with 20 staff and a 30-minute service, and every free
    /// (start, staff) pair of the next 60 days, computed by the engine.
    package static func bookingSalon(on app: Application, now: Date, notifications: Bool) async throws -> BookingSalon {
        let db = app.db
        let slug = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await TenantProvisioning.create(
            .init(slug: slug, name: "Booking Benchmark", timezone: "Europe/London"), on: db)
        let tenant = try await Tenant.find(created.tenantID, on: db)!
        tenant.minNoticeMinutes = 0
        tenant.maxAdvanceDays = 365
        tenant.emailEnabled = notifications
        try await tenant.update(on: db)
        let service = Service(tenantID: created.tenantID, name: "Quick cut", durationMinutes: 30, priceCents: 2000)
        try await service.create(on: db)
        let hours = try WeeklyHours(
            Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [WallTimeRange("08:00", "20:00")!]) }))
        for index in 0..<20 {
            let member = Staff(tenantID: created.tenantID, name: "Stylist \(index)")
            try await member.create(on: db)
            try await CatalogQueries.replaceLinks(
                staffID: member.requireID(), with: [service.requireID()], on: db, tenant: created.tenantID)
            try await WeeklyHoursPayload.store(hours, staffID: member.requireID(), on: db, tenant: created.tenantID)
        }
        service.slotIntervalMinutes = 30
        try await service.update(on: db)
        let context = try TenantContext(tenant)
        let today = context.timeZone.wallClock(at: now).date
        let query = AvailabilityService.Query(
            serviceID: try service.requireID(), staffID: nil, from: today.adding(days: 1), to: today.adding(days: 60))
        let slots = try await app.services.availability(tenant: context, now: now, on: db).slots(query)
        return BookingSalon(
            slug: slug, serviceID: try service.requireID(),
            freePairs: slots.flatMap { slot in slot.staff.map { (ISOTimestamp.string(from: slot.start), $0) } })
    }

    /// How many bookings the database holds.
    package static func storedBookings(on app: Application) async throws -> Int {
        try await Booking.query(on: app.db).count()
    }
}
