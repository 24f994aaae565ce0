import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Session notifications")
struct SessionNotificationTests {
    @Test("enrolment, waitlist, promotion on a cancellation, and a cancelled session each reach the right people")
    func sessionLifecycle() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 1)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            func enroll(_ email: String) async throws -> TestingHTTPResponse {
                try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: ["client": ["name": "Client \(email.prefix(2))", "email": email], "consent": true])
            }
            let first = try await enroll("aa@example.com")
            #expect(first.status == .created)
            let second = try await enroll("bb@example.com")
            #expect(second.status == .accepted)
            #expect(try await mailroom.deliver().sent == 4)
            let placed = try #require(mailroom.mails(to: "aa@example.com").first)
            #expect(placed.headers["subject"] == "Place confirmed: Yoga, Wed 2 Dec 18:30")
            #expect(placed.part("text/plain")?.body.contains("Where: Studio 1") == true)
            #expect(calendarFields(try #require(placed.part("text/calendar")).body)["LOCATION"] == "Studio 1")
            let waiting = try #require(mailroom.mails(to: "bb@example.com").first)
            #expect(waiting.headers["subject"] == "You're on the waitlist: Yoga, Wed 2 Dec 18:30")
            #expect(waiting.part("text/calendar") == nil)

            // The first client cancels: the waitlisted client is promoted in the same transaction and told so.
            let cancelled = try await app.send(
                .POST, "api/v1/enrollments/\(first.json["id"] as! String)/cancel", headers: studio.headers,
                json: ["token": first.json["manageToken"] as! String])
            #expect(cancelled.status == .ok)
            #expect(try await mailroom.deliver().sent == 3)
            #expect(mailroom.mails(to: "aa@example.com").last?.headers["subject"] == "Cancelled: Yoga, Wed 2 Dec 18:30")
            let promoted = try #require(mailroom.mails(to: "bb@example.com").last)
            #expect(promoted.headers["subject"] == "A place is yours: Yoga, Wed 2 Dec 18:30")
            // The promoted client's manage link (derived, never stored) works.
            let text = try #require(promoted.part("text/plain")).body
            let link = try #require(text.split(separator: "\n").first { $0.contains("/manage/") }?.split(separator: " ").last)
            let viewed = try await app.send(.GET, String(link.dropFirst("http://127.0.0.1:8080/".count)), headers: [:])
            #expect(viewed.status == .ok)
            #expect(viewed.body.string.contains("Place confirmed"))
            let reminders = try await mailroom.rows().filter { $0.kind == .reminder }
            #expect(reminders.count == 2)
            #expect(
                reminders.filter { $0.status == .pending }.map(\.enrollmentID) == [UUID(uuidString: second.json["id"] as! String)]
            )

            // The business cancels the session: the enrolled client hears, and their reminder stops.
            let cancelledSession = try await app.send(
                .POST, "api/v1/admin/sessions/\(session.id!)/cancel", headers: studio.adminHeaders)
            #expect(cancelledSession.status == .ok)
            #expect(
                try await app.send(.POST, "api/v1/admin/sessions/\(session.id!)/cancel", headers: studio.adminHeaders).status
                    == .conflict)
            #expect(try await mailroom.rows().filter { $0.kind == .reminder }.allSatisfy { $0.status == .cancelled })
            #expect(try await mailroom.deliver().sent == 1)
            let notice = try #require(mailroom.mails(to: "bb@example.com").last)
            #expect(notice.headers["subject"] == "Session cancelled: Yoga, Wed 2 Dec 18:30")
            #expect(calendarFields(try #require(notice.part("text/calendar")).body)["METHOD"] == "CANCEL")
        }
    }
}
