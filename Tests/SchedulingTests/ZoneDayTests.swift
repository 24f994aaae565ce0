import Foundation
import Testing

@testable import Scheduling

@Suite("Time zones and DST")
struct ZoneDayTests {
    @Test func ordinaryDaysUseTheZoneOffset() {
        #expect(london.instant(on: date("2026-12-01"), at: WallTime("09:00")!) == instant("2026-12-01T09:00:00Z"))
        #expect(london.instant(on: date("2026-07-01"), at: WallTime("09:00")!) == instant("2026-07-01T08:00:00Z"))
        #expect(newYork.instant(on: date("2026-12-01"), at: WallTime("09:00")!) == instant("2026-12-01T14:00:00Z"))
    }

    @Test func aDayStartsAtItsFirstWallClockMomentEvenWhenMidnightIsSkipped() {
        // America/Santiago springs forward at midnight: 2026-09-06 begins at 01:00 local.
        let santiago = TimeZone(identifier: "America/Santiago")!
        for zone in [london, newYork, santiago] {
            for day in ["2026-03-29", "2026-09-05", "2026-09-06", "2026-09-07", "2026-10-25", "2026-12-04"] {
                let start = zone.startOfDay(date(day))
                #expect(zone.wallClock(at: start).date == date(day))
                #expect(zone.wallClock(at: start.addingTimeInterval(-1)).date == date(day).adding(days: -1))
            }
        }
        #expect(london.startOfDay(date("2026-07-01")) == instant("2026-06-30T23:00:00Z"))
        #expect(santiago.startOfDay(date("2026-09-06")) == instant("2026-09-06T04:00:00Z"))
    }

    @Test func londonSpringForwardSkipsTheMissingHour() {
        // 2026-03-29: 01:00 GMT jumps to 02:00 BST.
        let day = ZoneDay(date: date("2026-03-29"), timeZone: london)
        #expect(day.instant(at: WallTime("00:30")!) == instant("2026-03-29T00:30:00Z"))
        #expect(day.instant(at: WallTime("01:00")!) == nil)
        #expect(day.instant(at: WallTime("01:59")!) == nil)
        #expect(day.instant(at: WallTime("02:00")!) == instant("2026-03-29T01:00:00Z"))
        #expect(day.instant(at: WallTime("09:00")!) == instant("2026-03-29T08:00:00Z"))
        // A range boundary inside the gap moves to the moment the clocks change.
        #expect(day.boundary(at: WallTime("01:30")!) == instant("2026-03-29T01:00:00Z"))
    }

    @Test func londonFallBackUsesTheFirstOccurrence() {
        // 2026-10-25: 02:00 BST falls back to 01:00 GMT; 01:00-01:59 happens twice.
        let day = ZoneDay(date: date("2026-10-25"), timeZone: london)
        #expect(day.instant(at: WallTime("00:30")!) == instant("2026-10-24T23:30:00Z"))
        #expect(day.instant(at: WallTime("01:30")!) == instant("2026-10-25T00:30:00Z"))
        #expect(day.instant(at: WallTime("02:00")!) == instant("2026-10-25T02:00:00Z"))
        #expect(day.instant(at: WallTime("09:00")!) == instant("2026-10-25T09:00:00Z"))
    }

    @Test func newYorkTransitions() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT. 2026-11-01: 02:00 EDT falls back to 01:00 EST.
        let spring = ZoneDay(date: date("2026-03-08"), timeZone: newYork)
        #expect(spring.instant(at: WallTime("02:30")!) == nil)
        #expect(spring.instant(at: WallTime("03:00")!) == instant("2026-03-08T07:00:00Z"))
        #expect(spring.instant(at: WallTime("01:59")!) == instant("2026-03-08T06:59:00Z"))
        let autumn = ZoneDay(date: date("2026-11-01"), timeZone: newYork)
        #expect(autumn.instant(at: WallTime("01:30")!) == instant("2026-11-01T05:30:00Z"))
        #expect(autumn.instant(at: WallTime("02:00")!) == instant("2026-11-01T07:00:00Z"))
    }

    @Test func wallClockIsTheInverse() {
        let (day, time) = london.wallClock(at: instant("2026-07-01T08:15:00Z"))
        #expect(day == date("2026-07-01"))
        #expect(time == WallTime("09:15"))
    }

    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia"])
    func everyExistingWallTimeRoundTrips(zoneName: String) {
        let zone = TimeZone(identifier: zoneName)!
        var day = date("2026-01-01")
        while day < date("2027-01-01") {
            let zoneDay = ZoneDay(date: day, timeZone: zone)
            for minutes in stride(from: 0, to: 1440, by: 15) {
                let wall = WallTime(minutes: minutes)!
                guard let resolved = zoneDay.instant(at: wall) else { continue }
                let back = zone.wallClock(at: resolved)
                #expect(back.date == day && back.time == wall, "\(zoneName) \(day) \(wall)")
            }
            day = day.adding(days: 1)
        }
    }
}

/// `wallClock` reads offsets from `ZoneOffsets`' remembered spans: in any order of instants, around
/// every kind of change, it must say what the time-zone database says.
@Suite("Wall clock with remembered offsets")
struct WallClockOffsetTests {
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"])
    func everyInstantReadsAsTheZoneDatabaseSays(identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Every 7.5 minutes through 2026 around both changes, then the same instants shuffled.
        var instants: [Date] = []
        for start in [
            "2026-03-26T00:00:00Z", "2026-04-03T00:00:00Z", "2026-09-25T00:00:00Z", "2026-10-23T00:00:00Z",
            "2026-11-01T00:00:00Z",
        ] {
            let first = try Date(start, strategy: .iso8601)
            instants += (0..<(4 * 24 * 8)).map { first.addingTimeInterval(Double($0) * 450) }
        }
        var generator = SystemRandomNumberGenerator()
        for order in [instants, instants.reversed(), instants.shuffled(using: &generator)] {
            for instant in order {
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
                let (date, time) = zone.wallClock(at: instant)
                #expect(
                    date.year == parts.year && date.month == parts.month && date.day == parts.day
                        && time.minutes == parts.hour! * 60 + parts.minute!,
                    "\(identifier) at \(instant)")
            }
        }
    }
}
