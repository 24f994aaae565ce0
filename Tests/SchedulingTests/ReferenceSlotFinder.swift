import Foundation
@testable import Scheduling

/// A deliberately slow, obviously-correct slot finder: it walks every UTC minute, reads the wall
/// clock with Foundation's `secondsFromGMT` (not `ZoneDay`), and checks every minute of every
/// candidate's blocked span. The property tests require `SlotFinder` to agree with it exactly.
enum ReferenceSlotFinder {
    static func slots(for request: AvailabilityRequest) -> [Slot] {
        guard request.from <= request.to else { return [] }
        let windowStart = (request.from.daysSinceEpoch - 1) * 86_400
        let windowEnd = (request.to.daysSinceEpoch + 2) * 86_400
        let minuteCount = (windowEnd - windowStart) / 60
        // Wall clock (date, minutes) of every minute in the window.
        var walls: [(date: LocalDate, minute: Int)] = []
        walls.reserveCapacity(minuteCount)
        for index in 0..<minuteCount {
            let instant = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
            let local = windowStart + index * 60 + request.timeZone.secondsFromGMT(for: instant)
            let days = Int((Double(local) / 86_400).rounded(.down))
            walls.append((LocalDate(daysSinceEpoch: days), (local - days * 86_400) / 60))
        }
        func blockedMinute(_ index: Int, _ spans: [Span]) -> Bool {
            let t = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
            return spans.contains { $0.start <= t && t < $0.end }
        }
        let interval = request.policy.slotIntervalMinutes
        let earliest = request.now.addingTimeInterval(TimeInterval(request.policy.minNoticeMinutes * 60))
        let latest = request.now.addingTimeInterval(TimeInterval(request.policy.maxAdvanceDays * 86_400))
        var byStart: [Int: [UUID]] = [:]

        // A working range is the continuous time from the first minute the wall clock reaches its start
        // until the first minute it reaches its end (or the date ends). On a fall-back day the clock may
        // read an earlier time inside that span: the shift does not stop when the clocks go back.
        func span(of range: WallTimeRange, on date: LocalDate) -> Range<Int>? {
            guard let first = walls.indices.first(where: { walls[$0].date == date && walls[$0].minute >= range.start.minutes })
            else { return nil }
            let end = walls.indices.first(where: {
                $0 > first && ((walls[$0].date == date && walls[$0].minute >= range.end.minutes) || walls[$0].date > date)
            }) ?? minuteCount
            return first < end ? first..<end : nil
        }

        for staff in request.staff {
            let hours = request.openingHours.map { staff.hours.intersected(with: $0) } ?? staff.hours
            let unavailable = staff.closures + staff.busy + request.businessClosures
            var day = request.from
            while day <= request.to {
                for range in hours.ranges(on: day.weekday) {
                    guard let shift = span(of: range, on: day) else { continue }
                    for index in shift {
                        let minute = walls[index].minute
                        guard walls[index].date == day, minute >= range.start.minutes, minute < range.end.minutes,
                            (minute - range.start.minutes) % interval == 0
                        else { continue }
                        // First occurrence only: no earlier minute shows the same wall clock.
                        if (max(0, index - 240)..<index).contains(where: { walls[$0].date == day && walls[$0].minute == minute }) {
                            continue
                        }
                        let start = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
                        guard start >= earliest, start <= latest else { continue }
                        let first = index - request.service.bufferBeforeMinutes
                        let last = index + request.service.durationMinutes + request.service.bufferAfterMinutes
                        guard first >= shift.lowerBound, last <= shift.upperBound else { continue }
                        if (first..<last).allSatisfy({ !blockedMinute($0, unavailable) }) {
                            byStart[index, default: []].append(staff.id)
                        }
                    }
                }
                day = day.adding(days: 1)
            }
        }
        let duration = TimeInterval(request.service.durationMinutes * 60)
        return byStart.keys.sorted().map { index in
            let start = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
            return Slot(start: start, end: start.addingTimeInterval(duration), staff: byStart[index]!)
        }
    }
}
