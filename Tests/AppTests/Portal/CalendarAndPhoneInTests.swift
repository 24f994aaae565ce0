import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The calendar's day and week views and the phone-in (issue 22), through HTTP as a browser uses
/// them: staff side by side for owners, one column for staff; a phone-in through the same engine and
/// database guarantee as the public site, with minimum notice overridden, acted on once.
@Suite("Calendar and phone-in")
struct CalendarAndPhoneInTests {
    struct Setup {
        let salon: Salon
        let owner: String
        let staff: String
    }

    func setUp(_ app: Application, minNotice: Int = 0) async throws -> Setup {
        let salon = try await Salon.make(app)
        if minNotice > 0 {
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.minNoticeMinutes = minNotice
            try await tenant.update(on: app.db)
        }
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
        return Setup(
            salon: salon, owner: try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example"),
            staff: try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example"))
    }

    @Test func theDayViewShowsTheStaffSideBySideAndStaffTheirOwnColumn() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let salon = setup.salon
            let alexs = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T14:00:00Z", staff: salon.sam, email: "bo@example.com")
            let day = try await app.page("/t/salon/admin/calendar?date=2026-12-02", headers: ["Cookie": setup.owner])
            #expect(day.status == .ok)
            let main = day.main
            #expect(main.contains("<th scope=\"col\">Alex</th>") && main.contains(">Sam</th>"))
            #expect(main.contains("href=\"/t/salon/admin/bookings/\(alexs.uuidString.lowercased())\""))
            #expect(main.contains("10:00–11:00") && main.contains("14:00–15:00"))
            // A free time books a phone-in there.
            #expect(
                main.contains(
                    "href=\"/t/salon/admin/phone-in?staff=\(salon.alex.id!.uuidString.lowercased())&start=2026-12-02T09:00:00Z\"")
            )

            let mine = try await app.page("/t/salon/admin/calendar?date=2026-12-02", headers: ["Cookie": setup.staff]).main
            #expect(mine.contains(">Sam</th>") && !mine.contains(">Alex</th>") && !mine.contains("10:00–11:00"))
            // Staff asking for someone else's week get their own.
            let week = try await app.page(
                "/t/salon/admin/calendar/week?staff=\(salon.alex.id!)&date=2026-12-02", headers: ["Cookie": setup.staff]
            ).main
            #expect(
                week.contains("Sam, week of Monday 30 November") && week.contains("14:00–15:00") && !week.contains("10:00–11:00"))
            let ownerWeek = try await app.page(
                "/t/salon/admin/calendar/week?staff=\(salon.alex.id!)&date=2026-12-02", headers: ["Cookie": setup.owner]
            ).main
            #expect(ownerWeek.contains("Alex, week of Monday 30 November") && ownerWeek.contains("10:00–11:00"))
            #expect(ownerWeek.contains("<th scope=\"col\">Wed 2 Dec</th>"))
            let unknown = try await app.page("/t/salon/admin/calendar/week?staff=\(UUID())", headers: ["Cookie": setup.owner])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aClassShowsInItsInstructorsColumn() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let session = try await StudioFactory.session(
                app, tenant: setup.salon.tenant, capacity: 8, start: "2026-12-02T12:00:00Z")
            session.instructorID = setup.salon.sam.id
            session.title = "Colour workshop"
            try await session.update(on: app.db)
            let day = try await app.page("/t/salon/admin/calendar?date=2026-12-02", headers: ["Cookie": setup.owner]).main
            #expect(day.contains("Colour workshop") && day.contains("0 of 8 places taken") && day.contains("12:00–13:00"))
            let week = try await app.page("/t/salon/admin/calendar/week?date=2026-12-02", headers: ["Cookie": setup.staff]).main
            #expect(week.contains("Colour workshop"))
        }
    }

    @Test func aPhoneInBooksWithinTheNoticeTheWebsiteKeepsAndActsOnce() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app, minNotice: 24 * 60)
            let salon = setup.salon
            // 10:00 today is inside the 24-hour notice: the website refuses it.
            let online = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-11-30T10:00:00Z", staff: salon.alex))
            #expect(online.status.code >= 400)

            let service = salon.service.id!.uuidString.lowercased(), alex = salon.alex.id!.uuidString.lowercased()
            let step1 = try await app.page(
                "/t/salon/admin/phone-in?staff=\(alex)&start=2026-11-30T10:00:00Z", headers: ["Cookie": setup.owner]
            ).main
            #expect(
                step1.contains("href=\"/t/salon/admin/phone-in?service=\(service)&staff=\(alex)&start=2026-11-30T10:00:00Z\""))
            let step2 = try await app.page(
                "/t/salon/admin/phone-in?service=\(service)&staff=any", headers: ["Cookie": setup.owner])
            #expect(step2.main.contains(">10:00</a>") && step2.main.contains("Monday 30 November 2026"))

            let fields = [
                ("service", service), ("staff", alex), ("start", "2026-11-30T10:00:00Z"), ("name", "Caller One"),
                ("email", "caller@example.com"), ("phone", ""), ("notes", "Rang at 8"), ("_once", "phone-in-form-0001"),
            ]
            var first: String?
            for _ in 0..<2 {
                let sent = try await app.postForm("/t/salon/admin/phone-in", fields, headers: ["Cookie": setup.owner])
                #expect(sent.status == .seeOther && sent.location.hasSuffix("?done=booked"))
                first = first ?? sent.location
                #expect(sent.location == first)
            }
            let bookings = try await Booking.query(on: app.db).all()
            #expect(bookings.count == 1)
            let audited = try await AuditEvent.query(on: app.db).filter(\.$objectType == "booking").all()
            #expect(audited.map(\.action) == ["create"] && audited.first?.objectID == bookings.first?.id)
            #expect(bookings.first?.staffID == salon.alex.id && bookings.first?.contactEmail == "caller@example.com")
            #expect(bookings.first?.notes == "Rang at 8")
            let confirmations = try await OutboxMessage.query(on: app.db).filter(\.$kind == .confirmation).count()
            #expect(confirmations == 1)
            #expect(
                try await app.page(first!, headers: ["Cookie": setup.owner]).main.contains(
                    "Booked. The client gets the usual confirmation."))

            // The same time again: taken, nearest times offered, nothing saved.
            var again = fields
            again[again.count - 1] = ("_once", "phone-in-form-0002")
            again[4] = ("email", "other@example.com")
            let taken = try await app.postForm("/t/salon/admin/phone-in", again, headers: ["Cookie": setup.owner])
            #expect(taken.status == .conflict && taken.main.contains("that time has just been taken"))
            #expect(taken.main.contains("value=\"other@example.com\""))
            #expect(try await Booking.query(on: app.db).count() == 1)
        }
    }

    @Test func aRefusedPhoneInKeepsWhatWasTypedAndStaffBookOnlyTheirOwnColumn() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let salon = setup.salon
            let service = salon.service.id!.uuidString.lowercased()
            let bad = try await app.postForm(
                "/t/salon/admin/phone-in",
                [
                    ("service", service), ("staff", "any"), ("start", "2026-12-02T10:00:00Z"), ("name", ""),
                    ("email", "not-an-email"),
                ],
                headers: ["Cookie": setup.owner])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.main.contains("Enter the client's name") && bad.main.contains("value=\"not-an-email\""))
            #expect(try await Booking.query(on: app.db).count() == 0)

            // Sam's login asks for Alex: the booking is Sam's.
            let sent = try await app.postForm(
                "/t/salon/admin/phone-in",
                [
                    ("service", service), ("staff", salon.alex.id!.uuidString), ("start", "2026-12-02T10:00:00Z"),
                    ("name", "Caller"), ("email", "caller@example.com"),
                ],
                headers: ["Cookie": setup.staff])
            #expect(sent.status == .seeOther)
            #expect(try await Booking.query(on: app.db).first()?.staffID == salon.sam.id)
        }
    }

    @Test func theClientSearchFindsByNameEmailOrPhoneAndStaffOnlyTheirClients() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let salon = setup.salon
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex, email: "ana@example.com")
            let step3 = "/t/salon/admin/phone-in?service=\(salon.service.id!)&staff=any&start=2026-12-02T12:00:00Z"
            for query in ["ana", "ANA@EXAMPLE", "7700"] {
                let page = try await app.page(step3 + "&q=\(query)", headers: ["Cookie": setup.owner]).main
                #expect(page.contains("Ana Silva"), "searching \(query)")
            }
            let none = try await app.page(step3 + "&q=100%25_", headers: ["Cookie": setup.owner]).main
            #expect(none.contains("No client matches"))
            // Sam never served Ana.
            #expect(!(try await app.page(step3 + "&q=ana", headers: ["Cookie": setup.staff]).main.contains("Ana Silva")))
            let client = try #require(try await App.Client.query(on: app.db).first())
            let chosen = try await app.page(step3 + "&client=\(client.id!)", headers: ["Cookie": setup.owner]).main
            #expect(chosen.contains("value=\"ana@example.com\""))
            let notSams = try await app.page(step3 + "&client=\(client.id!)", headers: ["Cookie": setup.staff]).main
            #expect(!notSams.contains("value=\"ana@example.com\""))
        }
    }
}
