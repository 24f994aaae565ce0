import Fluent
import Foundation
import NIOCore
import Scheduling
import Testing
import VaporTesting

@testable import App

/// `SlotsMemo` answers exactly what a fresh search answers: as bookings come and go, as the clock
/// moves, and for every question it keeps.
@Suite("Slots memo")
struct SlotsMemoTests {
    /// `GET /slots` (through the memo) against the engine run afresh on the same facts.
    func expectFresh(_ app: Application, _ salon: Salon, staff: Staff? = nil, _ label: String) async throws -> Int {
        let staffParam = staff.map { "&staff=\($0.id!)" } ?? ""
        let res = try await app.send(
            .GET, "api/v1/slots?service=\(salon.service.id!)\(staffParam)&from=2026-11-30&to=2026-12-03",
            headers: salon.tenant.headers)
        #expect(res.status == .ok, "\(label)")
        let tenant = try #require(try await app.services.storage.tenants(app.db).find(id: salon.tenant.id))
        let query = AvailabilityService.Query(
            serviceID: salon.service.id!, staffID: staff?.id, from: .init(iso: "2026-11-30")!, to: .init(iso: "2026-12-03")!)
        let fresh = try await app.services.availability(tenant: tenant, now: app.clock.now(), on: app.db).slots(query)
        #expect(res.body.string == String(buffer: SlotsJSON.encode(timezone: tenant.timezone, slots: fresh)), "\(label)")
        return fresh.count
    }

    @Test func answersWhatAFreshSearchAnswersAsBookingsAndTimeChange() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let first = try await expectFresh(app, salon, "first question")
            #expect(try await expectFresh(app, salon, "asked again") == first)
            #expect(app.services.slotsMemo.count == 1)

            // A booking makes its time busy for Alex at once; the same question is answered anew.
            let booked = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex))
            #expect(booked.status == .created)
            _ = try await expectFresh(app, salon, "after a booking")
            #expect(try await expectFresh(app, salon, staff: salon.alex, "Alex alone, after a booking") < first)

            // Cancelling frees it again.
            let id = try #require(booked.json["id"] as? String)
            let token = try #require(booked.json["manageToken"] as? String)
            let cancelled = try await app.send(
                .POST, "api/v1/bookings/\(id)/cancel?token=\(token)", headers: salon.tenant.headers)
            #expect(cancelled.status == .ok)
            #expect(try await expectFresh(app, salon, "after the cancellation") == first)

            // The clock moves on: the remembered slots are cut to the new notice window.
            app.clock = FixedClock(testNow + 26 * 3600)
            let later = try await expectFresh(app, salon, "a day later")
            #expect(later < first)
            app.clock = FixedClock(testNow + 26 * 3600 + 15 * 60 + 1)
            #expect(try await expectFresh(app, salon, "a quarter of an hour and a second later") < later)
        }
    }

    @Test func anEqualQuestionReusesAndAnyChangedFactSearchesAgain() throws {
        let memo = SlotsMemo()
        let zone = TimeZone(identifier: "Europe/London")!
        let staff = UUID()
        let day = LocalDate(iso: "2026-12-01")!
        func request(busy: [Span]) throws -> AvailabilityRequest {
            AvailabilityRequest(
                from: day, to: day, timeZone: zone, now: testNow,
                policy: BookingPolicy(slotIntervalMinutes: 15, minNoticeMinutes: 0, maxAdvanceDays: 60),
                service: ServiceTiming(durationMinutes: 60),
                staff: [
                    StaffSchedule(id: staff, hours: try WeeklyHours([.tuesday: [WallTimeRange("09:00", "17:00")!]]), busy: busy)
                ])
        }
        let question = SlotsMemo.Question(tenant: UUID(), service: UUID(), staff: nil, from: day, to: day)
        let first = memo.found(for: question, request: try request(busy: []))
        #expect(memo.found(for: question, request: try request(busy: [])) === first)
        let ten = try Date("2026-12-01T10:00:00Z", strategy: .iso8601)
        let busier = memo.found(for: question, request: try request(busy: [Span(start: ten, end: ten + 3600)!]))
        #expect(busier !== first)
        #expect(busier.all.count < first.all.count)
        #expect(memo.count == 1)
    }

    @Test func keepsAtMostItsCapacityDroppingTheLeastRecentlyAsked() throws {
        let memo = SlotsMemo()
        let day = LocalDate(iso: "2026-12-01")!
        let request = AvailabilityRequest(
            from: day, to: day, timeZone: .gmt, now: testNow,
            policy: BookingPolicy(slotIntervalMinutes: 15, minNoticeMinutes: 0, maxAdvanceDays: 60),
            service: ServiceTiming(durationMinutes: 60),
            staff: [StaffSchedule(id: UUID(), hours: try WeeklyHours([.tuesday: [WallTimeRange("09:00", "17:00")!]]))])
        let questions = (0..<(SlotsMemo.capacity + 6)).map { _ in
            SlotsMemo.Question(tenant: UUID(), service: UUID(), staff: nil, from: day, to: day)
        }
        let kept = memo.found(for: questions[0], request: request)
        for question in questions.dropFirst() {
            _ = memo.found(for: question, request: request)
            _ = memo.found(for: questions[0], request: request)  // asked again and again: never the one dropped
        }
        #expect(memo.count == SlotsMemo.capacity)
        #expect(memo.found(for: questions[0], request: request) === kept)
    }

    /// The booking pages group a memoised search by day through `dayStarts`; the days must be the
    /// ones each slot's own wall clock gives, across clock changes (London's, Santiago's and
    /// Havana's at midnight, Lord Howe's half hour) and round the clock.
    @Test func slotsGroupedByDayMatchEachSlotsOwnWallClock() throws {
        let everyDay = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [WallTimeRange("00:00", "24:00")!]) })
        for (zoneName, from) in [
            ("Europe/London", "2026-10-20"), ("Europe/London", "2027-03-24"), ("America/Santiago", "2026-09-02"),
            ("America/Santiago", "2027-04-01"), ("America/Havana", "2026-10-25"), ("America/Havana", "2027-03-10"),
            ("Australia/Lord_Howe", "2026-10-01"), ("Pacific/Apia", "2026-12-01"),
        ] {
            let zone = TimeZone(identifier: zoneName)!
            let first = LocalDate(iso: from)!
            for minutes in [15, 60, 25] {
                let now = LocalDateTime(date: first.adding(days: -1), time: WallTime(minutes: 0)!).instant(in: zone)
                let request = AvailabilityRequest(
                    from: first, to: first.adding(days: 13), timeZone: zone, now: now,
                    policy: BookingPolicy(slotIntervalMinutes: minutes, minNoticeMinutes: 0, maxAdvanceDays: 60),
                    service: ServiceTiming(durationMinutes: 30),
                    staff: [StaffSchedule(id: UUID(), hours: try WeeklyHours(everyDay), busy: [])])
                let found = FoundSlots(facts: request)
                let offered = found.offered(now: now)
                var expected: [(LocalDate, [Date])] = []
                for slot in offered.slots {
                    let date = zone.wallClock(at: slot.start).date
                    if expected.last?.0 == date {
                        expected[expected.count - 1].1.append(slot.start)
                    } else {
                        expected.append((date, [slot.start]))
                    }
                }
                let grouped = offered.byDay
                #expect(grouped.map(\.date) == expected.map(\.0), "\(zoneName) from \(from) every \(minutes) min")
                #expect(grouped.map { $0.slots.map(\.start) } == expected.map(\.1), "\(zoneName) from \(from)")
                #expect(!grouped.isEmpty)
            }
        }
    }
}
