import Fluent
import Foundation
import Scheduling
import Testing
import VaporTesting

@testable import App

/// `BusyTime.load` (a prepared statement on PostgreSQL, plain SQL on SQLite) must see every active
/// booking overlapping the window, however long it is, and nothing else.
@Suite("Busy time")
struct BusyTimeTests {
    @Test func sqliteSpanListsAreParsedValueByValueAndBadValuesSkipped() {
        func seconds(_ spans: [Span]) -> [String] {
            spans.map { "\(Int($0.start.timeIntervalSince1970)):\(Int($0.end.timeIntervalSince1970))" }
        }
        func packed(_ from: Int, _ until: Int) -> String { String(from * SQLiteBusyTimeRepository.packingFactor + until - from) }
        #expect(
            seconds(
                SQLiteBusyTimeRepository.parse(packed(1_764_748_800, 1_764_752_400) + "," + packed(1_764_756_000, 1_764_759_600)))
                == ["1764748800:1764752400", "1764756000:1764759600"])
        #expect(SQLiteBusyTimeRepository.parse("").isEmpty)
        #expect(
            seconds(
                SQLiteBusyTimeRepository.parse(
                    [packed(10, 20), "x", packed(7, 7), "1:2", "-5", "", "99999999999999999999", packed(30, 40)].joined(
                        separator: ",")))
                == ["10:20", "30:40"],
            "not a whole number, an empty span, or an overflow: skipped")
        // The longest span a booking can block fits the length's bits with room to spare.
        #expect(ServiceTiming.maxBlockedMinutes * 60 * 100 < SQLiteBusyTimeRepository.packingFactor)
    }

    @Test func seesTheLongestBookingFromTheDayBeforeAndOnlyOverlappingActiveOnes() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            // The longest span a service may block: 720 minutes plus two 240-minute buffers.
            let long = try await Factory.service(
                app, tenant: t, minutes: ServiceTiming.durationRange.upperBound, before: ServiceTiming.bufferRange.upperBound,
                after: ServiceTiming.bufferRange.upperBound)
            let alex = try await Factory.staff(app, tenant: t, name: "Alex", services: [long])
            let sam = try await Factory.staff(app, tenant: t, name: "Sam", services: [long])
            let idle = try await Factory.staff(app, tenant: t, name: "Jo", services: [long])
            let client = try await Factory.client(app, tenant: t)

            let blockedFrom = try Date("2026-12-01T04:00:00Z", strategy: .iso8601)
            let blockedUntil = blockedFrom + TimeInterval(ServiceTiming.maxBlockedMinutes * 60)  // 2026-12-02T00:00Z
            func book(_ staff: Staff, from: Date, until: Date, status: BookingStatus = .confirmed) async throws -> UUID {
                let booking = try Factory.booking(
                    tenant: t, service: long, staff: staff, client: client, start: from, end: until, status: status)
                try await booking.create(on: app.db)
                return try booking.requireID()
            }
            let longOne = try await book(alex, from: blockedFrom, until: blockedUntil)
            let later = try await book(alex, from: blockedUntil + 3600, until: blockedUntil + 7200)
            _ = try await book(sam, from: blockedUntil - 1800, until: blockedUntil, status: .cancelled)
            let samActive = try await book(sam, from: blockedUntil + 600, until: blockedUntil + 1200)
            _ = samActive

            func load(from: Date, to: Date, excluding: UUID? = nil) async throws -> [UUID: [Span]] {
                try await app.services.storage.busyTime(app.db).spans(
                    staff: [alex.id!, sam.id!, idle.id!], from: from, to: to, excluding: excluding, tenant: t.id)
            }
            // A window starting one minute before the long booking ends still sees it (it started 20 hours earlier).
            let lastMinute = try await load(from: blockedUntil - 60, to: blockedUntil + 86_400)
            #expect(lastMinute[alex.id!]?.map(\.start) == [blockedFrom, blockedUntil + 3600])
            #expect(lastMinute[sam.id!]?.map(\.start) == [blockedUntil + 600])  // the cancelled one is free time
            #expect(lastMinute[idle.id!] == nil)
            // A window starting when it ends does not; nor one ending before the next booking starts.
            let after = try await load(from: blockedUntil, to: blockedUntil + 3600)
            #expect(after[alex.id!] == nil)
            // The booking being rescheduled is left out.
            let excluding = try await load(from: blockedFrom, to: blockedUntil + 86_400, excluding: longOne)
            #expect(excluding[alex.id!]?.map(\.start) == [blockedUntil + 3600])
            #expect(try await load(from: blockedFrom, to: blockedUntil + 86_400, excluding: later)[alex.id!]?.count == 1)
        }
    }
}
