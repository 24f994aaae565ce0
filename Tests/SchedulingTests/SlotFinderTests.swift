import Foundation
import Testing
@testable import Scheduling

@Suite("Slot finder rules")
struct SlotFinderTests {
    // 2026-12-01 is a Tuesday.
    let tuesday = "2026-12-01"

    @Test func slotsFollowWeeklyHoursAndBreaks() {
        let staff = StaffSchedule(id: alice, hours: hours([.tuesday: [("09:00", "12:30"), ("13:30", "15:00")]]))
        let slots = SlotFinder.slots(for: request(from: tuesday, staff: [staff]))
        #expect(utcTimes(slots) == ["09:00", "10:00", "11:00", "13:30"])
        #expect(slots.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 && $0.staff == [alice] })
    }

    @Test func startsAreAlignedToTheIntervalFromTheRangeStart() {
        let staff = StaffSchedule(id: alice, hours: hours([.tuesday: [("09:10", "10:30")]]))
        let slots = SlotFinder.slots(for: request(from: tuesday, interval: 15, duration: 30, staff: [staff]))
        #expect(utcTimes(slots) == ["09:10", "09:25", "09:40", "09:55"])
    }

    @Test func missingDayMeansNotWorking() {
        let staff = StaffSchedule(id: alice, hours: hours([.monday: [("09:00", "17:00")]]))
        #expect(SlotFinder.slots(for: request(from: tuesday, staff: [staff])).isEmpty)
    }

    @Test func openingHoursBoundEveryone() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("07:00", "20:00")]))
        let slots = SlotFinder.slots(
            for: request(from: tuesday, staff: [staff], opening: hours([.tuesday: [("10:00", "12:00")]])))
        #expect(utcTimes(slots) == ["10:00", "11:00"])
    }

    @Test func businessClosureWholeDayAndPartial() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "17:00")]))
        let whole = SlotFinder.slots(
            for: request(from: tuesday, staff: [staff], closures: [span("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")]))
        #expect(whole.isEmpty)
        let partial = SlotFinder.slots(
            for: request(from: tuesday, staff: [staff], closures: [span("2026-12-01T14:00:00Z", "2026-12-01T17:00:00Z")]))
        #expect(utcTimes(partial) == ["09:00", "10:00", "11:00", "12:00", "13:00"])
    }

    @Test func staffClosureAffectsOnlyThatStaffMember() {
        let a = StaffSchedule(
            id: alice, hours: everyDay([("09:00", "12:00")]), closures: [span("2026-12-01T09:00:00Z", "2026-12-01T11:00:00Z")])
        let b = StaffSchedule(id: bob, hours: everyDay([("09:00", "12:00")]))
        let slots = SlotFinder.slots(for: request(from: tuesday, staff: [a, b]))
        #expect(slots.map(\.staff) == [[bob], [bob], [alice, bob]])
    }

    @Test func buffersMustFitInsideWorkingHoursButAreNotShown() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "12:00")]))
        let slots = SlotFinder.slots(
            for: request(from: tuesday, interval: 15, duration: 45, before: 15, after: 15, staff: [staff]))
        // Blocked span = start-15 ..< start+60 must lie in 09:00-12:00.
        #expect(utcTimes(slots).first == "09:15")
        #expect(utcTimes(slots).last == "11:00")
        #expect(slots.allSatisfy { $0.end.timeIntervalSince($0.start) == 45 * 60 })
    }

    @Test func existingBookingsWithBuffersBlockTime() {
        // Busy 10:00-11:15 (a booking with its buffers). A 60-minute service with 15 after needs 75 minutes.
        let staff = StaffSchedule(
            id: alice, hours: everyDay([("09:00", "14:00")]), busy: [span("2026-12-01T10:00:00Z", "2026-12-01T11:15:00Z")])
        let slots = SlotFinder.slots(for: request(from: tuesday, interval: 15, after: 15, staff: [staff]))
        let times = utcTimes(slots)
        #expect(!times.contains("09:00"))  // 09:00-10:15 would touch the booking
        #expect(times.first == "11:15")
        #expect(times.last == "12:45")
    }

    @Test func touchingBookingsDoNotConflict() {
        let staff = StaffSchedule(
            id: alice, hours: everyDay([("09:00", "12:00")]), busy: [span("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z")])
        #expect(utcTimes(SlotFinder.slots(for: request(from: tuesday, staff: [staff]))) == ["09:00", "11:00"])
    }

    @Test func minimumNoticeAndMaximumAdvance() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "17:00")]))
        let notice = SlotFinder.slots(
            for: request(from: tuesday, now: "2026-12-01T08:30:00Z", notice: 120, staff: [staff]))
        #expect(utcTimes(notice).first == "11:00")  // 10:30 is the earliest allowed start
        let advance = SlotFinder.slots(
            for: request(from: "2026-12-01", to: "2026-12-10", now: "2026-12-01T12:00:00Z", advance: 2, staff: [staff]))
        #expect(advance.first?.start == instant("2026-12-01T12:00:00Z"))
        #expect(advance.last?.start == instant("2026-12-03T12:00:00Z"))
    }

    @Test func anyStaffListsEveryoneWhoCanTakeTheSlot() {
        let a = StaffSchedule(id: alice, hours: everyDay([("09:00", "11:00")]))
        let b = StaffSchedule(id: bob, hours: everyDay([("10:00", "12:00")]))
        let slots = SlotFinder.slots(for: request(from: tuesday, staff: [a, b]))
        #expect(utcTimes(slots) == ["09:00", "10:00", "11:00"])
        #expect(slots.map(\.staff) == [[alice], [alice, bob], [bob]])
    }

    @Test func slotsAreSortedAcrossDays() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "11:00")]))
        let slots = SlotFinder.slots(for: request(from: "2026-12-01", to: "2026-12-03", staff: [staff]))
        #expect(slots.count == 6)
        #expect(slots.map(\.start) == slots.map(\.start).sorted())
    }

    @Test func nineToFiveStaysNineToFiveOnDSTDays() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "17:00")]))
        for (day, zone, firstUTC) in [
            ("2026-03-29", london, "2026-03-29T08:00:00Z"), ("2026-10-25", london, "2026-10-25T09:00:00Z"),
            ("2026-03-08", newYork, "2026-03-08T13:00:00Z"), ("2026-11-01", newYork, "2026-11-01T14:00:00Z"),
        ] {
            let slots = SlotFinder.slots(for: request(from: day, zone: zone, staff: [staff]))
            #expect(slots.count == 8, "\(day) \(zone.identifier)")
            #expect(slots.first?.start == instant(firstUTC))
            #expect(slots.map { zone.wallClock(at: $0.start).time.description }.first == "09:00")
            #expect(slots.map { zone.wallClock(at: $0.start).time.description }.last == "16:00")
        }
    }

    @Test func springForwardSkipsMissingWallTimes() {
        // London 2026-03-29, hours 00:00-04:00 wall time = 3 real hours (01:00-02:00 does not exist).
        let staff = StaffSchedule(id: alice, hours: everyDay([("00:00", "04:00")]))
        let slots = SlotFinder.slots(for: request(from: "2026-03-29", zone: london, interval: 30, duration: 30, staff: [staff]))
        let walls = slots.map { london.wallClock(at: $0.start).time.description }
        #expect(walls == ["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"])
        #expect(Set(slots.map(\.start)).count == slots.count)
    }

    @Test func fallBackOffersRepeatedWallTimesOnce() {
        // London 2026-10-25, hours 00:00-03:00 wall time = 4 real hours; 01:xx happens twice.
        let staff = StaffSchedule(id: alice, hours: everyDay([("00:00", "03:00")]))
        let slots = SlotFinder.slots(for: request(from: "2026-10-25", zone: london, interval: 30, duration: 30, staff: [staff]))
        let walls = slots.map { london.wallClock(at: $0.start).time.description }
        #expect(walls == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"])
        // 01:00 and 01:30 are the first occurrences (BST).
        #expect(slots[2].start == instant("2026-10-25T00:00:00Z"))
        // A 150-minute service from 01:30 BST runs through the repeated hour and still ends by 03:00 GMT.
        let long = SlotFinder.slots(for: request(from: "2026-10-25", zone: london, interval: 30, duration: 150, staff: [staff]))
        #expect(long.map { london.wallClock(at: $0.start).time.description }.contains("01:30"))
    }

    @Test func nothingForAnEmptyOrInvertedRequest() {
        let staff = StaffSchedule(id: alice, hours: everyDay([("09:00", "17:00")]))
        #expect(SlotFinder.slots(for: request(from: "2026-12-02", to: "2026-12-01", staff: [staff])).isEmpty)
        #expect(SlotFinder.slots(for: request(from: tuesday, staff: [])).isEmpty)
    }
}

@Suite("Slot finder regressions")
struct SlotFinderRegressionTests {
    /// Found by the property test (seed 216412773746809267): a shift starting inside the repeated
    /// hour of a fall-back day is one continuous span, so a long service may run through 01:00 GMT.
    @Test func shiftStartingInTheRepeatedHourIsContinuous() {
        let staff = StaffSchedule(id: alice, hours: hours([.sunday: [("01:15", "04:45")]]))
        let slots = SlotFinder.slots(
            for: request(from: "2026-10-25", zone: london, interval: 10, duration: 170, after: 15, staff: [staff]))
        #expect(slots.first?.start == instant("2026-10-25T00:15:00Z"))  // 01:15 BST
        #expect(slots.first?.end == instant("2026-10-25T03:05:00Z"))
        #expect(ReferenceSlotFinder.slots(
            for: request(from: "2026-10-25", zone: london, interval: 10, duration: 170, after: 15, staff: [staff])) == slots)
    }
}
