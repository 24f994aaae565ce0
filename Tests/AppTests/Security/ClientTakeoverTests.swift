import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Runs worker passes until nothing is due.
func deliverAll(_ app: Application) async throws {
    let worker = OutboxWorker(app: app, transports: app.services.transports)
    for _ in 0..<10 where try await worker.runOnce(now: testNow).total > 0 {}
}

/// An unauthenticated request never changes what is stored about an existing client: each booking
/// keeps the contact details given with it, and its messages go there.
@Suite("Client takeover")
struct ClientTakeoverTests {
    @Test("booking with a victim's email cannot redirect the victim's messages or cancel their booking")
    func takeoverChainFails() async throws {
        let api = try await SMSTests.FakeSMSAPI()
        try await withTestApp { app in
            let salon = try await SMSTests().smsSalon(app, api: api, reminders: .none)
            // The victim books with their own phone and agrees to texts.
            var victimBody = salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex, email: "victim@example.com")
            victimBody["client"] = [
                "name": "Vic Tim", "email": "victim@example.com", "phone": "+44 7700 900111", "smsOptIn": true,
            ]
            let victim = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: victimBody)
            #expect(victim.status == .created)
            let victimID = try #require(victim.json["id"] as? String)
            let victimToken = try #require(victim.json["manageToken"] as? String)

            // The attacker books with the victim's email in another letter case, their own name and phone.
            var attackerBody = salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.sam, email: "VICTIM@Example.com")
            attackerBody["client"] = [
                "name": "Mallory", "email": "VICTIM@Example.com", "phone": "+44 7700 900666", "smsOptIn": true,
            ]
            let attacker = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: attackerBody)
            #expect(attacker.status == .created)

            // Step 1: the stored client is unchanged.
            let clients = try await App.Client.query(on: app.db).all()
            #expect(clients.count == 1)
            #expect(clients.first?.name == "Vic Tim" && clients.first?.phone == "+447700900111")

            // Step 2: the victim's next message (a reschedule) goes to the victim's phone, not the attacker's.
            let moved = try await app.send(
                .POST, "api/v1/bookings/\(victimID)/reschedule", headers: salon.tenant.headers,
                json: ["start": "2026-12-03T11:00:00Z", "token": victimToken])
            #expect(moved.status == .ok, "\(moved.body.string)")
            try await deliverAll(app)
            let texts = api.calls.value
            let toAttacker = texts.filter { $0.form["To"] == "+447700900666" }
            let toVictim = texts.filter { $0.form["To"] == "+447700900111" }
            #expect(
                toVictim.contains { $0.form["Body"]?.contains("moved") == true || $0.form["Body"]?.contains("Moved") == true })
            // The attacker hears only about their own booking: no link of the victim's ever reaches them.
            #expect(toAttacker.allSatisfy { !($0.form["Body"] ?? "").contains(victimID.lowercased()) })
            #expect(!toAttacker.isEmpty)

            // Step 3: without the victim's token, the attacker cannot cancel the victim's booking.
            let attackerToken = try #require(attacker.json["manageToken"] as? String)
            let cancel = try await app.send(
                .POST, "api/v1/bookings/\(victimID)/cancel", headers: salon.tenant.headers, json: ["token": attackerToken])
            cancel.expectErrorShape(.notFound)
            #expect(try await Booking.find(UUID(uuidString: victimID), on: app.db)?.status == .confirmed)
        }
        try await api.stop()
    }

    @Test("a returning client's new phone reaches their new booking's messages, and only that booking's")
    func returningClientsNewPhone() async throws {
        let api = try await SMSTests.FakeSMSAPI()
        try await withTestApp { app in
            let salon = try await SMSTests().smsSalon(app, api: api, reminders: .none)
            var first = salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex)
            first["client"] = ["name": "Ana", "email": "ana@example.com", "phone": "+44 7700 900123", "smsOptIn": true]
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: first).status == .created)
            var second = salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.alex)
            second["client"] = ["name": "Ana", "email": "ana@example.com", "phone": "+44 7700 900999", "smsOptIn": true]
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: second).status == .created)
            try await deliverAll(app)
            let recipients = api.calls.value.map { $0.form["To"] ?? "" }.sorted()
            #expect(recipients == ["+447700900123", "+447700900999"])
            let bookings = try await Booking.query(on: app.db).sort(\.$startsAt).all()
            #expect(bookings.map(\.contactPhone) == ["+447700900123", "+447700900999"])
            #expect(Set(bookings.map(\.clientID)).count == 1)
            #expect(try await App.Client.query(on: app.db).first()?.phone == "+447700900123")
        }
        try await api.stop()
    }

    @Test("an enrolment with someone's email cannot change their client record")
    func enrollmentCannotChangeTheClient() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            for (name, phone) in [("Vic", "+44 7700 900111"), ("Mallory", "+44 7700 900666")] {
                let res = try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: [
                        "client": ["name": name, "email": "vic@example.com", "phone": phone, "smsOptIn": true], "consent": true,
                    ])
                #expect(res.status == .created)
            }
            let client = try #require(try await App.Client.query(on: app.db).first())
            #expect(client.name == "Vic" && client.phone == "+447700900111")
        }
    }
}
