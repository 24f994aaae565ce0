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
        func minuteIndex(_ date: Date) -> Int { (Int(date.timeIntervalSince1970) - windowStart) / 60 }
        func blockedMinute(_ index: Int, _ spans: [Span]) -> Bool {
            let t = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
            return spans.contains { $0.start <= t && t < $0.end }
        }
        let interval = request.policy.slotIntervalMinutes
        let earliest = request.now.addingTimeInterval(TimeInterval(request.policy.minNoticeMinutes * 60))
        let latest = request.now.addingTimeInterval(TimeInterval(request.policy.maxAdvanceDays * 86_400))
        var byStart: [Int: [UUID]] = [:]

        for staff in request.staff {
            let hours = request.openingHours.map { staff.hours.intersected(with: $0) } ?? staff.hours
            let unavailable = staff.closures + staff.busy + request.businessClosures
            for index in 0..<minuteCount {
                let (date, minute) = walls[index]
                guard request.from <= date, date <= request.to else { continue }
                guard
                    let range = hours.ranges(on: date.weekday).first(where: {
                        $0.start.minutes <= minute && minute < $0.end.minutes
                    }), (minute - range.start.minutes) % interval == 0
                else { continue }
                // First occurrence only: no earlier minute shows the same wall clock.
                if (max(0, index - 240)..<index).contains(where: { walls[$0].date == date && walls[$0].minute == minute }) {
                    continue
                }
                let start = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
                guard start >= earliest, start <= latest else { continue }
                let first = index - request.service.bufferBeforeMinutes
                let last = index + request.service.durationMinutes + request.service.bufferAfterMinutes
                guard first >= 0, last <= minuteCount else { continue }
                let fits = (first..<last).allSatisfy { m in
                    walls[m].date == date && range.start.minutes <= walls[m].minute && walls[m].minute < range.end.minutes
                        && !blockedMinute(m, unavailable)
                }
                if fits { byStart[index, default: []].append(staff.id) }
            }
        }
        let duration = TimeInterval(request.service.durationMinutes * 60)
        return byStart.keys.sorted().map { index in
            let start = Date(timeIntervalSince1970: TimeInterval(windowStart + index * 60))
            return Slot(start: start, end: start.addingTimeInterval(duration), staff: byStart[index]!)
        }
    }
}
