import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Scheduling
import Vapor

/// Remembers, per question (tenant, service, staff, dates), the slots last found and every fact they
/// were found from: hours, closures, policy, and each staff member's busy time as just read from the
/// database. A request whose facts are all equal to the remembered ones gets the remembered slots
/// (and their JSON bytes) instead of running the engine and the encoder again.
///
/// The memo itself never serves slots staler than their facts: the busy time is taken on every
/// request (from `KeptBusyTime` for the times shown, at most a second or two old and evicted by this
/// server's writes), and a single booking more or less makes the facts differ, so the slots are
/// found afresh. `now` is not a fact: the slots
/// are kept before the notice and advance window is applied, and each request cuts its own window
/// out of them (`SlotFinder.slots(for:startingFrom:through:)`; a property test shows the cut equals
/// a fresh search for any `now`).
///
/// Holds at most `capacity` questions per server, dropping the least recently asked.
final class SlotsMemo: Sendable {
    struct Question: Hashable, Sendable {
        var tenant: UUID
        var service: UUID
        var staff: UUID?
        var from: LocalDate
        var to: LocalDate
    }

    static let capacity = 64

    private struct Entry {
        var found: FoundSlots
        var lastAsked: UInt64
    }

    private let state = NIOLockedValueBox<(entries: [Question: Entry], tick: UInt64)>(([:], 0))

    /// The slots for `request` (its notice and advance window not yet applied), remembered or found.
    func found(for question: Question, request: AvailabilityRequest) -> FoundSlots {
        let remembered = state.withLockedValue { state -> FoundSlots? in
            guard var entry = state.entries[question] else { return nil }
            state.tick += 1
            entry.lastAsked = state.tick
            state.entries[question] = entry
            return entry.found
        }
        if let remembered, remembered.facts.hasSameFacts(as: request) { return remembered }
        let found = FoundSlots(facts: request)
        state.withLockedValue { state in
            state.tick += 1
            if state.entries[question] == nil, state.entries.count >= Self.capacity,
                let oldest = state.entries.min(by: { $0.value.lastAsked < $1.value.lastAsked })?.key
            {
                state.entries[oldest] = nil
            }
            state.entries[question] = Entry(found: found, lastAsked: state.tick)
        }
        return found
    }

    /// How many questions are remembered (for tests).
    var count: Int { state.withLockedValue { $0.entries.count } }
}

/// The slots of one availability request before its notice and advance window is applied, with the
/// request they were found from, and their JSON bytes once a `GET /slots` asked for them.
final class FoundSlots: Sendable {
    let facts: AvailabilityRequest
    /// Sorted by start (the engine's order).
    let all: [Slot]
    private let json = NIOLockedValueBox<SlotsJSON.EncodedSlots?>(nil)

    init(facts: AvailabilityRequest) {
        self.facts = facts
        self.all = SlotFinder.slots(for: facts, startingFrom: .distantPast, through: .distantFuture)
    }

    /// Where each local day's slots (in the facts' zone) begin in `all`, in order: found once, on
    /// first use, so the booking pages group a memoised search by day without reading every
    /// slot's wall clock again (10 % of the day page's CPU, issue 24).
    var dayStarts: [(date: LocalDate, index: Int)] {
        if let known = days.withLockedValue({ $0 }) { return known }
        var starts: [(date: LocalDate, index: Int)] = []
        // Slots are sorted, so a day's slots are consecutive. Only a slot within three hours of the
        // day's midnight (as `instant(in:)` resolves it; a clock change moves it by an hour or two)
        // has its date read.
        var checkFrom = Date.distantPast
        for (index, slot) in all.enumerated() where slot.start >= checkFrom {
            let date = facts.timeZone.wallClock(at: slot.start).date
            guard starts.last?.date != date else { continue }
            starts.append((date, index))
            checkFrom = LocalDateTime(date: date.adding(days: 1), time: WallTime(minutes: 0)!).instant(in: facts.timeZone)
                .addingTimeInterval(-3 * 3600)
        }
        days.withLockedValue { $0 = starts }
        return starts
    }
    private let days = NIOLockedValueBox<[(date: LocalDate, index: Int)]?>(nil)

    /// The run of slots a request at `now` may offer (`SlotFinder.slots(for:)` of that request).
    func offered(now: Date) -> OfferedSlots {
        var request = facts
        request.now = now
        let earliest = request.earliestStart
        let latest = request.latestStart
        let lower = all.partitioningIndex { $0.start >= earliest }
        let upper = max(lower, all.partitioningIndex { $0.start > latest })
        return OfferedSlots(found: self, range: lower..<upper)
    }

    /// The `GET /slots` body for a run of the slots; every slot's JSON object is encoded on first
    /// use and kept, so a body is one copy of a run of bytes.
    func jsonBody(range: Range<Int>, timezone: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        let encoded =
            json.withLockedValue { $0 }
            ?? {
                let encoded = SlotsJSON.encodeSlots(all, allocator: allocator)
                json.withLockedValue { $0 = encoded }
                return encoded
            }()
        return SlotsJSON.body(timezone: timezone, encoded: encoded, range: range, allocator: allocator)
    }
}

/// The slots a request may offer: a run of a `FoundSlots`.
struct OfferedSlots: Sendable {
    let found: FoundSlots
    let range: Range<Int>

    var slots: [Slot] { Array(found.all[range]) }

    /// The offered slots of each local day that has any, in order (`FoundSlots.dayStarts`).
    var byDay: [(date: LocalDate, slots: ArraySlice<Slot>)] {
        let starts = found.dayStarts
        var days: [(date: LocalDate, slots: ArraySlice<Slot>)] = []
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? starts[position + 1].index : found.all.count
            let lower = max(start.index, range.lowerBound)
            let upper = min(end, range.upperBound)
            if lower < upper { days.append((start.date, found.all[lower..<upper])) }
        }
        return days
    }

    /// The `GET /slots` body: `{"timezone":…,"slots":[…]}`.
    func jsonBody(timezone: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        found.jsonBody(range: range, timezone: timezone, allocator: allocator)
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array in which every element that
    /// does comes after every element that does not (binary search).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
