import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The outbox from booking to inbox: rows written with the booking, delivered by the worker over
/// real SMTP to a loopback server, retried when the server is down.
@Suite("Booking notifications")
struct BookingNotificationTests {
    /// Tuesday 1 December 2026, 10:00 London (= UTC in winter).
    let start = "2026-12-01T10:00:00Z"

    @Test("a booking writes its messages in the same transaction, and they arrive with text, HTML and an invite")
    func confirmationArrives() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
            #expect(created.status == .created)
            let bookingID = try #require(created.json["id"] as? String)

            let rows = try await mailroom.rows()
            #expect(Set(rows.map(\.kind)) == [.confirmation, .businessNotice, .reminder])
            let reminder = try #require(rows.first { $0.kind == .reminder })
            #expect(reminder.dueAt == (try Date(start, strategy: .iso8601)) - 24 * 3600)

            let pass = try await mailroom.deliver()
            #expect(pass.sent == 2)
            let mail = try #require(mailroom.mails(to: "ana@example.com").first)
            #expect(mail.headers["subject"]?.hasPrefix("Booking confirmed: Cut") == true)
            #expect(mail.headers["from"] == "\"Test salon\" <\(Mailroom.sender)>")
            #expect(mail.headers["reply-to"] == "\"Test salon\" <hello@salon.example>")
            let messageID = try #require(rows.first { $0.kind == .confirmation }?.id)
            #expect(mail.headers["message-id"] == "<\(messageID.uuidString.lowercased())@nbne.test>")

            let text = try #require(mail.part("text/plain")).body
            let html = try #require(mail.part("text/html")).body
            #expect(text.contains("Tuesday 1 December 2026, 10:00–11:00 (London time)"), "the zone as the website says it")
            #expect(html.contains("Test salon") && html.contains("#3b5bdb"))
            // Fluid on a phone: no fixed-width table outside Outlook's conditional comment.
            let outsideOutlook = html.replacing(/<!--\[if mso\]>.*?<!\[endif\]-->/.dotMatchesNewlines(), with: "")
            #expect(!outsideOutlook.contains("width=\"560\"") && html.contains("max-width:560px"))
            // What it costs and how to pay; the button says all it opens; calendar links for web mail.
            #expect(text.contains("Price: £") && text.contains("Payment: Pay at the salon"))
            #expect(text.contains("View, change or cancel your booking: http"))
            #expect(
                html.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Cut")
                    && html.contains("https://outlook.live.com/calendar/0/deeplink/compose?"))
            #expect(text.contains("Google Calendar: https://calendar.google.com/"))

            // The invite parses back to the booking's own times.
            let calendar = try #require(mail.part("text/calendar"))
            #expect(calendar.contentType.contains("method=REQUEST"))
            let fields = calendarFields(calendar.body)
            #expect(fields["METHOD"] == "REQUEST")
            #expect(fields["UID"] == "booking-\(bookingID.lowercased())@nbne-booking")
            #expect(calendarDate(fields["DTSTART"]) == (try Date(start, strategy: .iso8601)))
            #expect(calendarDate(fields["DTEND"]) == (try Date("2026-12-01T11:00:00Z", strategy: .iso8601)))

            // The manage link in the message opens the booking's page on the website.
            let link = try #require(text.split(separator: "\n").first { $0.contains("/manage/") }?.split(separator: " ").last)
            let path = String(link.dropFirst("http://127.0.0.1:8080/".count))
            #expect(path.hasPrefix("t/salon/manage/"))
            let viewed = try await app.send(.GET, path, headers: [:])
            #expect(viewed.status == .ok)
            #expect(
                viewed.body.string.contains("Your booking")
                    && viewed.body.string.contains("Tuesday 1 December 2026, 10:00 to 11:00"))

            let business = try #require(mailroom.mails(to: "hello@salon.example").first)
            #expect(business.headers["subject"]?.hasPrefix("New booking: Cut") == true)
            #expect(business.part("text/plain")?.body.contains("ana@example.com") == true)

            // The reminder waits for its time, then goes once.
            #expect(try await mailroom.deliver().total == 0)
            #expect(try await mailroom.deliver(now: reminder.dueAt).sent == 1)
            #expect(mailroom.mails(to: "ana@example.com").last?.headers["subject"]?.hasPrefix("Reminder: Cut") == true)
            #expect(try await mailroom.deliver(now: reminder.dueAt + 60).total == 0)
        }
    }

    @Test("SMTP down: the booking still gets 201; the message is retried and delivered once the server is back")
    func smtpDown() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var mailroom = try await Mailroom.open(app, down: true)
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
            #expect(created.status == .created)

            let failed = try await mailroom.deliver()
            #expect(failed.failed == 2 && failed.sent == 0)
            let waiting = try await mailroom.rows().filter { $0.kind != .reminder }
            #expect(waiting.allSatisfy { $0.status == .pending && $0.attempts == 1 && $0.dueAt > testNow })
            #expect(waiting.allSatisfy { $0.lastError?.contains("could not connect") == true })

            try await mailroom.bringUp()
            let running = mailroom
            defer { Task { try await running.close() } }
            #expect(try await mailroom.deliver().total == 0, "not retried before its backoff ends")
            let later = testNow + 600
            #expect(try await mailroom.deliver(now: later).sent == 2)
            #expect(try await mailroom.deliver(now: later + 60).total == 0)
            #expect(mailroom.mails.count == 2)
            #expect(Set(mailroom.mails.compactMap { $0.headers["message-id"] }).count == 2)
            let sent = try await mailroom.rows().filter { $0.kind != .reminder }
            #expect(sent.allSatisfy { $0.status == .sent && $0.attempts == 2 && $0.sentAt == later })
        }
    }

    @Test("after 8 failed attempts a message is dead, listed for the admin, and can be queued again")
    func deadAndRetried() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.reminderPolicy = .none
            try await tenant.update(on: app.db)
            var mailroom = try await Mailroom.open(app, down: true)
            #expect(
                try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
                    .status == .created)

            var now = testNow
            for _ in 1...8 {
                #expect(try await mailroom.deliver(now: now).failed == 2)
                now += 7 * 3600
            }
            #expect(try await mailroom.rows().allSatisfy { $0.status == .dead && $0.attempts == 8 })
            #expect(try await mailroom.deliver(now: now).total == 0)

            let dead = try await app.send(.GET, "api/v1/admin/outbox?status=dead", headers: salon.tenant.adminHeaders)
            #expect(dead.status == .ok)
            #expect(dead.json["total"] as? Int == 2)
            let items = try #require(dead.json["items"] as? [[String: Any]])
            #expect(items.allSatisfy { ($0["lastError"] as? String)?.contains("could not connect") == true })
            let other = try await Factory.tenant(app, slug: "other")
            let foreign = try await app.send(
                .POST, "api/v1/admin/outbox/\(try #require(items.first?["id"] as? String))/retry", headers: other.adminHeaders)
            #expect(foreign.status == .notFound)
            #expect(
                try await app.send(.GET, "api/v1/admin/outbox?status=nonsense", headers: salon.tenant.adminHeaders).status
                    == .unprocessableEntity)
            #expect(
                try await app.send(.GET, "api/v1/admin/outbox?page=abc", headers: salon.tenant.adminHeaders).status
                    == .unprocessableEntity)

            for item in items {
                let retried = try await app.send(
                    .POST, "api/v1/admin/outbox/\(item["id"] as! String)/retry", headers: salon.tenant.adminHeaders)
                #expect(retried.status == .ok)
                #expect(retried.json["status"] as? String == "pending")
            }
            let again = try await app.send(
                .POST, "api/v1/admin/outbox/\(try #require(items.first?["id"] as? String))/retry",
                headers: salon.tenant.adminHeaders)
            #expect(again.status == .conflict)

            try await mailroom.bringUp()
            let running = mailroom
            defer { Task { try await running.close() } }
            #expect(try await mailroom.deliver(now: testNow).sent == 2)
        }
    }

    @Test("a permanent refusal (550) makes the message dead at once")
    func permanentFailure() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app, options: .init(rejectRecipient: "ana@example.com"))
            defer { Task { try await mailroom.close() } }
            #expect(
                try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
                    .status == .created)
            let log = LogCapture()
            app.logger = log.logger
            let pass = try await mailroom.deliver()
            #expect(pass.sent == 1 && pass.failed == 1)
            let confirmation = try #require(try await mailroom.rows().first { $0.kind == .confirmation })
            #expect(confirmation.status == .dead && confirmation.attempts == 1)
            // The server's reply echoed the address; what is stored and logged keeps its codes only.
            #expect(confirmation.lastError == "the SMTP server refused RCPT permanently (550 5.1.1)")
            let failures = log.messages.filter { $0.contains("failed on attempt") }
            #expect(failures.count == 1 && failures.allSatisfy { $0.contains("550 5.1.1") })
            #expect(!log.messages.joined().contains("ana@example.com"))
        }
    }

    @Test("cancelling stops the reminders and sends a cancellation that removes the calendar event")
    func cancellation() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
            let id = try #require(created.json["id"] as? String)
            let token = try #require(created.json["manageToken"] as? String)
            try await mailroom.deliver()

            let cancelled = try await app.send(
                .POST, "api/v1/bookings/\(id)/cancel", headers: salon.tenant.headers, json: ["token": token])
            #expect(cancelled.status == .ok)
            let rows = try await mailroom.rows()
            #expect(rows.first { $0.kind == .reminder }?.status == .cancelled)
            #expect(try await mailroom.deliver().sent == 2)
            let mail = try #require(mailroom.mails(to: "ana@example.com").last)
            #expect(mail.headers["subject"]?.hasPrefix("Cancelled: Cut") == true)
            // It ends with "Book again" (the booking pages), not a link to change what is gone.
            let cancelText = try #require(mail.part("text/plain")).body
            #expect(cancelText.contains("Book again: http://127.0.0.1:8080/t/salon/book") && !cancelText.contains("/manage/"))
            #expect(!cancelText.contains("Google Calendar") && !cancelText.contains("Price:"))
            let fields = calendarFields(try #require(mail.part("text/calendar")).body)
            #expect(fields["METHOD"] == "CANCEL")
            #expect(fields["STATUS"] == "CANCELLED")
            #expect(fields["UID"] == "booking-\(id.lowercased())@nbne-booking")
            #expect(mailroom.mails(to: "hello@salon.example").last?.headers["subject"]?.hasPrefix("Booking cancelled") == true)
            // The day before, nothing more goes out.
            #expect(try await mailroom.deliver(now: try Date(start, strategy: .iso8601) - 23 * 3600).total == 0)
        }
    }

    @Test("rescheduling announces the new time, moves the reminders, and the invite keeps its UID with a higher SEQUENCE")
    func reschedule() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start, staff: salon.alex))
            let id = try #require(created.json["id"] as? String)
            let token = try #require(created.json["manageToken"] as? String)
            try await mailroom.deliver()
            let firstInvite = calendarFields(
                try #require(mailroom.mails(to: "ana@example.com").first?.part("text/calendar")).body)

            let later = Mailroom(app: app, server: mailroom.server, port: mailroom.port)
            app.clock = FixedClock(testNow + 600)
            let moved = try await app.send(
                .POST, "api/v1/bookings/\(id)/reschedule", headers: salon.tenant.headers,
                json: ["token": token, "start": "2026-12-02T14:00:00Z"])
            #expect(moved.status == .ok)
            let reminders = try await later.rows().filter { $0.kind == .reminder }
            #expect(reminders.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.cancelled, .pending])
            #expect(reminders.first { $0.status == .pending }?.dueAt == (try Date("2026-12-01T14:00:00Z", strategy: .iso8601)))

            #expect(try await later.deliver(now: testNow + 600).sent == 2)
            let mail = try #require(later.mails(to: "ana@example.com").last)
            #expect(mail.headers["subject"] == "Booking moved: Cut, now Wed 2 Dec 14:00")
            #expect(mail.part("text/plain")?.body.contains("(was Tue 1 Dec 10:00)") == true)
            let invite = calendarFields(try #require(mail.part("text/calendar")).body)
            #expect(invite["UID"] == firstInvite["UID"])
            #expect(Int(invite["SEQUENCE"] ?? "") ?? 0 > Int(firstInvite["SEQUENCE"] ?? "") ?? 0)
            #expect(calendarDate(invite["DTSTART"]) == (try Date("2026-12-02T14:00:00Z", strategy: .iso8601)))
        }
    }

    @Test("manual approval: the client hears 'request received', then 'confirmed' when the business approves")
    func manualApproval() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.autoConfirm = false
            tenant.reminderPolicy = .dayAndTwoHoursBefore
            try await tenant.update(on: app.db)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
            let id = try #require(created.json["id"] as? String)
            #expect(try await mailroom.rows().filter { $0.kind == .reminder }.count == 2)
            try await mailroom.deliver()
            #expect(
                mailroom.mails(to: "ana@example.com").first?.headers["subject"]?.hasPrefix("Booking request received") == true)
            #expect(
                mailroom.mails(to: "hello@salon.example").first?.headers["subject"]?.hasPrefix("Booking request to approve")
                    == true)

            let approved = try await app.send(
                .PATCH, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders, json: ["status": "confirmed"])
            #expect(approved.status == .ok)
            #expect(try await mailroom.deliver().sent == 1)
            #expect(mailroom.mails(to: "ana@example.com").last?.headers["subject"]?.hasPrefix("Booking confirmed") == true)

            // A no-show or completed booking (from its start on) gets no more reminders.
            app.clock = FixedClock(try Date(start, strategy: .iso8601))
            #expect(
                try await app.send(
                    .PATCH, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders, json: ["status": "no_show"]
                ).status == .ok)
            #expect(try await mailroom.rows().filter { $0.kind == .reminder }.allSatisfy { $0.status == .cancelled })
        }
    }

    @Test("a failed booking writes no messages; a tenant with email off gets none")
    func noMessagesWithoutBooking() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            #expect(
                try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: start, staff: salon.alex)
                ).status == .created)
            let count = try await mailroom.rows().count
            let taken = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: start, staff: salon.alex, email: "bo@example.com"))
            #expect(taken.status == .conflict)
            #expect(try await mailroom.rows().count == count)

            let settings = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders,
                json: ["features": ["email": false], "reminders": "24h_2h"])
            #expect(settings.status == .ok)
            #expect(settings.json["reminders"] as? String == "24h_2h")
            #expect(
                try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: start, staff: salon.sam, email: "cy@example.com")
                ).status == .created)
            #expect(try await mailroom.rows().count == count)
            // Messages queued before the switch are not sent either.
            #expect(try await mailroom.deliver(now: testNow + 86_400).skipped == count)
            #expect(mailroom.mails.isEmpty)
            let bad = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["reminders": "48h"])
            #expect(bad.status == .unprocessableEntity)
        }
    }
}
