import Fluent
import Foundation
import SQLKit
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
        let tenant: TenantContext
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
    /// `existingBookings` fills the salon's later days (from day 61, past the free pairs) with that
    /// many confirmed bookings of 500 clients: issue 25's "database already holding 100,000 bookings".
    /// Every table is then vacuumed and analysed, as autovacuum would long have done on a server
    /// holding them (`settle`).
    package static func bookingSalon(on app: Application, now: Date, notifications: Bool, existingBookings: Int = 0)
        async throws -> BookingSalon
    {
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
        var staffIDs: [UUID] = []
        for index in 0..<20 {
            let member = Staff(tenantID: created.tenantID, name: "Stylist \(index)")
            try await member.create(on: db)
            staffIDs.append(try member.requireID())
            try await CatalogQueries.replaceLinks(
                staffID: member.requireID(), with: [service.requireID()], on: db, tenant: created.tenantID)
            try await WeeklyHoursPayload.store(hours, staffID: member.requireID(), on: db, tenant: created.tenantID)
        }
        service.slotIntervalMinutes = 30
        try await service.update(on: db)
        let context = try TenantContext(tenant)
        let today = context.timeZone.wallClock(at: now).date
        if existingBookings > 0 {
            try await fillHistory(
                count: existingBookings, tenant: context, service: service, staff: staffIDs, firstDay: today.adding(days: 61),
                on: app)
        }
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let holdingRows = try await DatabaseInventory.rowCounts(on: sql).filter { $0.value > 0 }.keys.sorted()
        try await settle(tables: holdingRows, on: sql, logger: app.logger)
        let query = AvailabilityService.Query(
            serviceID: try service.requireID(), staffID: nil, from: today.adding(days: 1), to: today.adding(days: 60))
        let slots = try await app.services.availability(tenant: context, now: now, on: db).slots(query)
        return BookingSalon(
            slug: slug, serviceID: try service.requireID(),
            freePairs: slots.flatMap { slot in slot.staff.map { (ISOTimestamp.string(from: slot.start), $0) } })
    }

    /// `count` confirmed half-hour bookings, every staff member's day filled 08:00-20:00 from
    /// `firstDay` on, written in batches of 500 rows.
    private static func fillHistory(
        count: Int, tenant: TenantContext, service: Service, staff: [UUID], firstDay: LocalDate, on app: Application
    ) async throws {
        let db = app.db
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        var clients: [Client] = []
        for index in 0..<500 {
            let client = Client(tenantID: tenant.id, name: "History Client \(index)", email: "h\(index)@bench.example")
            try await client.create(on: db)
            clients.append(client)
        }
        let zone = tenant.timeZone
        var batch: [Booking] = []
        var made = 0
        var day = firstDay
        while made < count {
            for member in staff {
                for slot in 0..<24 where made < count {
                    let start = LocalDateTime(date: day, time: WallTime(minutes: 8 * 60 + slot * 30)!).instant(in: zone)
                    let end = start.addingTimeInterval(30 * 60)
                    let client = clients[made % clients.count]
                    let booking = Booking(
                        tenantID: tenant.id, serviceID: try service.requireID(), staffID: member,
                        clientID: try client.requireID(),
                        startsAt: start, endsAt: end, blockedFrom: start, blockedUntil: end, status: .confirmed, notes: "",
                        manageTokenHash: Secrets.sha256Hex("history-\(tenant.id)-\(made)"), contact: client.contact)
                    booking.id = UUID()
                    booking.createdAt = app.clock.now()
                    booking.updatedAt = booking.createdAt
                    batch.append(booking)
                    made += 1
                    if batch.count == 500 {
                        try await Booking.insertColumns.insert(batch, on: sql).run()
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            }
            day = day.adding(days: 1)
        }
        if !batch.isEmpty { try await Booking.insertColumns.insert(batch, on: sql).run() }
    }

    /// Leaves a freshly set-up database the way a server that has held the rows for a while has it,
    /// so a benchmark measures the load and not the aftermath of its own set-up. Only tables that
    /// hold rows: an empty table that has been analysed is planned as empty, and a prepared
    /// statement's generic plan made then scans it sequentially however large it grows until the next
    /// `ANALYZE` (bookings fell to 350 a second within ten seconds); a table never analysed is assumed
    /// to have some size and gets index plans, as on a new server. On PostgreSQL:
    /// `VACUUM (ANALYZE)` (autovacuum would otherwise scan the whole table, setting its visibility map
    /// and scanning its GiST index, minutes later in the middle of the run: issue 25 measured p99 57 ms
    /// in that second) and a `CHECKPOINT` (the load's WAL would otherwise start a checkpoint that runs
    /// through the measured seconds). On SQLite: `ANALYZE`.
    /// `CHECKPOINT` needs a superuser or the `pg_checkpoint` role; without them the run goes on, with a warning.
    private static func settle(tables: [String], on sql: any SQLDatabase, logger: Logger) async throws {
        if sql.dialect.name == "postgresql" {
            for table in tables { try await sql.raw("VACUUM (ANALYZE) \(ident: table)").run() }
            do {
                try await sql.raw("CHECKPOINT").run()
            } catch {
                logger.warning(
                    "No CHECKPOINT after the bulk load (needs the pg_checkpoint role): the measured seconds may include it. \(String(reflecting: error))"
                )
            }
        } else {
            for table in tables { try await sql.raw("ANALYZE \(ident: table)").run() }
        }
    }

    /// How many bookings the database holds.
    package static func storedBookings(on app: Application) async throws -> Int {
        try await Booking.query(on: app.db).count()
    }
}
