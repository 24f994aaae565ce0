import Foundation
import PropertyBased
import Testing
@testable import Scheduling

/// Random schedules (DST days, breaks, closures, bookings, buffers, notice) checked two ways:
/// invariants every slot must satisfy, and exact agreement with `ReferenceSlotFinder`.
@Suite("Slot finder properties")
struct SlotFinderPropertyTests {
    @Test func agreesWithTheMinuteByMinuteReference() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
            let scenario = RandomScenario.make(seed: UInt64(seed))
            let fast = SlotFinder.slots(for: scenario)
            let reference = ReferenceSlotFinder.slots(for: scenario)
            let firstDifference = zip(fast, reference).first { $0 != $1 }.map { "\($0.0) vs reference \($0.1)" }
            #expect(
                fast == reference,
                "seed \(seed): \(fast.count) slots vs reference \(reference.count); first difference: \(firstDifference ?? "in length")")
        }
    }

    /// `now` only cuts a contiguous run out of the slots found without a notice and advance window
    /// (what `SlotsMemo` relies on), for any `now` before, inside or after the dates asked for.
    @Test func nowOnlyCutsTheUnboundedSlots() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
            var request = RandomScenario.make(seed: UInt64(seed))
            var rng = SplitMix64(seed: UInt64(seed) ^ 0x5EED)
            let unbounded = SlotFinder.slots(for: request, startingFrom: .distantPast, through: .distantFuture)
            #expect(zip(unbounded, unbounded.dropFirst()).allSatisfy { $0.start < $1.start }, "seed \(seed): sorted")
            for _ in 0..<4 {
                request.now = request.now.addingTimeInterval(TimeInterval(rng.int(-3 * 1440..<4 * 1440) * 60))
                let cut = unbounded.filter { $0.start >= request.earliestStart && $0.start <= request.latestStart }
                #expect(SlotFinder.slots(for: request) == cut, "seed \(seed), now \(request.now)")
            }
        }
    }

    @Test func everySlotRespectsEveryRule() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
            let request = RandomScenario.make(seed: UInt64(seed))
            let slots = SlotFinder.slots(for: request)
            // Sorted and unique.
            #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.start < $1.start }, "seed \(seed)")
            let earliest = request.now.addingTimeInterval(TimeInterval(request.policy.minNoticeMinutes * 60))
            let latest = request.now.addingTimeInterval(TimeInterval(request.policy.maxAdvanceDays * 86_400))
            for slot in slots {
                #expect(slot.start >= earliest && slot.start <= latest, "seed \(seed): notice/advance")
                #expect(!slot.staff.isEmpty)
                let blocked = request.service.blocked(startingAt: slot.start)
                for id in slot.staff {
                    let staff = request.staff.first { $0.id == id }!
                    // Inside working hours on that local date.
                    let hours = request.openingHours.map { staff.hours.intersected(with: $0) } ?? staff.hours
                    let day = request.timeZone.wallClock(at: slot.start).date
                    let zoneDay = ZoneDay(date: day, timeZone: request.timeZone)
                    let inside = hours.ranges(on: day.weekday).contains { range in
                        zoneDay.span(of: range).map { $0.contains(blocked) } ?? false
                    }
                    #expect(inside, "seed \(seed): outside working hours")
                    // Overlaps no closure and no busy span (buffers included).
                    for other in staff.closures + staff.busy + request.businessClosures {
                        #expect(!other.overlaps(blocked), "seed \(seed): overlaps \(other)")
                    }
                }
            }
        }
    }
}

/// Builds a random but reproducible availability request from a seed.
enum RandomScenario {
    static func make(seed: UInt64) -> AvailabilityRequest {
        var rng = SplitMix64(seed: seed)
        let zones = [TimeZone.gmt, london, newYork]
        let zone = zones[rng.int(0..<zones.count)]
        // Dates around DST changes in both zones, and ordinary days.
        let starts = ["2026-03-07", "2026-03-28", "2026-10-24", "2026-10-31", "2026-06-10", "2026-12-01"]
        let from = date(starts[rng.int(0..<starts.count)])
        let to = from.adding(days: rng.int(0..<3))
        let windowStart = Date(timeIntervalSince1970: TimeInterval(from.daysSinceEpoch * 86_400))
        let windowMinutes = (from.days(until: to) + 1) * 1440

        func randomHours(maxRanges: Int) -> WeeklyHours {
            var days: [Weekday: [WallTimeRange]] = [:]
            for day in Weekday.allCases where rng.int(0..<5) > 0 {
                let count = rng.int(1..<(maxRanges + 1))
                let cuts = (0..<(count * 2)).map { _ in rng.int(0..<97) * 15 }.sorted()
                var ranges: [WallTimeRange] = []
                for index in stride(from: 0, to: cuts.count, by: 2) {
                    if let start = WallTime(minutes: min(cuts[index], 1425)), let end = WallTime(minutes: cuts[index + 1]),
                        let range = WallTimeRange(start: start, end: end), ranges.last.map({ $0.end < start }) ?? true
                    {
                        ranges.append(range)
                    }
                }
                if !ranges.isEmpty { days[day] = ranges }
            }
            return (try? WeeklyHours(days)) ?? .closed
        }
        func randomSpans(_ count: Int, maxMinutes: Int) -> [Span] {
            (0..<count).map { _ in
                let start = windowStart.addingTimeInterval(TimeInterval(rng.int(-600..<windowMinutes) / 5 * 300))
                return Span(start: start, end: start.addingTimeInterval(TimeInterval((1 + rng.int(0..<maxMinutes / 5)) * 300)))!
            }
        }

        let staff = (0..<rng.int(1..<4)).map { index in
            StaffSchedule(
                id: UUID(uuidString: "00000000-0000-0000-0000-00000000000\(index)")!,
                hours: randomHours(maxRanges: 3),
                closures: randomSpans(rng.int(0..<2), maxMinutes: 300),
                busy: randomSpans(rng.int(0..<8), maxMinutes: 120))
        }
        let intervals = [5, 10, 15, 20, 30, 45, 60, 90]
        let now = windowStart.addingTimeInterval(TimeInterval(rng.int(-2880..<1440) * 60))
        return AvailabilityRequest(
            from: from, to: to, timeZone: zone, now: now,
            policy: BookingPolicy(
                slotIntervalMinutes: intervals[rng.int(0..<intervals.count)], minNoticeMinutes: rng.int(0..<40) * 15,
                maxAdvanceDays: rng.int(1..<5)),
            service: ServiceTiming(
                durationMinutes: 5 * rng.int(1..<37), bufferBeforeMinutes: 5 * rng.int(0..<4),
                bufferAfterMinutes: 5 * rng.int(0..<4)),
            staff: staff,
            openingHours: rng.int(0..<3) == 0 ? randomHours(maxRanges: 1) : nil,
            businessClosures: randomSpans(rng.int(0..<3), maxMinutes: 600))
    }
}

/// A tiny deterministic generator, so a failing seed reproduces exactly.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
