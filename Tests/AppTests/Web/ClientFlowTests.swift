import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// What a client sees around a booking (issue 21): where, how much and how to pay; titles that say
/// which page and whether it has an error; the class list's details; links that lead on.
@Suite("Client flow details")
struct ClientFlowTests {
    @Test func confirmationSaysWhereHowMuchAndHowToPay() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let patch = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders,
                json: [
                    "address": "12 Grey Street\nNewcastle upon Tyne\nNE1 6AE", "paymentNote": "Pay by card or cash at the desk",
                ])
            #expect(patch.status == .ok && patch.body.string.contains("\"paymentWording\":\"Pay by card or cash at the desk\""))
            let res = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-03T10:00:00Z"))
            let path = "t/salon/manage/\(res.json["manageToken"] as! String)"
            let main = try await app.page(path + "?done=booked").main
            #expect(
                main.contains(
                    "<dt>Where</dt><dd>12 Grey Street, Newcastle upon Tyne, NE1 6AE<br><a href=\"https://www.google.com/maps/search/?api=1&query=12%20Grey%20Street,%20Newcastle%20upon%20Tyne,%20NE1%206AE\">Open in a map</a></dd>"
                ))
            #expect(
                main.contains("<dt>Price</dt><dd>£35.00</dd>")
                    && main.contains("<dt>Payment</dt><dd>Pay by card or cash at the desk</dd>"))
            #expect(main.contains("We have emailed a confirmation to ana@example.com"))
            let ics = try await app.page(path + "/calendar.ics").body.string.replacingOccurrences(of: "\r\n ", with: "")
            #expect(ics.contains("LOCATION:12 Grey Street\\, Newcastle upon Tyne\\, NE1 6AE"))
            // An empty note restores the default wording.
            _ = try await app.send(.PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["paymentNote": ""])
            #expect(try await app.page(path).main.contains("<dt>Payment</dt><dd>Pay at the salon</dd>"))
            let tooLong = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders,
                json: ["paymentNote": String(repeating: "x", count: 201)])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("paymentNote"))
        }
    }

    @Test func errorPagesSayErrorFirstAndALostLinkLeadsToMyBookings() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            let unknown = try await app.page("t/salon/manage/not-a-real-token-at-all")
            #expect(unknown.status == .notFound && unknown.body.string.contains("<title>Error: "))
            #expect(unknown.main.contains("href=\"/t/salon/my-bookings\">Email me my bookings</a>"))
            let missing = try await app.page("t/salon/no-such-page")
            #expect(
                missing.body.string.contains("<title>Error: Page not found") && !missing.main.contains("Email me my bookings"))
            // A form sent back with mistakes says so in its title too.
            let salon = try await Salon.make(app, slug: "salon2")
            let wrong = try await app.postForm(
                "t/salon2/book/details",
                [("service", salon.service.id!.uuidString), ("staff", "any"), ("start", "2026-12-02T10:00:00Z"), ("name", "")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("<title>Error: Your details"))
        }
    }

    @Test func theServiceListKeepsDescriptionsAndDaysLinkToTheirTimes() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let service = try #require(try await Service.find(salon.service.id, on: app.db))
            service.description = "Wash, cut and blow-dry."
            try await service.update(on: app.db)
            #expect(try await app.page("t/salon/book").main.contains("Wash, cut and blow-dry."))
            let days = try await app.page("t/salon/book?service=\(salon.service.id!)&staff=any").main
            #expect(days.contains("#times\" aria-current=\"date\"") || days.contains("#times\" data-date="))
            #expect(!days.contains("&date=2026-12-01\" "), "every day link jumps to the times")
            #expect(days.contains("<h2 id=\"times-heading\" tabindex=\"-1\">"))
        }
    }

    @Test func classesShowTeacherPriceAndTheirOwnTitleAndVenue() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let maya = try await Factory.staff(app, tenant: studio, name: "Maya", services: [])
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            session.instructorID = maya.id
            session.location = ""
            try await session.update(on: app.db)
            _ = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: studio.adminHeaders, json: ["address": "The Old Chapel\nAlnwick"])
            let list = try await app.page("t/studio/sessions").main
            #expect(list.contains("<span class=\"meta\">with Maya · £12.00</span>"))
            let page = try await app.page("t/studio/sessions/\(session.id!.uuidString.lowercased())")
            #expect(page.body.string.contains("<title>Yoga, "))
            #expect(
                page.main.contains("<dt>Where</dt><dd>The Old Chapel, Alnwick<br>"), "no venue of its own: the studio's address")
            #expect(page.main.contains("<dt>Payment</dt><dd>Pay at the studio</dd>"))
            #expect(page.main.contains("You can cancel online until ") && page.main.contains("aria-describedby=\"change-policy\""))
            let wrong = try await app.postForm("t/studio/sessions/\(session.id!.uuidString.lowercased())", [("name", ""), ("email", "x")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("<title>Error: Yoga, "))
        }
    }

    @Test func productionRefusesASenderThatCannotReceiveMail() throws {
        let base = ["APP_ENV": "production", "APP_SECRET": String(repeating: "s", count: 40), "SMTP_HOST": "smtp.salon.co.uk"]
        for from in ["bookings@localhost", "bookings@example.com", "a@mail.example.org", "b@salon.test", "c@host"] {
            #expect(throws: ConfigurationError.self) { try AppConfig.load(from: base.merging(["SMTP_FROM": from]) { $1 }) }
        }
        #expect(throws: Never.self) { try AppConfig.load(from: base.merging(["SMTP_FROM": "bookings@salon.co.uk"]) { $1 }) }
        // Development keeps allowing test addresses.
        #expect(throws: Never.self) {
            try AppConfig.load(from: ["SMTP_HOST": "localhost", "SMTP_FROM": "bookings@nbne.test"])
        }
    }
}
