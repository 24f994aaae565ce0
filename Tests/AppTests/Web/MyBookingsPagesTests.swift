import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// `/my-bookings`: a link by email, the same answer for any address, at most three an hour.
@Suite("My bookings")
struct MyBookingsPagesTests {
    @Test func theLinkListsUpcomingBookingsAndPlaces() async throws {
        try await withTestApp { app in
            let mailroom = try await Mailroom.open(app)
            let salon = try await Salon.make(app)
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-03T10:00:00Z"))
            let session = try await StudioFactory.session(app, tenant: salon.tenant, capacity: 2)
            _ = try await app.send(
                .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: salon.tenant.headers,
                json: ["client": ["name": "Ana", "email": "ana@example.com"], "consent": true])
            try await mailroom.deliver()
            let res = try await app.postForm("t/salon/my-bookings", [("email", "ANA@example.com")])
            #expect(res.status == .ok && res.main.contains("Check your email"))
            try await mailroom.deliver()
            let mail = try #require(
                mailroom.mails(to: "ana@example.com").first { $0.headers["subject"] == "Your bookings with Test salon" })
            let text = try #require(mail.part("text/plain")).body
            let link = try #require(text.firstMatch(of: /http:\/\/127\.0\.0\.1:8080\/(t\/salon\/my-bookings\/[A-Za-z0-9_-]+)/)?.1)
            let list = try await app.page(String(link))
            #expect(list.status == .ok && list.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(list.main.contains("Cut") && list.main.contains("Thursday 3 December 2026, 10:00 to 11:00"))
            #expect(list.main.contains("Yoga") && list.main.contains("Place confirmed"))
            let manage = try #require(list.main.firstMatch(of: /href="\/(t\/salon\/manage\/[^"]+)"/)?.1)
            #expect(
                try await app.page(String(manage)).main.contains("<h1>Your place</h1>"),
                "the soonest first: the class on Wednesday")
            // Sixty minutes later the link has expired.
            app.clock = FixedClock(testNow.addingTimeInterval(61 * 60))
            let expired = try await app.page(String(link))
            #expect(expired.status == .notFound && expired.main.contains("This link has expired"))
            try await mailroom.close()
        }
    }

    @Test func theAnswerIsTheSameForAnyAddressAndTheLimitHolds() async throws {
        try await withTestApp { app in
            let mailroom = try await Mailroom.open(app)
            let salon = try await Salon.make(app)
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-03T10:00:00Z"))
            let known = try await app.postForm("t/salon/my-bookings", [("email", "ana@example.com")])
            let unknown = try await app.postForm("t/salon/my-bookings", [("email", "nobody@example.com")])
            #expect(known.status == unknown.status)
            #expect(
                known.main.replacingOccurrences(of: "ana@example.com", with: "X")
                    == unknown.main.replacingOccurrences(of: "nobody@example.com", with: "X"))
            func links() async throws -> Int {
                try await OutboxMessage.query(on: app.db, tenant: salon.tenant.id).filter(\.$kind == .myBookingsLink).count()
            }
            // The same work for both (a request row and a queued message, so the answer takes as long);
            // the worker decides, and only the known address gets an email.
            func requests() async throws -> Int {
                try await (app.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(MyBookingsRequests.schema).first(decoding: Count.self)?.n ?? -1
            }
            #expect(try await links() == 2)
            #expect(try await requests() == 2)
            try await mailroom.deliver()
            #expect(mailroom.mails(to: "ana@example.com").contains { $0.headers["subject"] == "Your bookings with Test salon" })
            #expect(mailroom.mails(to: "nobody@example.com").isEmpty, "no email to an address that never booked")
            let skipped = try await OutboxMessage.query(on: app.db, tenant: salon.tenant.id).filter(\.$kind == .myBookingsLink)
                .filter(\.$status == .cancelled).all()
            #expect(skipped.count == 1 && skipped.first?.lastError?.contains("no bookings") == true)
            for _ in 0..<5 { _ = try await app.postForm("t/salon/my-bookings", [("email", "ana@example.com")]) }
            #expect(try await links() == 4, "at most three an hour per address")
            app.clock = FixedClock(testNow.addingTimeInterval(3601))
            _ = try await app.postForm("t/salon/my-bookings", [("email", "ana@example.com")])
            #expect(try await links() == 5, "the next hour allows another")
            let bad = try await app.postForm("t/salon/my-bookings", [("email", "not an address")])
            #expect(bad.status == .unprocessableEntity && bad.main.contains("Enter an email address like name@example.com"))
            #expect(bad.body.string.contains("<title>Error: My bookings"))
            try await mailroom.close()
        }
    }

    struct Count: Decodable { let n: Int }

    @Test func aLinkWorksOnlyForItsOwnBusiness() async throws {
        try await withTestApp { app in
            let a = try await Salon.make(app, slug: "salon-a")
            let b = try await Salon.make(app, slug: "salon-b")
            let links = MyBookingsLink(manageTokens: try await app.services.manageTokens(on: app.db))
            let token = try links.token(tenant: a.tenant.id, email: "ana@example.com", expires: testNow.addingTimeInterval(600))
            #expect(try await app.page("t/salon-a/my-bookings/\(token)").status == .ok)
            #expect(try await app.page("t/salon-b/my-bookings/\(token)").status == .notFound)
            var tampered = Array(token)
            tampered[20] = tampered[20] == "A" ? "B" : "A"
            #expect(try await app.page("t/salon-a/my-bookings/\(String(tampered))").status == .notFound)
            _ = b
        }
    }
}
