import Foundation
import Testing
@testable import Scheduling

@Suite("Local dates, wall times and weekly hours")
struct CalendarTests {
    @Test func localDateRoundTripsThroughDaysSinceEpoch() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(date("2026-12-01").daysSinceEpoch == 20_788)
    }

    @Test func localDateAgreesWithFoundationCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        for days in stride(from: -40_000, through: 40_000, by: 37) {
            let components = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let local = LocalDate(daysSinceEpoch: days)
            #expect(local.year == components.year && local.month == components.month && local.day == components.day)
            // Foundation: 1 = Sunday ... 7 = Saturday.
            #expect(local.weekday.isoNumber == (components.weekday! + 5) % 7 + 1)
        }
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "26-01-01", "2026-1-01", "2026-01-32", "", "abcd-ef-gh", "+026-01-01", "2026-+1-01", "2026-01-1 ", "2026/01/01", "2026-01-01T", "\u{0662}026-01-01"])
    func invalidDatesAreRefused(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func leapDayIsAccepted() {
        #expect(LocalDate(iso: "2028-02-29")?.weekday == .tuesday)
    }

    @Test func wallTimesParse() {
        #expect(WallTime("09:30")?.minutes == 570)
        #expect(WallTime("24:00")?.minutes == 1440)
        #expect(WallTime("24:01") == nil)
        #expect(WallTime("9:30") == nil)
        #expect(WallTime("12:60") == nil)
        #expect(WallTimeRange("12:00", "09:00") == nil)
        #expect(WallTimeRange("09:00", "09:00") == nil)
    }

    @Test func overlappingRangesAreRefusedAndTouchingOnesMerged() throws {
        #expect(throws: WeeklyHours.Problem.self) {
            try WeeklyHours([.monday: [range("09:00", "12:00"), range("11:00", "13:00")]])
        }
        let merged = try WeeklyHours([.monday: [range("12:00", "13:00"), range("09:00", "12:00")]])
        #expect(merged.ranges(on: .monday) == [range("09:00", "13:00")])
    }

    @Test func openingHoursBoundStaffHours() {
        let staff = hours([.monday: [("08:00", "12:30"), ("13:30", "20:00")], .sunday: [("10:00", "12:00")]])
        let opening = hours([.monday: [("09:00", "18:00")]])
        let bounded = staff.intersected(with: opening)
        #expect(bounded.ranges(on: .monday) == [range("09:00", "12:30"), range("13:30", "18:00")])
        #expect(bounded.ranges(on: .sunday).isEmpty)
    }

    @Test func localDateTimeParsesMidnightAsNextDay() {
        #expect(LocalDateTime(iso: "2026-12-24T24:00")?.description == "2026-12-25T00:00")
        #expect(LocalDateTime(iso: "2026-12-24T09:15:00")?.description == "2026-12-24T09:15")
        #expect(LocalDateTime(iso: "2026-12-24 09:15") == nil)
    }
}
