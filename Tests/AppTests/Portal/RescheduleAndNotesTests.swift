import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A booking's page (issue 22): the business moves a booking through the same engine (no client
/// cut-off, never onto a taken time), and keeps notes the client never sees.
@Suite("Portal reschedule and notes")
struct RescheduleAndNotesTests {
    @Test func theBusinessMovesABookingPastTheClientsCutOffButNeverOntoATakenTime() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
            let owner = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let sam = try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example")
            // Today at 10:00: inside the client's 24-hour cut-off.
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-11-30T10:00:00Z", staff: salon.alex)
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-11-30T14:00:00Z", staff: salon.alex, email: "bo@example.com")
            let path = "/t/salon/admin/bookings/\(booking.uuidString.lowercased())/reschedule"

            let picker = try await app.page(path + "?date=2026-11-30", headers: ["Cookie": owner])
            #expect(picker.status == .ok && picker.main.contains("id=\"times\""))
            #expect(picker.main.contains("href=\"\(path)?start=2026-11-30T12:00:00Z\""))
            #expect(!picker.main.contains("start=2026-11-30T14:00:00Z"), "a taken time is not offered")
            let confirm = try await app.page(path + "?start=2026-11-30T12:00:00Z", headers: ["Cookie": owner])
            #expect(confirm.main.contains("Move to Monday 30 November 2026 at 12:00?"))

            let taken = try await app.postForm(path, [("start", "2026-11-30T14:00:00Z")], headers: ["Cookie": owner])
            #expect(taken.status == .conflict && taken.main.contains("that time has just been taken"))
            #expect(
                try await app.postForm(path, [("start", "2026-11-30T12:00:00Z")], headers: ["Cookie": sam]).status == .notFound)

            let moved = try await app.postForm(path, [("start", "2026-11-30T12:00:00Z")], headers: ["Cookie": owner])
            #expect(moved.status == .seeOther && moved.location.hasSuffix("?done=moved"))
            let stored = try #require(try await Booking.find(booking, on: app.db))
            #expect(stored.startsAt == (try Date("2026-11-30T12:00:00Z", strategy: .iso8601)) && stored.staffID == salon.alex.id)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == .reschedule).count() >= 1)
            #expect(try await OverlapAudit.count(on: app.db) == 0)
            // Owners may give it to someone else; a staff member's move stays in their column.
            let toSam = try await app.page(
                path + "?staff=\(salon.sam.id!)&start=2026-11-30T15:00:00Z", headers: ["Cookie": owner])
            #expect(toSam.main.contains("Move to Monday 30 November 2026 at 15:00 with Sam?"))
            #expect(toSam.main.contains("name=\"staff\" value=\"\(salon.sam.id!.uuidString.lowercased())\""))
            let given = try await app.postForm(
                path, [("start", "2026-11-30T15:00:00Z"), ("staff", salon.sam.id!.uuidString)], headers: ["Cookie": owner])
            #expect(given.status == .seeOther)
            #expect(try await Booking.find(booking, on: app.db)?.staffID == salon.sam.id)
            // The booking's history says who moved it.
            let page = try await app.page(
                "/t/salon/admin/bookings/\(booking.uuidString.lowercased())", headers: ["Cookie": owner])
            #expect(page.main.contains("Moved by owner@salon.example"))
        }
    }

    @Test func notesAreKeptForTheTeamAndNeverShownToTheClient() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-02T10:00:00Z"))
            let id = try #require(created.json["id"] as? String)
            let token = try #require(created.json["manageToken"] as? String)
            let path = "/t/salon/admin/bookings/\(id.lowercased())"

            let empty = try await app.postForm(path + "/notes", [("note", "  ")], headers: ["Cookie": owner])
            #expect(empty.status == .unprocessableEntity && empty.main.contains("Write the note first"))
            let secret = "Allergic to the blue shampoo"
            for _ in 0..<2 {  // sent twice: one note
                let added = try await app.postForm(
                    path + "/notes", [("note", secret), ("_once", "note-form-000000001")], headers: ["Cookie": owner])
                #expect(added.status == .seeOther && added.location == path + "?done=noted")
            }
            #expect(try await BookingNote.query(on: app.db).count() == 1)
            let page = try await app.page(path, headers: ["Cookie": owner]).main
            #expect(page.contains(secret) && page.contains("owner@salon.example"))

            #expect(!(try await app.page("/t/salon/manage/\(token)").body.string.contains(secret)))
            #expect(
                !(try await app.send(.GET, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders).body.string
                    .contains(secret)))
            #expect(
                !(try await app.send(.GET, "api/v1/bookings/\(id)?token=\(token)", headers: salon.tenant.headers).body.string
                    .contains(secret)))
        }
    }
}
