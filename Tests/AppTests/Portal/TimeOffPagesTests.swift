import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Time off as one date range (issue 23): the bookings it lies over are listed before anything is
/// saved, each kept or cancelled with the owner's message; the days vanish from the booking site.
@Suite("Portal time off")
struct TimeOffPagesTests {
    private func owner(_ app: Application, _ salon: Salon) async throws -> HTTPHeaders {
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
        return ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
    }

    private func slots(_ app: Application, _ salon: Salon, staff: Staff, day: String) async throws -> Int {
        let response = try await app.send(
            .GET, "api/v1/slots?service=\(salon.service.id!)&staff=\(staff.id!)&from=\(day)&to=\(day)",
            headers: salon.tenant.headers)
        return (response.json["slots"] as? [[String: Any]])?.count ?? -1
    }

    @Test func aTwoWeekHolidayListsItsBookingsAndCancelsTheChosenOnesWithTheMessage() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try? await mailroom.close() } }
            let first = try await PortalFixtures.booking(app, salon, start: "2026-12-08T10:00:00Z", staff: salon.alex)
            let second = try await PortalFixtures.booking(
                app, salon, start: "2026-12-14T11:00:00Z", staff: salon.alex, email: "bo@example.com")
            let samsOwn = try await PortalFixtures.booking(
                app, salon, start: "2026-12-09T10:00:00Z", staff: salon.sam, email: "cy@example.com")
            #expect(try await slots(app, salon, staff: salon.alex, day: "2026-12-10") > 0)
            let entry: [(String, String)] = [
                ("who", salon.alex.id!.uuidString.lowercased()), ("fromDate", "2026-12-07"), ("fromTime", ""),
                ("toDate", "2026-12-18"), ("toTime", ""), ("reason", "Holiday"),
            ]

            let review = try await app.postForm("/t/salon/admin/time-off", entry + [("step", "review")], headers: owner)
            #expect(review.status == .ok)
            #expect(review.main.contains("Alex: Monday 7 December 2026 to Friday 18 December 2026, whole days."))
            #expect(review.main.contains("name=\"booking-\(first.uuidString.lowercased())\""))
            #expect(review.main.contains("name=\"booking-\(second.uuidString.lowercased())\""))
            #expect(!review.main.contains(samsOwn.uuidString.lowercased()), "another staff member's booking is not affected")
            #expect(try await Closure.query(on: app.db).count() == 0, "nothing is saved before the review")

            let words = "Sorry, Alex is away: reply and we will find you another time."
            let save =
                entry + [
                    ("step", "save"), ("booking-\(first.uuidString.lowercased())", "cancel"),
                    ("booking-\(second.uuidString.lowercased())", "keep"), ("message", words), ("_once", "time-off-form-00001"),
                ]
            for _ in 0..<2 {  // sent twice: one entry, one cancellation
                let saved = try await app.postForm("/t/salon/admin/time-off", save, headers: owner)
                #expect(saved.status == .seeOther && saved.location.contains("done=added"))
            }
            #expect(try await Closure.query(on: app.db).count() == 1)
            #expect(try await Booking.find(first, on: app.db)?.status == .cancelled)
            #expect(try await Booking.find(second, on: app.db)?.status == .confirmed)
            #expect(try await Booking.find(samsOwn, on: app.db)?.status == .confirmed)
            // What the API says of it: the same closure, in local time.
            let closures = try await app.send(.GET, "api/v1/admin/closures", headers: salon.tenant.adminHeaders).jsonArray
            #expect(closures.count == 1 && closures.first?["startsAt"] as? String == "2026-12-07T00:00")
            #expect(
                closures.first?["endsAt"] as? String == "2026-12-19T00:00" && closures.first?["reason"] as? String == "Holiday")
            // The days vanish from the booking site for Alex, not for Sam.
            #expect(try await slots(app, salon, staff: salon.alex, day: "2026-12-10") == 0)
            #expect(try await slots(app, salon, staff: salon.sam, day: "2026-12-10") > 0)
            try await mailroom.deliver()
            let cancellation = mailroom.mails(to: "ana@example.com").first {
                $0.headers["subject"]?.hasPrefix("Cancelled") == true
            }
            #expect(cancellation?.part("text/plain")?.body.contains(words) == true)
            #expect(mailroom.mails(to: "bo@example.com").allSatisfy { $0.headers["subject"]?.hasPrefix("Cancelled") != true })
            let list = try await app.page("/t/salon/admin/time-off?done=added&cancelled=1&kept=1", headers: owner).main
            #expect(list.contains("1 booking cancelled") && list.contains("1 booking in that time kept"))
            #expect(list.contains("Monday 7 December 2026 to Friday 18 December 2026, whole days"))
        }
    }

    @Test func partOfADayWithNoBookingsIsSavedAtOnceAndCanBeRemoved() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let saved = try await app.postForm(
                "/t/salon/admin/time-off",
                [("who", ""), ("fromDate", "2026-12-10"), ("fromTime", "14:00"), ("toTime", "16:30"), ("step", "review")],
                headers: owner)
            #expect(saved.status == .seeOther && saved.location.contains("done=added"))
            let closure = try #require(try await Closure.query(on: app.db).first())
            #expect(
                closure.staffID == nil && closure.startsLocal == "2026-12-10T14:00" && closure.endsLocal == "2026-12-10T16:30")
            let list = try await app.page("/t/salon/admin/time-off", headers: owner).main
            #expect(list.contains("Thursday 10 December 2026, 14:00 to 16:30") && list.contains("The whole business"))
            let removed = try await app.postForm(
                "/t/salon/admin/time-off/\(closure.id!.uuidString.lowercased())/remove", [], headers: owner)
            #expect(removed.status == .seeOther && removed.location.hasSuffix("done=removed"))
            #expect(try await Closure.query(on: app.db).count() == 0)
        }
    }

    @Test func refusedDatesChangeNothingAndKeepWhatWasTyped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            for (fields, message) in [
                ([("fromDate", "2026-12-20"), ("toDate", "2026-12-10")], "To must be after the start"),
                ([("fromDate", "10/12/2026")], "From must be a date like 2026-12-24"),
                ([("fromDate", "")], "From is required"),
                ([("fromDate", "2026-12-10"), ("fromTime", "25:00")], "From time must be a time like 09:00"),
                ([("fromDate", "2026-11-01"), ("toDate", "2026-11-02")], "To must be in the future"),
                ([("fromDate", "2030-01-01")], "must be within 2 years from today"),
                ([("fromDate", "2026-12-10"), ("who", UUID().uuidString)], "is no longer one of the staff"),
                ([("fromDate", "2026-12-10"), ("reason", "Away\u{7}")], "Reason must not contain control characters"),
            ] as [([(String, String)], String)] {
                let refused = try await app.postForm("/t/salon/admin/time-off", fields + [("step", "save")], headers: owner)
                #expect(refused.status == .unprocessableEntity, "\(fields)")
                #expect(refused.main.contains(message), "\(fields): \(refused.main.prefix(0))")
                if let typed = fields.first(where: { $0.0 == "fromDate" })?.1, !typed.isEmpty {
                    #expect(refused.main.contains("value=\"\(typed)\""), "what was typed is kept")
                }
            }
            #expect(try await Closure.query(on: app.db).count() == 0)
        }
    }
}
