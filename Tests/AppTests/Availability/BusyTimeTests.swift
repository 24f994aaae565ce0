import Fluent
import Foundation
import SQLKit
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

    /// Both databases' reads leave the order to `BusySpans.sorted`, which puts each staff member's
    /// spans in (start, end) order whatever order they arrive in.
    @Test func spansAreSortedByStartThenEnd() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func span(_ from: Int, _ until: Int) -> Span { Span(start: t0 + TimeInterval(from), end: t0 + TimeInterval(until))! }
        let sorted = [span(0, 60), span(0, 120), span(30, 40), span(300, 400)]
        #expect(BusySpans.sorted(sorted) == sorted)
        #expect(BusySpans.sorted([span(300, 400), span(0, 120), span(30, 40), span(0, 60)]) == sorted)
        #expect(BusySpans.sorted([]) == [])
    }

    /// With many bookings of many tenants, the prepared busy-time statement's generic plan (the one
    /// PostgreSQL keeps after five executions) reads the partial btree index of active spans, not the
    /// exclusion constraint's GiST index, which scanned each staff member's whole history
    /// (`IndexActiveBusySpans`, issue 24).
    @Test func theGenericPlanReadsTheActiveSpansIndex() async throws {
        try await withTestApp { app in
            guard app.db.isPostgres, let sql = app.db as? any SQLDatabase else { return }
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t, minutes: 30)
            let team = [
                try await Factory.staff(app, tenant: t, name: "Alex", services: [cut]),
                try await Factory.staff(app, tenant: t, name: "Sam", services: [cut]),
            ]
            let client = try await Factory.client(app, tenant: t)
            let start = try Date("2026-01-05T09:00:00Z", strategy: .iso8601)
            for staff in team {
                try await Factory.booking(tenant: t, service: cut, staff: staff, client: client, start: start, end: start + 1800)
                    .create(on: app.db)
            }
            // A year of half-hour bookings for each, some cancelled, copied from those two rows.
            let columns = try await sql.raw(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'bookings'"
            ).all().map { try $0.decode(column: "column_name", as: String.self) }
            let shifted = ["starts_at", "ends_at", "blocked_from", "blocked_until"]
            let values = columns.map { column in
                column == "id"
                    ? "gen_random_uuid()"
                    : column == "status"
                        ? "CASE WHEN i % 7 = 0 THEN 'cancelled' ELSE status END"
                        : column == "manage_token_hash"
                            ? "md5(random()::text)"
                            : shifted.contains(column) ? "\(column) + i * interval '2 hours'" : column
            }
            try await sql.raw(
                """
                INSERT INTO bookings (\(unsafeRaw: columns.joined(separator: ", ")))
                SELECT \(unsafeRaw: values.joined(separator: ", ")) FROM bookings, generate_series(1, 4000) AS i
                """
            ).run()
            try await sql.raw("ANALYZE bookings").run()
            let plan = try await app.db.withConnection { connection in
                let session = connection as! any SQLDatabase
                try await session.raw("SET plan_cache_mode = force_generic_plan").run()
                try await session.raw(
                    "PREPARE busy_spans(uuid, uuid[], timestamptz, timestamptz, timestamptz, uuid) AS \(unsafeRaw: PostgresBusyTimeRepository.PostgresBusySpans.sql)"
                ).run()
                // EXPLAIN takes no bound parameters: the arguments are written out (ids and dates only).
                func time(_ date: Date) -> String { "'\(ISOTimestamp.string(from: date))'" }
                let staffArray = "ARRAY[" + team.map { "'\($0.id!.uuidString)'" }.joined(separator: ", ") + "]::uuid[]"
                let arguments = [
                    "'\(t.id.uuidString)'", staffArray, time(start), time(start + 86_400 * 7), time(start + 3600),
                    "'\(PostgresBusyTimeRepository.PostgresBusySpans.noBooking.uuidString)'",
                ]
                let lines = try await session.raw(
                    "EXPLAIN EXECUTE busy_spans(\(unsafeRaw: arguments.joined(separator: ", ")))"
                ).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                try await session.raw("DEALLOCATE busy_spans").run()
                try await session.raw("RESET plan_cache_mode").run()
                return lines.joined(separator: "\n")
            }
            #expect(plan.contains(IndexActiveBusySpans.name), "\(plan)")
            #expect(!plan.contains("bookings_no_overlap"), "\(plan)")
            // The index holds exactly the bookings that hold time: its condition names every other status.
            let condition = try await sql.raw(
                "SELECT pg_get_expr(indpred, indrelid) AS condition FROM pg_index WHERE indexrelid = \(bind: IndexActiveBusySpans.name)::regclass"
            ).first()?.decode(column: "condition", as: String.self)
            #expect(
                condition.map { text in
                    BookingStatus.allCases.allSatisfy { text.contains("'\($0.rawValue)'") == BookingStatus.inactive.contains($0) }
                }
                    == true, "\(condition ?? "no condition")")
        }
    }
}
