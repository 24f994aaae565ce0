import Foundation
import Testing
@testable import Scheduling

@Suite("Session planning")
struct SessionPlannerTests {
    @Test func weeklyOccurrencesKeepWallTimeAcrossDSTAndSkipClosures() {
        let plan = SessionPlanner.occurrences(
            first: date("2026-10-19"), time: WallTime("18:30")!, durationMinutes: 60, weekdays: [.monday, .wednesday],
            until: date("2026-11-04"), timeZone: london,
            closures: [span("2026-10-28T00:00:00Z", "2026-10-29T00:00:00Z")])
        let walls = plan.map { london.wallClock(at: $0.start) }
        #expect(walls.map(\.date.description) == ["2026-10-19", "2026-10-21", "2026-10-26", "2026-11-02", "2026-11-04"])
        #expect(walls.allSatisfy { $0.time == WallTime("18:30") })
        #expect(plan[0].start == instant("2026-10-19T17:30:00Z"))  // BST
        #expect(plan[2].start == instant("2026-10-26T18:30:00Z"))  // GMT
        #expect(plan.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
    }

    @Test func oneOffWithoutWeekdays() {
        let plan = SessionPlanner.occurrences(
            first: date("2026-12-01"), time: WallTime("09:00")!, durationMinutes: 45, weekdays: [], until: nil,
            timeZone: london, closures: [])
        #expect(plan == [.init(start: instant("2026-12-01T09:00:00Z"), end: instant("2026-12-01T09:45:00Z"))])
    }
}
