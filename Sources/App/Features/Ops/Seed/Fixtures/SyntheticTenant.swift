import Fluent
import Foundation
import SQLKit
import Scheduling

/// A large, realistic tenant for benchmarks: 10 staff, 20 services, 2,000 bookings and 10 closures
/// within the next 30 days. Deterministic (seeded), so runs are comparable.
enum SyntheticTenant {
    struct Built {
        let tenant: TenantContext
        let sharedService: Service
        let from: LocalDate
        let to: LocalDate
        let bookings: Int
    }

    static func build(on db: any Database, storage: any Storage, now: Date, slug: String = "bench") async throws -> Built {
        var rng = BenchRandom(seed: 42)
        let created = try await TenantProvisioning.create(
            .init(slug: slug, name: "Benchmark Salon", timezone: "Europe/London"), on: db)
        let tenant = try await Tenant.find(created.tenantID, on: db)!
        tenant.minNoticeMinutes = 0
        tenant.maxAdvanceDays = 365
        try await tenant.update(on: db)
        let tenantID = created.tenantID
        let zone = tenant.timeZone

        var services: [Service] = []
        for index in 0..<20 {
            let service = Service(
                tenantID: tenantID, name: "Service \(index)", durationMinutes: [15, 30, 45, 60, 90, 120][index % 6],
                priceCents: 1000 + index * 250, bufferBeforeMinutes: index % 3 == 0 ? 5 : 0,
                bufferAfterMinutes: index % 2 == 0 ? 10 : 0)
            try await service.create(on: db)
            services.append(service)
        }
        let split = [WallTimeRange("09:00", "12:30")!, WallTimeRange("13:30", "19:00")!]
        var staff: [Staff] = []
        for index in 0..<10 {
            let member = Staff(tenantID: tenantID, name: "Stylist \(index)")
            try await member.create(on: db)
            staff.append(member)
            // Service 0 is performed by everyone (the "any staff" query); the rest by half the team.
            let performed =
                [services[0]] + services.dropFirst().enumerated().filter { ($0.offset + index) % 2 == 0 }.map(\.element)
            try await CatalogQueries.replaceLinks(
                staffID: member.requireID(), with: performed.map { $0.id! }, on: db, tenant: tenantID)
            var days: [Weekday: [WallTimeRange]] = [:]
            for day in Weekday.allCases where day != .sunday && day != Weekday.allCases[index % 6] { days[day] = split }
            try await WeeklyHoursPayload.store(try WeeklyHours(days), staffID: member.requireID(), on: db, tenant: tenantID)
        }

        let today = zone.wallClock(at: now).date
        let from = today.adding(days: 1), to = from.adding(days: 29)
        let midnight = WallTime(minutes: 0)!
        for index in 0..<10 {
            let day = from.adding(days: 2 + index * 3)
            let closure =
                index < 5
                ? ClosureService.make(
                    tenantID: tenantID, staffID: nil, from: .init(date: day, time: WallTime("14:00")!),
                    to: .init(date: day, time: WallTime("17:00")!), zone: zone, reason: "Training")
                : ClosureService.make(
                    tenantID: tenantID, staffID: staff[index].id, from: .init(date: day, time: midnight),
                    to: .init(date: day.adding(days: 1), time: midnight), zone: zone, reason: "Day off")
            try await closure.create(on: db)
        }

        let client = Client(tenantID: tenantID, name: "Bench Client", email: "bench@example.com")
        try await client.create(on: db)
        // 2,000 bookings: walk each staff member's days, placing appointments with random gaps.
        var bookings: [Booking] = []
        outer: for dayOffset in 0..<30 {
            for member in staff {
                let date = from.adding(days: dayOffset)
                var cursor = LocalDateTime(date: date, time: WallTime("09:00")!).instant(in: zone)
                let end = LocalDateTime(date: date, time: WallTime("19:00")!).instant(in: zone)
                for _ in 0..<rng.int(7..<11) {
                    let service = services[rng.int(0..<services.count)]
                    let start = cursor.addingTimeInterval(
                        TimeInterval(rng.int(0..<3) * 15 * 60 + service.bufferBeforeMinutes * 60))
                    let blocked = service.timing.blocked(startingAt: start)
                    guard blocked.end <= end else { break }
                    bookings.append(
                        Booking(
                            tenantID: tenantID, serviceID: service.id!, staffID: member.id!, clientID: client.id!,
                            startsAt: start, endsAt: service.timing.appointment(startingAt: start).end,
                            blockedFrom: blocked.start, blockedUntil: blocked.end, status: .confirmed, notes: "",
                            manageTokenHash: Secrets.sha256Hex("bench-\(bookings.count)"), contact: client.contact))
                    cursor = blocked.end
                    if bookings.count == 2000 { break outer }
                }
            }
        }
        let rows = bookings
        for booking in rows {
            booking.id = UUID()
            booking.createdAt = now
            booking.updatedAt = now
        }
        // In batches of 500 rows (one statement each): creating 2,000 models one by one made
        // `seed --bench-tenants 200` take minutes.
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
            for start in stride(from: 0, to: rows.count, by: 500) {
                try await Booking.insertColumns.insert(Array(rows[start..<min(start + 500, rows.count)]), on: sql).run()
            }
        }
        return Built(
            tenant: try await storage.tenants(db).find(id: tenantID)!, sharedService: services[0], from: from, to: to,
            bookings: rows.count)
    }
}
