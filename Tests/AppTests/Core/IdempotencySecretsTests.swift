import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Stored idempotency answers never hold a manage token; a replay derives it again.
@Suite("Idempotency: no stored secrets")
struct IdempotencySecretsTests {
    func storedBodies(_ app: Application) async throws -> [String] {
        try await IdempotencyRecord.query(on: app.db).all().compactMap(\.responseBody)
    }

    @Test func aKeyedBookingStoresNoTokenAndTheReplayStillCarriesIt() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let headers = salon.tenant.headers.with("Idempotency-Key", "booking-1")
            let body = salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex)
            let first = try await app.send(.POST, "api/v1/bookings", headers: headers, json: body)
            #expect(first.status == .created)
            let token = try #require(first.json["manageToken"] as? String)

            let stored = try await storedBodies(app)
            #expect(stored.count == 1)
            #expect(stored.allSatisfy { !$0.contains(token) })
            #expect(
                try await IdempotencyRecord.query(on: app.db).first()?.secretSubject
                    == "booking:\(first.json["id"] as! String)".lowercased())

            let replay = try await app.send(.POST, "api/v1/bookings", headers: headers, json: body)
            #expect(replay.status == .created)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(replay.json["manageToken"] as? String == token)
            #expect(replay.json["id"] as? String == first.json["id"] as? String)
            #expect(try await Booking.query(on: app.db).count() == 1)
        }
    }

    @Test func aKeyedEnrollmentStoresNoToken() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 1)
            let headers = studio.headers.with("Idempotency-Key", "enrol-1")
            let body: [String: Any] = ["client": ["name": "Ana", "email": "ana@example.com"], "consent": true]
            let first = try await app.send(.POST, "api/v1/sessions/\(session.id!)/enrollments", headers: headers, json: body)
            let token = try #require(first.json["manageToken"] as? String)
            #expect(try await storedBodies(app).allSatisfy { !$0.contains(token) })
            let replay = try await app.send(.POST, "api/v1/sessions/\(session.id!)/enrollments", headers: headers, json: body)
            #expect(replay.json["manageToken"] as? String == token)
            #expect(try await Enrollment.query(on: app.db).count() == 1)
        }
    }

    @Test func theMigrationScrubsTokensStoredBeforeIt() throws {
        let id = UUID()
        let body = #"{"id":"\#(id.uuidString)","manageToken":"secret-token","service":"x","status":"confirmed"}"#
        #expect(ManageTokenRedaction.subject(of: body) == .booking(id))
        let redacted = try #require(ManageTokenRedaction.redacted(body))
        #expect(!redacted.contains("secret-token") && redacted.contains(#""manageToken":null"#))
        #expect(ManageTokenRedaction.restored(redacted, token: "again")?.contains(#""manageToken":"again""#) == true)
        let enrollment = #"{"id":"\#(id.uuidString)","manageToken":"t","session":"x"}"#
        #expect(ManageTokenRedaction.subject(of: enrollment) == .enrollment(id))
    }

    @Test func controlCharactersInTheKeyAre400() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            for key in ["a\u{0}b", "tab\there", "é"] {
                let res = try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers.with("Idempotency-Key", key),
                    json: salon.bookingBody(start: "2026-12-01T10:00:00Z"))
                res.expectErrorShape(.badRequest)
            }
        }
    }
}
