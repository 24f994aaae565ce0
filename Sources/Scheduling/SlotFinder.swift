import Foundation

/// Finds the start times a client can book.
///
/// A start `t` is offered for a staff member when:
/// - `t` is a wall-clock time `rangeStart + k × slotInterval` inside one of their working ranges
///   for that local date (bounded by opening hours), and that wall time exists (DST gaps are
///   skipped; a repeated wall time means its first occurrence);
/// - the whole blocked span (`t - bufferBefore ..< t + duration + bufferAfter`) lies inside that
///   working range and overlaps none of their closures, business closures or busy spans. A range is
///   the continuous time from when the wall clock first reads its start until it first reads its end:
///   on a fall-back day a shift running through the repeated hour is one unbroken span;
/// - `now + minNotice <= t <= now + maxAdvance`.
///
/// Cost: one pass over days × staff × candidate starts, with one forward-moving pointer per staff
/// into their sorted unavailable spans (sorted once), so it grows linearly, never quadratically.
public enum SlotFinder {
    public static func slots(for request: AvailabilityRequest) -> [Slot] {
        slots(for: request, startingFrom: request.earliestStart, through: request.latestStart)
    }

    /// The slots whose start lies in `earliest...latest` instead of the request's own notice and
    /// advance window. The request's `now` plays no other part, so the result for any `now` is the
    /// result for `.distantPast ... .distantFuture` cut to that `now`'s window: a contiguous run,
    /// since slots come sorted by start. `SlotsMemo` relies on this (a property test checks it).
    public static func slots(for request: AvailabilityRequest, startingFrom earliest: Date, through latest: Date) -> [Slot] {
        guard request.from <= request.to, !request.staff.isEmpty, request.service.durationMinutes > 0 else {
            return []
        }
        let intervalMinutes = max(1, request.policy.slotIntervalMinutes)
        let service = request.service

        let staffHours = request.staff.map { staff in
            request.openingHours.map { staff.hours.intersected(with: $0) } ?? staff.hours
        }
        let unavailable = request.staff.map { staff in
            (staff.closures + staff.busy + request.businessClosures).mergedAndSorted()
        }
        var cursors = [Int](repeating: 0, count: request.staff.count)

        var result: [Slot] = []
        var dayStarts: [(start: Date, staff: Int)] = []
        for dayOffset in 0...request.from.days(until: request.to) {
            let date = request.from.adding(days: dayOffset)
            let zoneDay = ZoneDay(date: date, timeZone: request.timeZone)
            let weekday = date.weekday
            dayStarts.removeAll(keepingCapacity: true)

            for staffIndex in request.staff.indices {
                let busy = unavailable[staffIndex]
                for range in staffHours[staffIndex].ranges(on: weekday) {
                    guard let window = zoneDay.span(of: range), window.end > earliest, window.start <= latest
                    else { continue }
                    var wall = range.start.minutes
                    while wall < range.end.minutes {
                        defer { wall += intervalMinutes }
                        guard let start = zoneDay.instant(at: WallTime(minutes: wall)!) else { continue }
                        if start < earliest { continue }
                        if start > latest { break }
                        let blocked = service.blocked(startingAt: start)
                        if blocked.start < window.start { continue }
                        if blocked.end > window.end { break }
                        var cursor = cursors[staffIndex]
                        while cursor < busy.count && busy[cursor].end <= blocked.start { cursor += 1 }
                        cursors[staffIndex] = cursor
                        if cursor < busy.count && busy[cursor].start < blocked.end { continue }
                        dayStarts.append((start, staffIndex))
                    }
                }
            }
            appendSlots(from: &dayStarts, request: request, to: &result)
        }
        return result
    }

    /// Groups one day's (start, staff) pairs into slots sorted by start.
    private static func appendSlots(
        from dayStarts: inout [(start: Date, staff: Int)], request: AvailabilityRequest, to result: inout [Slot]
    ) {
        guard !dayStarts.isEmpty else { return }
        dayStarts.sort { $0.start != $1.start ? $0.start < $1.start : $0.staff < $1.staff }
        let duration = TimeInterval(request.service.durationMinutes * 60)
        var index = 0
        while index < dayStarts.count {
            let start = dayStarts[index].start
            var staff: [UUID] = []
            while index < dayStarts.count && dayStarts[index].start == start {
                staff.append(request.staff[dayStarts[index].staff].id)
                index += 1
            }
            result.append(Slot(start: start, end: start.addingTimeInterval(duration), staff: staff))
        }
    }
}
