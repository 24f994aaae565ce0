import Foundation
import Scheduling
import Testing

@testable import App

/// The portal's form readers without HTTP: prices as typed, and the weekly hours editor.
@Suite("Portal form readers")
struct PortalFormsTests {
    @Test func pricesAreReadAsAnOwnerTypesThem() {
        #expect(PriceText.cents("25") == .success(2500))
        #expect(PriceText.cents(" £25.5 ") == .success(2550))
        #expect(PriceText.cents("0.05") == .success(5))
        #expect(PriceText.cents("100000") == .success(10_000_000))
        for bad in ["", "25.505", "-3", "1e3", "25,50", "100001", ".5", "٣"] {
            guard case .failure = PriceText.cents(bad) else {
                Issue.record("\(bad) was accepted")
                continue
            }
        }
        #expect(
            PriceText.text(cents: 2550) == "25.50" && PriceText.text(cents: 3000) == "30" && PriceText.text(cents: 5) == "0.05")
    }

    @Test func theHoursEditorReadsDaysRangesAndMidnight() throws {
        let form = HoursForm(fields: [
            "mon-open": "yes", "mon-1-start": "09:00", "mon-1-end": "12:30", "mon-3-start": "13:30", "mon-3-end": "00:00",
            "tue-1-start": "10:00", "tue-1-end": "11:00",
            "sat-open": "yes", "sat-1-start": "08:00:00", "sat-1-end": "14:00",
        ])
        guard case .hours(let hours) = form.reading() else {
            Issue.record("refused: \(form.reading())")
            return
        }
        #expect(hours.ranges(on: .monday).map(\.description) == ["09:00-12:30", "13:30-24:00"])
        #expect(hours.ranges(on: .tuesday).isEmpty && hours.ranges(on: .saturday).map(\.description) == ["08:00-14:00"])
        // Shown again, midnight is 00:00 (what a time input can hold), and the form reads back the same.
        let shown = HoursForm(hours)
        #expect(shown.day(.monday).rows.last == HoursForm.Row(start: "13:30", end: "00:00"))
        #expect(shown.reading() == .hours(hours))
    }

    @Test func theHoursEditorNamesTheDayOfEveryProblem() {
        let problems: [String: String] = [
            "mon-open": "yes",
            "tue-open": "yes", "tue-1-start": "9am", "tue-1-end": "17:00",
            "wed-open": "yes", "wed-1-start": "17:00", "wed-1-end": "09:00",
            "thu-open": "yes", "thu-1-start": "09:00", "thu-1-end": "",
        ]
        guard case .problems(let found) = HoursForm(fields: problems).reading() else {
            Issue.record("accepted")
            return
        }
        #expect(found[.monday] == "Monday is open but has no hours: give it a start and an end, or untick the day")
        #expect(found[.tuesday] == "Tuesday: the start must be a time like 09:00")
        #expect(found[.wednesday] == "Wednesday: the end must be after the start")
        #expect(found[.thursday] == "Thursday: the end must be a time like 17:30")
    }

    @Test func copyingADayGivesOthersItsHoursAsTyped() {
        var form = HoursForm(fields: ["mon-open": "yes", "mon-1-start": "09:00", "mon-1-end": "17:00", "sun-open": "yes"])
        form.copy(from: .monday, to: [.tuesday, .sunday, .monday])
        #expect(form.day(.tuesday) == form.day(.monday) && form.day(.sunday) == form.day(.monday))
        #expect(form.day(.wednesday).open == false)
        #expect(HoursPagesController.list(["Tuesday", "Wednesday", "Friday"]) == "Tuesday, Wednesday and Friday")
    }
}
