import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// `/manage/<token>` for bookings and places, and the class pages.
@Suite("Manage and class pages")
struct ManagePagesTests {
    /// A booking made through the API; returns its manage path.
    func book(_ app: Application, _ salon: Salon, start: String) async throws -> String {
        let res = try await app.send(
            .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start, staff: salon.alex))
        #expect(res.status == .created)
        return "t/salon/manage/\(res.json["manageToken"] as! String)"
    }

    /// A manage link's booking is one indexed read (a prepared statement on PostgreSQL, whose
    /// generic plan uses the token's index), and a token that differs by a character finds nothing.
    @Test func aManageLinksBookingIsOneIndexedRead() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = try await book(app, salon, start: "2026-12-01T10:00:00Z")
            let token = String(path.split(separator: "/").last!)
            let log = LogCapture()
            let logged = app.databases.database(logger: log.logger, on: app.eventLoopGroup.any())!
            let found = try await ManagedItem.find(
                token: token, tenant: salon.tenant.id, storage: app.services.storage, on: logged)
            guard case .booking(let booking)? = found else { Issue.record("no booking for \(token)"); return }
            #expect(booking.startsAt == (try Date("2026-12-01T10:00:00Z", strategy: .iso8601)) && booking.status == .confirmed)
            let other = String(token.dropLast()) + (token.last == "A" ? "B" : "A")
            #expect(
                try await ManagedItem.find(token: other, tenant: salon.tenant.id, storage: app.services.storage, on: app.db)
                    == nil)
            guard TestDatabase.postgresURL != nil else { return }  // SQLiteKit logs no statements
            #expect(log.statements.filter { $0.contains("FROM bookings") } == [PostgresBookingRepository.ByManageToken.sql])
            let plan = try await app.db.withConnection { connection in
                let session = connection as! any SQLDatabase
                try await session.raw("SET plan_cache_mode = force_generic_plan").run()
                try await session.raw(
                    "PREPARE by_token(text, uuid) AS \(unsafeRaw: PostgresBookingRepository.ByManageToken.sql)"
                ).run()
                let lines = try await session.raw(
                    "EXPLAIN EXECUTE by_token('\(unsafeRaw: ManageToken.hash(token))', '\(unsafeRaw: salon.tenant.id.uuidString)')"
                ).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                try await session.raw("DEALLOCATE by_token").run()
                try await session.raw("RESET plan_cache_mode").run()
                return lines.joined(separator: "\n")
            }
            #expect(plan.contains("bookings_manage_token_hash_idx"), "\(plan)")
        }
    }

    @Test func summaryDeadlineAndActions() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = try await book(app, salon, start: "2026-12-03T10:00:00Z")
            let res = try await app.page(path)
            #expect(res.status == .ok)
            #expect(res.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(res.headers.first(name: .cacheControl) == "no-store, private")
            let main = res.main
            #expect(main.contains("<dt>What</dt><dd>Cut</dd>") && main.contains("<dt>With</dt><dd>Alex</dd>"))
            #expect(main.contains("Thursday 3 December 2026, 10:00 to 11:00"))
            #expect(main.contains("until <strong>Wednesday 2 December 2026 at 10:00 (London time)</strong>"))
            #expect(main.contains("Change the time") && main.contains("Cancel booking"))
            let ics = try await app.page(path + "/calendar.ics")
            #expect(ics.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            #expect(ics.body.string.contains("DTSTART:20261203T100000Z") && ics.body.string.contains("METHOD:PUBLISH"))
            #expect(ics.body.string.replacingOccurrences(of: "\r\n ", with: "").contains("mailto:ana@example.com"))
            // Regression: the calendar file's URL came from the request's Host header.
            let spoofed = try await app.page(path + "/calendar.ics", headers: ["Host": "evil.example"])
            let unfolded = spoofed.body.string.replacingOccurrences(of: "\r\n ", with: "")
            #expect(!unfolded.contains("evil.example"))
            #expect(unfolded.contains("URL:http://127.0.0.1:8080/\(path)"), "\(unfolded)")
        }
    }

    @Test func pastTheCutOffTheActionsGiveWayToTheContact() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.phone = "+44 191 496 0000"
            try await tenant.update(on: app.db)
            let path = try await book(app, salon, start: "2026-11-30T15:00:00Z")
            let main = try await app.page(path).main
            #expect(main.contains("It is too late to change this online"))
            #expect(main.contains("+44 191 496 0000") && main.contains("tel:+441914960000") && main.contains("mailto:"))
            #expect(!main.contains("Change the time") && !main.contains("Cancel booking"))
            // Posting anyway is refused with the page, not an error.
            let refused = try await app.postForm(path + "/cancel", [])
            #expect(refused.status == .conflict && refused.main.contains("up to 24 hours before the start"))
            #expect(try await Booking.query(on: app.db).first()?.status == .confirmed)
        }
    }

    @Test func cancelAsksThenCancelsAndOffersToBookAgain() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = try await book(app, salon, start: "2026-12-03T10:00:00Z")
            let ask = try await app.page(path + "/cancel")
            #expect(ask.main.contains("Cancel this booking?") && ask.main.contains("Yes, cancel it"))
            let done = try await app.postForm(path + "/cancel", [])
            #expect(done.status == .seeOther && done.location.hasSuffix("?done=cancelled"))
            let page = try await app.page(String(done.location.dropFirst()))
            #expect(page.main.contains("<dt>Status</dt><dd>Cancelled</dd>") && page.main.contains("Book again"))
            #expect(!page.main.contains("calendar.ics"))
            #expect(try await Booking.query(on: app.db).first()?.status == .cancelled)
            // The confirmation page of a cancelled booking goes back to the summary.
            #expect(try await app.page(path + "/cancel").status == .seeOther)
        }
    }

    @Test func rescheduleKeepsTheStaffMemberAndMovesTheBooking() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = try await book(app, salon, start: "2026-12-03T10:00:00Z")
            let picker = try await app.page(path + "/reschedule?date=2026-12-04")
            #expect(picker.main.contains("Times on Friday 4 December"))
            #expect(picker.body.string.contains("staff=\(salon.alex.id!.uuidString.lowercased())"))
            let confirm = try await app.page(path + "/reschedule/confirm?start=2026-12-04T14:00:00Z")
            #expect(
                confirm.main.contains(
                    "<dt>New time</dt><dd>Friday 4 December 2026, 14:00 to 15:00</dd>\n<dt>Now booked for</dt><dd>Thursday 3 December 2026, 10:00 to 11:00</dd>"
                ),
                "the new time where When was")
            // Choosing a new time shows what, when and with whom only.
            #expect(!picker.main.contains("<dt>Name</dt>") && !confirm.main.contains("<dt>Name</dt>"))
            #expect(picker.main.contains("<dt>With</dt><dd>Alex</dd>") && confirm.main.contains("<dt>With</dt><dd>Alex</dd>"))
            let moved = try await app.postForm(path + "/reschedule", [("start", "2026-12-04T14:00:00Z")])
            #expect(moved.status == .seeOther && moved.location.hasSuffix("?done=moved"))
            let booking = try #require(try await Booking.query(on: app.db).first())
            #expect(
                booking.startsAt == (try Date("2026-12-04T14:00:00Z", strategy: .iso8601)) && booking.staffID == salon.alex.id)
            // A time taken meanwhile: the nearest free times instead.
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-04T11:00:00Z", staff: salon.alex, email: "other@example.com"))
            let taken = try await app.postForm(path + "/reschedule", [("start", "2026-12-04T11:00:00Z")])
            #expect(taken.status == .conflict && taken.main.contains("That time is no longer free"))
            #expect(taken.main.contains("name=\"start\" value=\"2026-12-04T10:00:00Z\""))
        }
    }

    @Test func rescheduleCanMoveToAnyoneFreeOrSomeoneElse() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = try await book(app, salon, start: "2026-12-03T10:00:00Z")
            // Alex is busy at 14:00 on Friday; Sam is not.
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-04T14:00:00Z", staff: salon.alex, email: "other@example.com"))
            let asBooked = try await app.page(path + "/reschedule?date=2026-12-04")
            #expect(asBooked.main.contains("aria-current=\"true\">Alex (as booked)</a>"))
            #expect(!asBooked.main.contains("start=2026-12-04T14:00:00Z"), "Alex's own times only")
            let anyone = try await app.page(path + "/reschedule?date=2026-12-04&staff=any")
            #expect(anyone.main.contains("reschedule/confirm?start=2026-12-04T14:00:00Z&staff=any"))
            let confirm = try await app.page(path + "/reschedule/confirm?start=2026-12-04T14:00:00Z&staff=any")
            #expect(
                confirm.main.contains("<dt>With</dt><dd>Anyone available</dd>")
                    && confirm.main.contains("name=\"staff\" value=\"any\""))
            let moved = try await app.postForm(path + "/reschedule", [("start", "2026-12-04T14:00:00Z"), ("staff", "any")])
            #expect(moved.status == .seeOther)
            let booking = try #require(try await Booking.query(on: app.db).filter(\.$contactEmail == "ana@example.com").first())
            let fridayAtTwo = try Date("2026-12-04T14:00:00Z", strategy: .iso8601)
            #expect(booking.staffID == salon.sam.id && booking.startsAt == fridayAtTwo)
            // Anyone free keeps the current person when they are free; a named person is honoured.
            let sam = salon.sam.id!.uuidString.lowercased()
            let again = try await app.postForm(path + "/reschedule", [("start", "2026-12-04T15:00:00Z"), ("staff", "any")])
            #expect(again.status == .seeOther)
            #expect(try await Booking.find(booking.id, on: app.db)?.staffID == salon.sam.id)
            let toAlex = try await app.postForm(
                path + "/reschedule", [("start", "2026-12-04T16:00:00Z"), ("staff", salon.alex.id!.uuidString)])
            #expect(toAlex.status == .seeOther)
            #expect(try await Booking.find(booking.id, on: app.db)?.staffID == salon.alex.id)
            #expect(try await app.page(path + "/reschedule?staff=\(sam)").main.contains("aria-current=\"true\">Sam</a>"))
            // The JSON API takes the same choice.
            let token = String(path.split(separator: "/").last!)
            let api = try await app.send(
                .POST, "api/v1/bookings/\(booking.id!)/reschedule", headers: salon.tenant.headers,
                json: ["start": "2026-12-07T10:00:00Z", "token": token, "staff": sam])
            #expect(api.status == .ok && api.json["staff"] as? String == salon.sam.id!.uuidString)
            let bad = try await app.send(
                .POST, "api/v1/bookings/\(booking.id!)/reschedule", headers: salon.tenant.headers,
                json: ["start": "2026-12-07T11:00:00Z", "token": token, "staff": "someone"])
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test func unknownLinksAreA404ThatLeaksNothing() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            for path in [
                "t/salon/manage/nope", "t/salon/manage/\(String(repeating: "a", count: 43))/cancel",
                "t/salon/manage/x/calendar.ics",
            ] {
                let res = try await app.page(path)
                #expect(res.status == .notFound, "\(path)")
                #expect(res.main.contains("We could not find that booking"), "\(path)")
                #expect(res.headers.first(name: "Referrer-Policy") == "no-referrer", "\(path)")
            }
        }
    }

    @Test func enrolmentPagesForFullSessionsWithAndWithoutWaitlist() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 1)
            let path = "t/studio/sessions/\(session.id!.uuidString.lowercased())"
            let open = try await app.page(path)
            #expect(open.main.contains("Book your place") && open.main.contains("1 place left"))
            let enrolled = try await app.postForm(path, [("name", "Bea"), ("email", "bea@example.com"), ("consent", "yes")])
            #expect(enrolled.status == .seeOther && enrolled.location.hasSuffix("?done=enrolled"))
            let mine = try await app.page(String(enrolled.location.dropFirst()))
            #expect(
                mine.main.contains("Place booked")
                    && mine.main.contains(
                        "<dt>Where</dt><dd>Studio 1<br><a href=\"https://www.google.com/maps/search/?api=1&query=Studio%201\">Open in a map</a>"
                    ))
            #expect(mine.main.contains("We have emailed a confirmation to bea@example.com"), "the address is echoed")
            #expect(
                mine.main.contains("<dt>Payment</dt><dd>Pay at the studio</dd>")
                    && mine.main.contains("<dt>Email</dt><dd>bea@example.com</dd>"))
            // Full, waitlist on (a studio's default): the form joins the waitlist.
            let full = try await app.page(path)
            #expect(full.main.contains("Full – join the waitlist") && full.main.contains("Join the waitlist"))
            let queued = try await app.postForm(path, [("name", "Cy"), ("email", "cy@example.com"), ("consent", "yes")])
            #expect(queued.location.hasSuffix("?done=waitlisted"))
            let place = try await app.page(String(queued.location.dropFirst()))
            #expect(place.main.contains("On the waitlist: number 1 in the queue") && !place.main.contains("calendar.ics"))
            #expect(place.main.contains(">Leave the waitlist</a>") && !place.main.contains("Cancel my place"))
            let leave = try await app.page(String(queued.location.dropFirst()).replacing(/\?.*/, with: "") + "/cancel")
            #expect(leave.main.contains("<h1>Leave the waitlist?</h1>") && leave.main.contains("Yes, leave the waitlist"))
            // Full, waitlist off: no form, a plain statement.
            let tenant = try #require(try await Tenant.find(studio.id, on: app.db))
            tenant.waitlistEnabled = false
            try await tenant.update(on: app.db)
            let closed = try await app.page(path)
            #expect(closed.main.contains("This class is full.") && !closed.main.contains("<form"))
            let refused = try await app.postForm(path, [("name", "Di"), ("email", "di@example.com"), ("consent", "yes")])
            #expect(refused.status == .conflict && refused.main.contains("This session is full."))
            // Cancelling the place frees the seat for the queue.
            let cancelled = try await app.postForm(
                String(enrolled.location.dropFirst()).replacingOccurrences(of: "?done=enrolled", with: "") + "/cancel", [])
            #expect(cancelled.location.hasSuffix("?done=cancelled"))
            #expect(
                try await app.page(String(queued.location.dropFirst())).main.contains("<dt>Status</dt><dd>Place confirmed</dd>"))
        }
    }

    @Test func classListGroupsByWeek() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 3, start: "2026-12-09T18:30:00Z")
            let page = try await app.page("t/studio/sessions")
            #expect(page.main.contains("Week of Monday 30 November") && page.main.contains("Week of Monday 7 December"))
            #expect(page.main.contains("3 places left"))
            let empty = try await Factory.tenant(app, slug: "quiet", kind: .sessions)
            _ = empty
            #expect(try await app.page("t/quiet/sessions").main.contains("No classes are open for booking just now."))
        }
    }
}
