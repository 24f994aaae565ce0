import Foundation
import Scheduling
import Testing

@testable import App

/// The calendar's table (issue 22): entries span their rows, overlapping ones share a cell, free
/// times link to a phone-in only in the future, and the days the clocks change come out right.
@Suite("Calendar grid")
struct CalendarGridTests {
    let london = TimeZone(identifier: "Europe/London")!
    let staff = UUID()

    func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    func column(_ date: String, working: [(String, String)], items: [CalendarGrid.Item]) -> CalendarGrid.Column {
        CalendarGrid.Column(
            heading: "Alex", date: LocalDate(iso: date)!, staffID: staff,
            working: working.map { WallTimeRange($0.0, $0.1)! }, items: items, hiddenOnPhone: false, freeContext: "with Alex")
    }

    func booking(_ start: String, _ end: String, title: String = "Cut", occupied: (String, String)? = nil) -> CalendarGrid.Item {
        CalendarGrid.Item(
            start: at(start), end: at(end), kind: .booking, title: title, detail: nil, link: "/admin/bookings/x", tone: "ok",
            occupied: occupied.map { (at($0.0), at($0.1)) })
    }

    func build(_ columns: [CalendarGrid.Column], now: String = "2026-12-01T00:00:00Z") -> CalendarGrid {
        CalendarGrid.build(columns: columns, intervalMinutes: 30, zone: london, now: at(now)) { _, start in
            "/admin/phone-in?start=\(ISOTimestamp.string(from: start))"
        }
    }

    @Test func aBookingSpansItsRowsBuffersIncludedAndABreakIsSaid() {
        let grid = build([
            column(
                "2026-12-02", working: [("09:00", "12:00"), ("13:00", "14:00")],
                items: [
                    booking(
                        "2026-12-02T09:30:00Z", "2026-12-02T10:15:00Z", occupied: ("2026-12-02T09:30:00Z", "2026-12-02T10:30:00Z")
                    )
                ])
        ])
        #expect(
            grid.rows.map(\.time) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30"])
        let cells = grid.rows.map { $0.cells.first }
        #expect(cells[0]?.kind == "free" && cells[0]?.link == "/admin/phone-in?start=2026-12-02T09:00:00Z")
        #expect(cells[0]?.context == "09:00 with Alex")
        #expect(cells[1]?.kind == "entries" && cells[1]?.rowspan == 2 && cells[1]?.entries?.first?.time == "09:30–10:15")
        #expect(cells[2] == nil, "the booking's second row has no cell of its own")
        #expect(cells[3]?.kind == "free")
        #expect(cells[6]?.kind == "off" && cells[6]?.rowspan == 2 && cells[6]?.label == "Break")
        #expect(cells[7] == nil)
        #expect(cells[8]?.kind == "free" && cells[9]?.kind == "free")
    }

    @Test func overlappingEntriesShareACellSoNoneIsHidden() {
        let grid = build([
            column(
                "2026-12-02", working: [("09:00", "11:00")],
                items: [
                    booking("2026-12-02T09:00:00Z", "2026-12-02T09:20:00Z", title: "First"),
                    booking("2026-12-02T09:20:00Z", "2026-12-02T09:25:00Z", title: "Second"),
                    CalendarGrid.Item(
                        start: at("2026-12-02T00:00:00Z"), end: at("2026-12-03T00:00:00Z"), kind: .timeOff, title: "Time off",
                        detail: nil, link: nil, tone: "off"),
                ])
        ])
        // The whole-day time off covers the working hours without stretching the rows to midnight.
        #expect(grid.rows.first?.time == "09:00" && grid.rows.last?.time == "10:30")
        let cell = grid.rows[0].cells[0]
        #expect(cell.rowspan == grid.rows.count)
        #expect(cell.entries?.map(\.title) == ["Time off", "First", "Second"])
    }

    @Test func pastFreeTimesAreNotLinks() {
        let grid = build(
            [column("2026-12-02", working: [("09:00", "10:00")], items: [])], now: "2026-12-02T09:15:00Z")
        #expect(grid.rows[0].cells[0].kind == "past" && grid.rows[0].cells[0].link == nil)
        #expect(grid.rows[1].cells[0].link == "/admin/phone-in?start=2026-12-02T09:30:00Z")
    }

    @Test func theNightTheClocksGoForwardHasNoFreeTimeThatDoesNotHappen() {
        // 28 March 2027: at 01:00 GMT the clocks jump to 02:00 BST.
        let grid = build([column("2027-03-28", working: [("00:00", "04:00")], items: [])])
        let links = grid.rows.map { row in (row.time, row.cells.first?.link) }
        #expect(links.first { $0.0 == "00:30" }?.1 == "/admin/phone-in?start=2027-03-28T00:30:00Z")
        #expect(links.first { $0.0 == "01:00" }?.1 == nil, "01:00 never happens that night")
        #expect(links.first { $0.0 == "01:30" }?.1 == nil)
        #expect(links.first { $0.0 == "02:00" }?.1 == "/admin/phone-in?start=2027-03-28T01:00:00Z")
        #expect(
            CalendarPage.clockNotice(LocalDate(iso: "2027-03-28")!, zone: london)?.contains("forward an hour at 01:00") == true)
        #expect(CalendarPage.clockNotice(LocalDate(iso: "2027-03-27")!, zone: london) == nil)
    }

    @Test func theNightTheClocksGoBackShowsBothBookingsOfTheRepeatedHour() {
        // 25 October 2026: 01:00-02:00 BST, then 01:00-02:00 GMT again.
        let first = booking("2026-10-25T00:30:00Z", "2026-10-25T00:50:00Z", title: "First 01:30")
        let second = booking("2026-10-25T01:30:00Z", "2026-10-25T01:50:00Z", title: "Second 01:30")
        let grid = build(
            [column("2026-10-25", working: [("00:00", "03:00")], items: [first, second])], now: "2026-10-01T00:00:00Z")
        let titles = grid.rows.flatMap { $0.cells.flatMap { $0.entries ?? [] } }.map(\.title)
        #expect(titles == ["First 01:30", "Second 01:30"])
        let times = grid.rows.flatMap { $0.cells.flatMap { $0.entries ?? [] } }.map(\.time)
        #expect(times == ["01:30–01:50", "01:30–01:50"])
        #expect(CalendarPage.clockNotice(LocalDate(iso: "2026-10-25")!, zone: london)?.contains("back an hour at 02:00") == true)
    }
}
