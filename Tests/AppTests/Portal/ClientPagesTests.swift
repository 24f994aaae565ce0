import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's clients (issue 23): search, a client's page with bookings and messages, corrected
/// contact details reaching their upcoming bookings (audited), and staff limited to their clients.
@Suite("Portal clients")
struct ClientPagesTests {
    @Test func aCorrectedAddressReachesTheClientsUpcomingBookingsOnly() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            let upcoming = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            let client = try #require(try await App.Client.query(on: app.db).first())
            // A booking already past keeps the details it was made with.
            let past = try #require(try await Booking.find(upcoming, on: app.db))
            let earlier = Booking(
                tenantID: salon.tenant.id, serviceID: salon.service.id!, staffID: salon.alex.id!, clientID: client.id!,
                startsAt: testNow.addingTimeInterval(-86400), endsAt: testNow.addingTimeInterval(-82800),
                blockedFrom: testNow.addingTimeInterval(-86400), blockedUntil: testNow.addingTimeInterval(-82800),
                status: .completed, notes: "", manageTokenHash: "x", contact: past.contact)
            try await earlier.create(on: app.db)

            let found = try await app.page("/t/salon/admin/clients?q=ana", headers: owner)
            let path = "/t/salon/admin/clients/\(client.id!.uuidString.lowercased())"
            #expect(found.status == .ok && found.main.contains("href=\"\(path)\""))
            let page = try await app.page(path, headers: owner).main
            #expect(page.contains("Ana Silva") && page.contains("ana@example.com") && page.contains("Confirmation email"))

            let refused = try await app.postForm(
                path + "/edit", [("name", "Ana Silva"), ("email", "ana at example"), ("phone", "")], headers: owner)
            #expect(refused.status == .unprocessableEntity && refused.main.contains("Email address is not a valid email address"))
            #expect(refused.main.contains("value=\"ana at example\""))
            #expect(try await App.Client.find(client.id, on: app.db)?.email == "ana@example.com")

            let saved = try await app.postForm(
                path + "/edit", [("name", "Ana Souza"), ("email", "Ana.Souza@Example.com"), ("phone", "+44 7700 900999")],
                headers: owner)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await App.Client.find(client.id, on: app.db))
            #expect(stored.name == "Ana Souza" && stored.email == "ana.souza@example.com" && stored.phone == "+447700900999")
            let next = try #require(try await Booking.find(upcoming, on: app.db))
            #expect(next.contactEmail == "ana.souza@example.com" && next.contactName == "Ana Souza")
            #expect(
                try await Booking.find(earlier.id, on: app.db)?.contactEmail == "ana@example.com", "the past is left as it was")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectType == "client").count() == 1)

            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-03T10:00:00Z", staff: salon.sam, email: "bo@example.com")
            let taken = try await app.postForm(
                path + "/edit", [("name", "Ana Souza"), ("email", "bo@example.com"), ("phone", "")], headers: owner)
            #expect(taken.status == .unprocessableEntity && taken.main.contains("belongs to another client"))
        }
    }

    @Test func staffFindOnlyClientsTheyServe() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
            let sam: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example")]
            _ = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T11:00:00Z", staff: salon.sam, email: "bo@example.com")
            let ana = try #require(try await App.Client.query(on: app.db).filter(\.$email == "ana@example.com").first())
            let bo = try #require(try await App.Client.query(on: app.db).filter(\.$email == "bo@example.com").first())
            let search = try await app.page("/t/salon/admin/clients?q=example", headers: sam).main
            #expect(search.contains("bo@example.com") && !search.contains("ana@example.com"))
            #expect(
                try await app.page("/t/salon/admin/clients/\(ana.id!.uuidString.lowercased())", headers: sam).status == .notFound)
            #expect(
                try await app.postForm(
                    "/t/salon/admin/clients/\(ana.id!.uuidString.lowercased())/edit",
                    [("name", "X"), ("email", "x@example.com")], headers: sam
                ).status == .notFound)
            #expect(try await app.page("/t/salon/admin/clients/\(bo.id!.uuidString.lowercased())", headers: sam).status == .ok)
        }
    }
}
