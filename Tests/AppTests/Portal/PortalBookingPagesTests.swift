import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's Today page and booking page (issue 22): the same `BookingService` rules as the admin
/// API, staff limited to their own column, and a cancellation's message reaching the client's email.
@Suite("Portal bookings")
struct PortalBookingPagesTests {
    struct Setup {
        let salon: Salon
        let owner: String
        let staff: String
    }

    /// The salon with an owner and a staff login for Alex, both signed in.
    func setUp(_ app: Application) async throws -> Setup {
        let salon = try await Salon.make(app)
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "alex@salon.example", role: .staff, staff: salon.alex.id)
        return Setup(
            salon: salon, owner: try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example"),
            staff: try await PortalLogin.signIn(app, slug: "salon", email: "alex@salon.example"))
    }

    @Test func todayListsTheDayInTimeOrderAndTheNextDays() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let salon = setup.salon
            // Today is Monday 30 November (08:00 in London).
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-11-30T14:00:00Z", staff: salon.sam, email: "late@example.com")
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-11-30T10:00:00Z", staff: salon.alex, email: "early@example.com")
            _ = try await PortalFixtures.booking(app, salon, start: "2026-12-01T10:00:00Z", staff: salon.alex)
            let page = try await app.page("/t/salon/admin", headers: ["Cookie": setup.owner])
            #expect(page.status == .ok)
            let main = page.main
            #expect(main.contains("Today, Monday 30 November"))
            let early = try #require(main.range(of: "10:00–11:00")), late = try #require(main.range(of: "14:00–15:00"))
            #expect(early.lowerBound < late.lowerBound)
            #expect(main.contains("Ana Silva · Alex") && main.contains("Ana Silva · Sam"))
            #expect(main.contains("Tue 1 Dec<span class=\"count\">1 booking</span>"))
            #expect(page.headers.first(name: .cacheControl) == "no-store, private")

            // Alex's login sees Alex's column only.
            let mine = try await app.page("/t/salon/admin", headers: ["Cookie": setup.staff]).main
            #expect(mine.contains("10:00–11:00") && !mine.contains("14:00–15:00"))

            let other = try await app.page("/t/salon/admin?date=2026-12-01", headers: ["Cookie": setup.owner]).main
            #expect(other.contains("Tuesday 1 December 2026") && other.contains("10:00–11:00"))
        }
    }

    @Test func cancellingWithAMessageTellsTheClientInTheirEmailOnce() async throws {
        try await withTestApp { app in
            let mailroom = try await Mailroom.open(app)
            defer { Task { try? await mailroom.close() } }
            let setup = try await setUp(app)
            let booking = try await PortalFixtures.booking(
                app, setup.salon, start: "2026-12-02T10:00:00Z", email: "ana@example.com")
            try await mailroom.deliver()
            let path = "/t/salon/admin/bookings/\(booking.uuidString.lowercased())"
            let shown = try await app.page(path, headers: ["Cookie": setup.owner])
            #expect(shown.main.contains("Cancel the booking and tell the client") && shown.main.contains("ana@example.com"))

            let words = "Alex is unwell; we can see you on Friday at 10:00 instead."
            for _ in 0..<2 {  // sent twice: acts once
                let cancelled = try await app.postForm(path + "/cancel", [("message", words)], headers: ["Cookie": setup.owner])
                #expect(cancelled.status == .seeOther && cancelled.location == path + "?done=cancelled")
            }
            #expect(try await Booking.find(booking, on: app.db)?.status == .cancelled)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "cancel").count() == 1)
            try await mailroom.deliver()
            let cancellations = mailroom.mails(to: "ana@example.com").filter {
                $0.headers["subject"]?.hasPrefix("Cancelled") == true
            }
            #expect(cancellations.count == 1)
            #expect(cancellations.first?.part("text/plain")?.body.contains(words) == true)
            let after = try await app.page(path + "?done=cancelled", headers: ["Cookie": setup.owner]).main
            #expect(after.contains("Cancelled. The client has been told.") && !after.contains("Cancel the booking and tell"))
            #expect(after.contains("Cancellation email sent"))
        }
    }

    @Test func aRefusedMessageKeepsWhatWasTypedAndChangesNothing() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let booking = try await PortalFixtures.booking(app, setup.salon, start: "2026-12-02T10:00:00Z")
            let path = "/t/salon/admin/bookings/\(booking.uuidString.lowercased())"
            let outbox = try await OutboxMessage.query(on: app.db).count()
            let long = String(repeating: "so sorry ", count: 60)
            let refused = try await app.postForm(path + "/cancel", [("message", long)], headers: ["Cookie": setup.owner])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.main.contains("The message must be at most 500 characters."))
            #expect(refused.main.contains(long))
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)
            #expect(try await OutboxMessage.query(on: app.db).count() == outbox)
        }
    }

    @Test func statusChangesFollowTheAPIRules() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let tenant = try #require(try await Tenant.find(setup.salon.tenant.id, on: app.db))
            tenant.autoConfirm = false
            try await tenant.update(on: app.db)
            let booking = try await PortalFixtures.booking(app, setup.salon, start: "2026-12-02T10:00:00Z")
            let path = "/t/salon/admin/bookings/\(booking.uuidString.lowercased())"
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": setup.owner]).main.contains("Awaiting confirmation"))

            let early = try await app.postForm(path + "/status", [("status", "completed")], headers: ["Cookie": setup.owner])
            #expect(early.status == .conflict && early.main.contains("A pending booking cannot become completed."))
            let confirmed = try await app.postForm(path + "/status", [("status", "confirmed")], headers: ["Cookie": setup.owner])
            #expect(confirmed.location == path + "?done=confirmed")
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)

            let notYet = try await app.postForm(path + "/status", [("status", "no_show")], headers: ["Cookie": setup.owner])
            #expect(notYet.status == .conflict && notYet.main.contains("it can be marked a no-show only from then on"))
            let bogus = try await app.postForm(path + "/status", [("status", "cancelled")], headers: ["Cookie": setup.owner])
            #expect(bogus.status == .unprocessableEntity)
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)

            // Two days on, the session has been idle too long: sign in again, then complete it.
            app.clock = FixedClock(try Date("2026-12-02T10:30:00Z", strategy: .iso8601))
            let stale = try await app.postForm(path + "/status", [("status", "completed")], headers: ["Cookie": setup.owner])
            #expect(stale.location == "/t/salon/admin/sign-in")
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)
            let owner = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let done = try await app.postForm(path + "/status", [("status", "completed")], headers: ["Cookie": owner])
            #expect(done.location == path + "?done=completed")
            #expect(try await Booking.find(booking, on: app.db)?.status == .completed)
        }
    }

    @Test func staffReachOnlyTheirOwnBookingsAndNoOwnerAction() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            let salon = setup.salon
            let alexs = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            let sams = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.sam)
            let base = "/t/salon/admin/bookings/"
            #expect(try await app.page(base + alexs.uuidString, headers: ["Cookie": setup.staff]).status == .ok)
            let hidden = try await app.page(base + sams.uuidString, headers: ["Cookie": setup.staff])
            #expect(hidden.status == .notFound && hidden.main.contains("Booking not found"))
            // In the portal's layout, with its navigation and the way back to Today.
            #expect(hidden.body.string.contains("aria-label=\"Portal\"") && hidden.main.contains("Go to Today"))
            let cancel = try await app.postForm(base + sams.uuidString + "/cancel", [], headers: ["Cookie": setup.staff])
            #expect(cancel.status == .notFound)
            #expect(try await Booking.find(sams, on: app.db)?.status == .confirmed)

            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            message.status = .dead
            message.lastError = "550 mailbox unavailable"
            try await message.update(on: app.db)
            let retry = "/t/salon/admin/messages/\(message.id!.uuidString)/retry"
            #expect(try await app.postForm(retry, [], headers: ["Cookie": setup.staff]).status == .forbidden)
            #expect(!(try await app.page("/t/salon/admin", headers: ["Cookie": setup.staff]).main.contains("could not be sent")))
            #expect(try await OutboxMessage.find(message.id, on: app.db)?.status == .dead)

            let today = try await app.page("/t/salon/admin", headers: ["Cookie": setup.owner]).main
            #expect(today.contains("Messages that could not be sent") && today.contains("550 mailbox unavailable"))
            let retried = try await app.postForm(retry, [], headers: ["Cookie": setup.owner])
            #expect(retried.location == "/t/salon/admin?done=retried")
            #expect(try await OutboxMessage.find(message.id, on: app.db)?.status == .pending)
        }
    }
}
