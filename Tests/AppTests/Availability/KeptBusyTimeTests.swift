import Fluent
import Foundation
import Scheduling
import Testing
import VaporTesting

@testable import App

/// Outside tests the free times shown (`GET /slots`, the day page) come from each tenant's busy time
/// read at most once a second per server: it must say exactly what the database would say for any
/// window it covers, this server's own bookings must show at once, and nothing shown may let a time
/// be sold twice.
@Suite("Busy time kept")
struct KeptBusyTimeTests {
    /// For every window inside its range, a snapshot gives what the repository reads for that
    /// window: the same spans, in the same order, for each staff member.
    @Test func aSnapshotAnswersWhatTheDatabaseWouldForAnyWindowItCovers() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let long = try await Factory.service(app, tenant: t, minutes: 240, before: 60, after: 120)
            let team = [
                try await Factory.staff(app, tenant: t, name: "Alex", services: [long]),
                try await Factory.staff(app, tenant: t, name: "Sam", services: [long]),
                try await Factory.staff(app, tenant: t, name: "Jo", services: [long]),
            ]
            let client = try await Factory.client(app, tenant: t)
            var rng = SystemRandomNumberGenerator()
            let origin = testNow.addingTimeInterval(-4 * 86_400)
            // 150 bookings of whole minutes over 40 days, some overlapping the range's edges, some
            // no longer holding time.
            for index in 0..<150 {
                let start = origin.addingTimeInterval(TimeInterval(Int.random(in: 0..<(40 * 1440), using: &rng) * 60))
                let minutes = Int.random(in: 15...ServiceTiming.maxBlockedMinutes, using: &rng)
                let status: BookingStatus = [.confirmed, .confirmed, .pending, .cancelled, .completed][index % 5]
                let booking = try Factory.booking(
                    tenant: t, service: long, staff: team[index % 3], client: client, start: start,
                    end: start.addingTimeInterval(TimeInterval(minutes * 60)), status: status)
                booking.id = UUID()
                // Overlapping bookings of one staff member are refused by PostgreSQL's constraint: skip them.
                do { try await booking.create(on: app.db) } catch { continue }
            }
            let busyTime = app.services.storage.busyTime(app.db)
            let ids = team.map { $0.id! }
            let range = KeptBusyTime.range(now: testNow, maxAdvanceDays: 30)
            let snapshot = KeptBusyTime.Snapshot(
                range: range, staff: Set(ids),
                spans: try await busyTime.spans(
                    staff: ids, from: range.lowerBound, to: range.upperBound, excluding: nil, tenant: t.id))
            #expect(snapshot.spans.values.map(\.count).reduce(0, +) > 20)

            for _ in 0..<60 {
                let from = range.lowerBound.addingTimeInterval(TimeInterval(Int.random(in: 0..<(30 * 96), using: &rng) * 900))
                let to = min(
                    range.upperBound, from.addingTimeInterval(TimeInterval(Int.random(in: 1...(10 * 96), using: &rng) * 900)))
                let staff = Array(ids.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
                let kept = try #require(snapshot.spans(staff: staff, from: from, to: to))
                let read = try await busyTime.spans(staff: staff, from: from, to: to, excluding: nil, tenant: t.id)
                #expect(kept == read, "window \(from)..<\(to)")
            }
            // A window reaching outside the range, or a staff member not read, is not answered.
            #expect(snapshot.spans(staff: ids, from: range.lowerBound - 1, to: range.upperBound) == nil)
            #expect(snapshot.spans(staff: ids, from: range.lowerBound, to: range.upperBound + 1) == nil)
            #expect(snapshot.spans(staff: [UUID()], from: range.lowerBound, to: range.upperBound) == nil)
        }
    }

    @Test func ownBookingsShowAtOnceOthersWithinTheLifetimeAndNoTimeIsSoldTwice() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            app.services.keptBusyTime = KeptBusyTime(lifetime: 60)
            let headers = salon.tenant.headers
            let alexSlots = "api/v1/slots?service=\(salon.service.id!)&staff=\(salon.alex.id!)&from=2026-12-01&to=2026-12-01"
            let dayPage = "t/salon/book?service=\(salon.service.id!)&staff=\(salon.alex.id!)&date=2026-12-01"
            func offered() async throws -> [String] {
                let res = try await app.send(.GET, alexSlots, headers: headers)
                #expect(res.status == .ok)
                return (res.json["slots"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
            }
            #expect(try await offered().contains("2026-12-01T10:00:00Z"))
            #expect(try await app.page(dayPage).main.contains("10:00"))
            #expect(app.services.keptBusyTime.keptCount == 1)

            // Another server books Alex at 10:00 (straight into the database): still shown here...
            let client = try await Factory.client(app, tenant: salon.tenant)
            let ten = try Date("2026-12-01T10:00:00Z", strategy: .iso8601)
            try await Factory.booking(
                tenant: salon.tenant, service: salon.service, staff: salon.alex, client: client, start: ten,
                end: ten + 3600
            ).create(on: app.db)
            #expect(try await offered().contains("2026-12-01T10:00:00Z"))
            #expect(try await app.page(dayPage).main.contains("10:00"))

            // ...but never sold: booking it is refused, as a time taken meanwhile.
            let refused = try await app.send(
                .POST, "api/v1/bookings", headers: headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex, email: "bo@example.com"))
            #expect(refused.status == .conflict)

            // This server's requests that may write evict what was kept, whatever they answered:
            // the next read sees the other server's booking.
            #expect(try await !offered().contains("2026-12-01T10:00:00Z"))
            #expect(try await !app.page(dayPage).main.contains("10:00"))

            // This server's own booking is seen by the very next request.
            let booked = try await app.send(
                .POST, "api/v1/bookings", headers: headers,
                json: salon.bookingBody(start: "2026-12-01T13:00:00Z", staff: salon.alex, email: "cy@example.com"))
            #expect(booked.status == .created)
            let after = try await offered()
            #expect(!after.contains("2026-12-01T13:00:00Z") && !after.contains("2026-12-01T12:30:00Z"))
            #expect(after.contains("2026-12-01T14:00:00Z"))
        }
    }

    /// A window the kept busy time does not cover (a day past every service's booking window, asked
    /// through the API) is read afresh rather than shown from a snapshot.
    @Test func aWindowOutsideTheKeptRangeIsReadAfresh() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            app.services.keptBusyTime = KeptBusyTime(lifetime: 60)
            let client = try await Factory.client(app, tenant: salon.tenant)
            // Yesterday's slots are past, so none are offered anyway; a snapshot is kept from a
            // covered question first, then an uncovered one must not be cut from it.
            let covered = try await app.send(
                .GET, "api/v1/slots?service=\(salon.service.id!)&staff=\(salon.alex.id!)&from=2026-12-01&to=2026-12-01",
                headers: salon.tenant.headers)
            #expect(covered.status == .ok)
            let farDay = testNow.addingTimeInterval(90 * 86_400)
            let range = KeptBusyTime.range(now: testNow, maxAdvanceDays: 60)
            #expect(!range.contains(farDay))
            try await Factory.booking(
                tenant: salon.tenant, service: salon.service, staff: salon.alex, client: client, start: farDay,
                end: farDay + 3600
            ).create(on: app.db)
            let tenant = try #require(try await app.services.storage.tenants(app.db).find(id: salon.tenant.id))
            let scope = TenantScope(tenant: tenant, now: testNow, db: app.db, siteBase: "", services: app.services)
            let day = tenant.timeZone.wallClock(at: farDay).date
            let request = try #require(
                try await scope.availability.request(
                    for: .init(serviceID: salon.service.id!, staffID: salon.alex.id!, from: day, to: day), showingOnly: true))
            #expect(request.staff.first?.busy.map(\.start) == [farDay])
        }
    }
}
