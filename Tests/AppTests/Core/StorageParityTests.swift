import Fluent
import Foundation
import Scheduling
import Testing
import VaporTesting

@testable import App

/// The SQLite and PostgreSQL repositories behave alike: the same cases run through each backend's
/// `Storage` (a SQLite app always, a PostgreSQL app too when `TEST_DATABASE_URL` is set), and the
/// rows they leave, read back as plain text without ids, must be the same.
@Suite("Storage parity")
struct StorageParityTests {
    @Test func bothBackendsLeaveTheSameRows() async throws {
        let results = try await withEachBackend { app in try await Self.run(app) }
        let first = try #require(results.first)
        // What must hold on every backend, whatever the other says.
        #expect(first.clients == ["Ana Silva ana@example.com +447700900123 false", "Ben Jones ben@example.com - false"])
        #expect(first.sameClientForSameEmail)
        #expect(first.bookings.count == 2 && first.bookings.allSatisfy { $0.contains("ana@example.com") })
        #expect(first.busy == ["Alex: 11:00-12:00", "Sam: -"])
        #expect(first.claimed == 8, "two bookings, a move and a cancellation, each told to the client and the business")
        #expect(first.settled.filter { $0.hasPrefix("sent") }.count == 1 && first.settled.contains { $0.hasPrefix("cancelled") })
        #expect(first.lockedKeys == 1)
        for (index, other) in results.enumerated().dropFirst() {
            #expect(other == first, "backend \(index) differs from SQLite")
        }
    }

    @Test func bothBackendsReadTheTimetableAlike() async throws {
        let results = try await withEachBackend { app -> [String] in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let other = try await Factory.tenant(app, slug: "other", kind: .sessions)
            let yoga = try await StudioFactory.session(app, tenant: studio, capacity: 3, start: "2026-12-02T18:30:00Z")
            let pilates = try await StudioFactory.session(app, tenant: studio, capacity: 1, start: "2026-12-03T09:00:00Z")
            pilates.title = "Pilates & Core"
            pilates.instructorID = try await Factory.staff(app, tenant: studio, name: "Kim", services: []).requireID()
            pilates.booked = 1
            pilates.status = .cancelled
            try await pilates.update(on: app.db)
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 2, start: "2026-12-05T09:00:00Z")
            _ = try await StudioFactory.session(app, tenant: other, capacity: 9, start: "2026-12-02T19:00:00Z")
            let timetable = app.services.storage.timetable(app.db)
            let from = try Date("2026-12-02T18:30:00Z", strategy: .iso8601)
            let before = try Date("2026-12-05T09:00:00Z", strategy: .iso8601)
            func line(_ row: SessionRow) -> String {
                "\(row.title) \(ISOTimestamp.string(from: row.startsAt))-\(ISOTimestamp.string(from: row.endsAt)) "
                    + "\(row.booked)/\(row.capacity) \(row.priceCents) \(row.currency) \(row.status) \(row.location) "
                    + "\(row.instructorID == nil ? "-" : "instructor")"
            }
            var lines = try await timetable.list(tenant: studio.id, from: from, before: before, status: nil, limit: nil).map(line)
            lines += try await timetable.list(tenant: studio.id, from: from, before: before, status: .scheduled, limit: nil).map(
                line)
            lines += try await timetable.list(
                tenant: studio.id, from: from, before: before.addingTimeInterval(1), status: nil, limit: 1
            )
            .map(line)
            lines.append(try await timetable.find(yoga.requireID(), tenant: studio.id).map(line) ?? "none")
            lines.append(try await timetable.find(yoga.requireID(), tenant: other.id).map(line) ?? "none")
            #expect(try await timetable.find(yoga.requireID(), tenant: studio.id)?.id == yoga.id)
            return lines
        }
        let first = try #require(results.first)
        #expect(
            first == [
                "Yoga 2026-12-02T18:30:00Z-2026-12-02T19:30:00Z 0/3 1200 GBP scheduled Studio 1 -",
                "Pilates & Core 2026-12-03T09:00:00Z-2026-12-03T10:00:00Z 1/1 1200 GBP cancelled Studio 1 instructor",
                "Yoga 2026-12-02T18:30:00Z-2026-12-02T19:30:00Z 0/3 1200 GBP scheduled Studio 1 -",
                "Yoga 2026-12-02T18:30:00Z-2026-12-02T19:30:00Z 0/3 1200 GBP scheduled Studio 1 -",
                "Yoga 2026-12-02T18:30:00Z-2026-12-02T19:30:00Z 0/3 1200 GBP scheduled Studio 1 -",
                "none",
            ], "the range includes its start and excludes its end, within the tenant")
        for (index, other) in results.enumerated().dropFirst() {
            #expect(other == first, "backend \(index) differs from SQLite")
        }
    }

    /// What a backend left, with ids and tokens taken out.
    struct Snapshot: Equatable, Sendable {
        var tenant: [String] = []
        var clients: [String] = []
        var sameClientForSameEmail = false
        var bookings: [String] = []
        var outbox: [String] = []
        var busy: [String] = []
        var claimed = 0
        var settled: [String] = []
        var lockedKeys = 0
    }

    static func run(_ app: Application) async throws -> Snapshot {
        let salon = try await Salon.make(app)
        let storage = app.services.storage
        var snapshot = Snapshot()

        // Tenants: by slug and by id, the same context.
        let bySlug = try #require(try await storage.tenants(app.db).find(slug: salon.tenant.slug))
        let byID = try #require(try await storage.tenants(app.db).find(id: salon.tenant.id))
        #expect(bySlug == byID)
        #expect(try await storage.tenants(app.db).find(slug: "nobody") == nil)
        snapshot.tenant = [
            bySlug.slug, bySlug.name, bySlug.kind.rawValue, bySlug.timezone, "\(bySlug.policy)", "\(bySlug.catalogVersion)",
        ]

        // Clients: an email already known keeps its client; a new one makes another.
        let clients = storage.clients(app.db)
        let ana = ContactDetails(name: "Ana Silva", email: "ana@example.com", phone: "+447700900123", smsOptIn: false)
        let first = try await clients.upsert(ana, tenant: salon.tenant.id, now: testNow)
        let again = try await clients.upsert(
            ContactDetails(name: "Someone Else", email: "ana@example.com", phone: nil, smsOptIn: true), tenant: salon.tenant.id,
            now: testNow)
        let ben = try await clients.upsert(
            ContactDetails(name: "Ben Jones", email: "ben@example.com", phone: nil, smsOptIn: false), tenant: salon.tenant.id,
            now: testNow)
        snapshot.sameClientForSameEmail = first == again && first != ben
        snapshot.clients = try await App.Client.query(on: app.db).all()
            .map { "\($0.name) \($0.email) \($0.phone ?? "-") \($0.smsOptIn)" }.sorted()

        // Bookings: two made, one moved, one cancelled, through the booking repository.
        let scope = try await TenantScope.testing(app, tenant: salon.tenant.id)
        let at = { (text: String) in try Date("2026-12-01T\(text):00Z", strategy: .iso8601) }
        func book(_ staff: Staff?, _ time: String) async throws -> BookingService.Created {
            try await scope.bookings.create(
                BookAppointment(service: salon.service.id!, staff: staff?.id, start: try at(time), client: ana, notes: "  "),
                mode: .online)
        }
        let moved = try await book(salon.alex, "10:00")
        let cancelled = try await book(nil, "10:00")
        _ = try await scope.bookings.reschedule(
            RescheduleBooking(id: try moved.booking.requireID(), token: moved.manageToken, start: try at("11:00")))
        _ = try await scope.bookings.cancel(id: try cancelled.booking.requireID(), token: cancelled.manageToken)
        let names = [salon.alex.id!: "Alex", salon.sam.id!: "Sam"]
        let bookings = try await Booking.query(on: app.db).all()
        let label = Dictionary(uniqueKeysWithValues: bookings.map { ($0.id!, $0.status.rawValue) })
        snapshot.bookings = bookings.map { booking in
            [
                names[booking.staffID] ?? "?", booking.status.rawValue, Self.time(booking.startsAt), Self.time(booking.endsAt),
                Self.time(booking.blockedFrom), Self.time(booking.blockedUntil), "notes:\(booking.notes)", booking.contactName,
                booking.contactEmail, booking.contactPhone ?? "-", "\(booking.contactSMSOptIn)", "\(booking.clientID == first)",
            ].joined(separator: " ")
        }.sorted()
        snapshot.outbox = try await OutboxMessage.query(on: app.db).all().map { message in
            [
                message.bookingID.flatMap { label[$0] } ?? "-", message.kind.rawValue, message.channel.rawValue,
                message.status.rawValue,
                "\(message.dueAt.timeIntervalSince1970)", message.details,
            ].joined(separator: " ")
        }.sorted()

        // Busy time: the moved booking holds Alex at its new time; the cancelled one holds nobody.
        let spans = try await storage.busyTime(app.db).spans(
            staff: [salon.alex.id!, salon.sam.id!], from: try at("00:00"), to: try at("23:00"), excluding: nil,
            tenant: salon.tenant.id)
        snapshot.busy = [(salon.alex, "Alex"), (salon.sam, "Sam")].map { staff, name in
            "\(name): "
                + (spans[staff.id!]?.map { "\(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: ", ") ?? "-")
        }

        // Outbox: claim what is due, then settle three ways.
        let outbox = storage.outbox(app.db)
        let claimed = try await outbox.claim(channels: [.email], limit: 10, now: testNow)
        snapshot.claimed = claimed.count
        #expect(try await outbox.claim(channels: [.email], limit: 10, now: testNow).isEmpty, "claimed rows are leased")
        if claimed.count >= 3 {
            try await outbox.markSent(try claimed[0].requireID(), now: testNow)
            try await outbox.markFailed(claimed[1], error: "550 5.1.1 refused", permanent: false, policy: .standard, now: testNow)
            try await outbox.markSkipped(try claimed[2].requireID(), reason: "no longer applies", now: testNow)
        }
        let settledIDs = Set(claimed.prefix(3).compactMap(\.id))
        snapshot.settled = try await OutboxMessage.query(on: app.db).all().filter { settledIDs.contains($0.id!) }.map { message in
            // A retry's due time carries jitter: only whether it moved later is compared.
            "\(message.status.rawValue) \(message.attempts) \(message.lastError ?? "-") later:\(message.dueAt > testNow)"
        }.sorted()

        // API keys: the tenant's one active key, counted under the lock.
        snapshot.lockedKeys = try await storage.write(on: app.db) { db in
            try await storage.apiKeys(db).lockActiveKeyIDs(tenant: salon.tenant.id).count
        }
        return snapshot
    }

    static func time(_ date: Date) -> String { ISOTimestamp.string(from: date) }

    static func clock(_ date: Date) -> String {
        let wall = TimeZone(identifier: "Europe/London")!.wallClock(at: date).time
        return wall.description
    }
}

/// Runs `body` on a fresh SQLite app, then, when `TEST_DATABASE_URL` is set, on a fresh PostgreSQL
/// app; returns the results in that order.
func withEachBackend<T>(_ body: (Application) async throws -> T) async throws -> [T] {
    var results: [T] = []
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-parity-\(UUID().uuidString).sqlite").path
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    try await withTestApp(config: { $0.database = .sqliteFile(path: path) }) { app in results.append(try await body(app)) }
    if TestDatabase.postgresURL != nil {
        try await withTestApp { app in results.append(try await body(app)) }
    }
    return results
}
