import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The audit log (issue 22): sign-ins, failed sign-ins and every change through the portal or the
/// admin API, with who, what and when, never a value sent; owners read it, filtered.
@Suite("Audit log")
struct AuditLogTests {
    func events(_ app: Application) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: app.db).sort(\.$at).sort(\.$action).all()
    }

    @Test func signInsAndAPortalChangeAreRecordedWithoutWhatWasTyped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let secretGuess = "my old password 1234"
            _ = try await app.postForm("/t/salon/admin/sign-in", [("email", "Owner@salon.example"), ("password", secretGuess)])
            let session = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z")
            let words = "Sorry, the salon floods on Wednesdays"
            _ = try await app.postForm(
                "/t/salon/admin/bookings/\(booking)/cancel", [("message", words)], headers: ["Cookie": session])
            _ = try await app.postForm("/t/salon/admin/sign-out", [], headers: ["Cookie": session])

            // The clock is fixed, so every event has the same time: find them by action.
            let log = try await events(app)
            #expect(log.map(\.action).sorted() == ["cancel", "sign_in", "sign_in_failed", "sign_out"])
            let failed = try #require(log.first { $0.action == "sign_in_failed" })
            #expect(failed.actorKind == "visitor" && failed.actorLabel == "owner@salon.example" && failed.actorID == nil)
            let signIn = try #require(log.first { $0.action == "sign_in" })
            #expect(signIn.actorKind == "user" && signIn.actorID == owner.userID && signIn.objectType == "user")
            let cancel = try #require(log.first { $0.action == "cancel" })
            #expect(cancel.objectType == "booking" && cancel.objectID == booking && cancel.fields == "message")
            #expect(cancel.via == "portal" && cancel.actorLabel == "owner@salon.example" && cancel.at == testNow)
            let everything = String(decoding: try JSONEncoder().encode(log), as: UTF8.self)
            #expect(
                !everything.contains(secretGuess) && !everything.contains(words) && !everything.contains(PortalLogin.password))
        }
    }

    @Test func anAPIChangeIsRecordedOnceUnderItsKey() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z")
            let patched = try await app.send(
                .PATCH, "api/v1/admin/bookings/\(booking)", headers: salon.tenant.adminHeaders, json: ["status": "cancelled"])
            #expect(patched.status == .ok)
            let headers = salon.tenant.adminHeaders.with("Idempotency-Key", "service-1")
            var created: UUID?
            for _ in 0..<2 {  // the second is a replay of the first
                let response = try await app.send(
                    .POST, "api/v1/admin/services", headers: headers,
                    json: ["name": "Colour", "durationMinutes": 90, "priceCents": 9000])
                #expect(response.status == .created)
                created = UUID(uuidString: response.json["id"] as? String ?? "")
            }
            let refused = try await app.send(
                .POST, "api/v1/admin/services", headers: salon.tenant.adminHeaders, json: ["name": ""])
            #expect(refused.status.code >= 400)

            let log = try await events(app)
            #expect(log.count == 2)
            let key = try #require(try await ApiKeyService.list(tenantID: salon.tenant.id, on: app.db).first)
            for event in log {
                #expect(event.actorKind == "api_key" && event.actorID == key.id && event.via == "api")
                #expect(event.actorLabel.contains(key.prefix) && !event.actorLabel.contains(salon.tenant.apiKey))
            }
            #expect(
                log.contains {
                    $0.action == "update" && $0.objectType == "booking" && $0.objectID == booking && $0.fields == "status"
                })
            #expect(
                log.contains {
                    $0.action == "create" && $0.objectType == "service" && $0.objectID == created
                        && $0.fields == "durationMinutes,name,priceCents"
                })
        }
    }

    @Test func ownersReadTheLogFilteredAndStaffCannot() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "alex@salon.example", role: .staff, staff: salon.alex.id)
            let staff = try await PortalLogin.signIn(app, slug: "salon", email: "alex@salon.example")
            let owner = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            _ = try await app.postForm("/t/salon/admin/bookings/\(booking)/cancel", [], headers: ["Cookie": staff])

            #expect(try await app.page("/t/salon/admin/activity", headers: ["Cookie": staff]).status == .forbidden)
            #expect(!(try await app.page("/t/salon/admin", headers: ["Cookie": staff]).main.contains("Activity")))
            let all = try await app.page("/t/salon/admin/activity", headers: ["Cookie": owner])
            #expect(all.status == .ok)
            #expect(all.main.contains("Booking: cancel") && all.main.contains("alex@salon.example"))
            #expect(all.main.contains("href=\"/t/salon/admin/bookings/\(booking.uuidString.lowercased())\""))
            let owners = try await app.page("/t/salon/admin/activity?person=owner@salon.example", headers: ["Cookie": owner]).main
            #expect(owners.contains("Signed in") && !owners.contains("Booking: cancel"))
            let later = try await app.page("/t/salon/admin/activity?from=2026-12-01", headers: ["Cookie": owner]).main
            #expect(later.contains("Nothing recorded in these days"))
            let bad = try await app.page("/t/salon/admin/activity?from=yesterday&to=2026-11-01", headers: ["Cookie": owner])
            #expect(bad.status == .unprocessableEntity && bad.main.contains("Enter the first day as a date"))
        }
    }
}
