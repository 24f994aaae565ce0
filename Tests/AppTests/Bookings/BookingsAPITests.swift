import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Bookings API")
struct BookingsAPITests {
    @Test func bookingAnOfferedSlotReturns201WithAManageToken() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let res = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.sam))
            #expect(res.status == .created, "\(res.body.string)")
            let booking = try res.decoded(BookingResponse.self)
            #expect(booking.status == .confirmed)
            #expect(booking.start == "2026-12-01T10:00:00Z" && booking.end == "2026-12-01T11:00:00Z")
            #expect(booking.staff == salon.sam.id && booking.service == salon.service.id)
            let token = try #require(booking.manageToken)
            #expect(token.count >= 43)  // 256 bits, base64url
            let stored = try await Booking.query(on: app.db).first()!
            #expect(stored.manageTokenHash == ManageToken.hash(token) && stored.manageTokenHash != token)
            // The slot is gone for Sam but still offered with Alex.
            let slots = try await app.send(
                .GET, "api/v1/slots?service=\(salon.service.id!)&from=2026-12-01&to=2026-12-01",
                headers: salon.tenant.headers)
            let at10 = (slots.json["slots"] as? [[String: Any]])?.first { $0["start"] as? String == "2026-12-01T10:00:00Z" }
            #expect(at10?["staff"] as? [String] == [salon.alex.id!.uuidString])
        }
    }

    @Test func clientsAreUpsertedByEmailPerTenant() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            for (start, email) in [("2026-12-01T09:00:00Z", "Ana@Example.com"), ("2026-12-02T09:00:00Z", "ana@example.com")] {
                let res = try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: start, email: email))
                #expect(res.status == .created)
            }
            #expect(try await App.Client.query(on: app.db).count() == 1)
            #expect(try await App.Client.query(on: app.db).first()?.phone == "+447700900123")
            #expect(Set(try await Booking.query(on: app.db).all().map(\.clientID)).count == 1)

            // A later booking never changes the stored client (anyone can type an email address); it keeps
            // the details given with it instead.
            var body = salon.bookingBody(start: "2026-12-03T09:00:00Z")
            body["client"] = ["name": "Ana Souza", "email": "ana@example.com", "smsOptIn": true]
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body).status == .created)
            let client = try #require(try await App.Client.query(on: app.db).first())
            #expect(client.name == "Ana Silva" && !client.smsOptIn && client.phone == "+447700900123")
            let latest = try #require(try await Booking.query(on: app.db).sort(\.$startsAt, .descending).first())
            #expect(latest.contact == ContactDetails(name: "Ana Souza", email: "ana@example.com", phone: nil, smsOptIn: true))
            #expect(try await App.Client.query(on: app.db).count() == 1)
        }
    }

    @Test func invalidInputIs422NamingTheField() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var body = salon.bookingBody(start: "tomorrow at ten", consent: false)
            body["client"] = ["name": "", "email": "not-an-email", "phone": "call me"]
            body["notes"] = String(repeating: "x", count: 1001)
            let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
            res.expectErrorShape(.unprocessableEntity)
            for field in ["start", "client.name", "client.email", "client.phone", "notes", "consent"] {
                #expect(res.reason.contains(field), "\(field) missing from: \(res.reason)")
            }
            let missing = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: ["start": "x"])
            missing.expectErrorShape(.unprocessableEntity)
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }

    @Test func timesTheEngineDoesNotOfferAre422() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            // Misaligned, outside hours, on Sunday, in the past, and a retired service.
            for start in ["2026-12-01T10:07:00Z", "2026-12-01T18:00:00Z", "2026-12-06T10:00:00Z", "2026-11-29T10:00:00Z"] {
                let res = try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start))
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason.contains("start is not a bookable time"))
            }
            salon.service.active = false
            try await salon.service.update(on: app.db)
            let res = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-01T10:00:00Z"))
            res.expectErrorShape(.notFound)
        }
    }

    @Test func takenSlotIs409WithUpToThreeNearestAlternatives() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let first = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex))
            #expect(first.status == .created)
            let second = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:30:00Z", staff: salon.alex, email: "b@example.com"))
            #expect(second.status == .conflict)
            #expect(second.json["error"] as? Bool == true)
            #expect((second.json["reason"] as? String)?.contains("taken") == true)
            let alternatives = second.json["alternatives"] as? [[String: Any]] ?? []
            #expect(
                alternatives.map { $0["start"] as? String } == [
                    "2026-12-01T11:00:00Z", "2026-12-01T11:15:00Z", "2026-12-01T11:30:00Z",
                ])
            // Without a staff preference the other stylist takes it.
            let any = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:30:00Z", email: "c@example.com"))
            #expect(any.status == .created)
            #expect(any.json["staff"] as? String == salon.sam.id!.uuidString)
        }
    }

    @Test func manualApprovalStartsPendingAndTheLifecycleIsEnforced() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await app.testing().test(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders.json,
                body: jsonBody(["autoConfirm": false])
            ) { res in #expect(res.status == .ok) }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z"))
            #expect(created.json["status"] as? String == "pending")
            let id = created.json["id"] as! String
            func change(_ steps: [(String, UInt)]) async throws {
                for (status, code) in steps {
                    let res = try await app.send(
                        .PATCH, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders, json: ["status": status])
                    #expect(res.status.code == code, "\(status): \(res.body.string)")
                }
            }
            try await change([("completed", 409), ("confirmed", 200), ("pending", 409)])
            // Completed and no-show are refused before the start: they would free the slot and stop reminders.
            for status in ["completed", "no_show"] {
                let early = try await app.send(
                    .PATCH, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders, json: ["status": status])
                early.expectErrorShape(.conflict)
                #expect(early.reason.contains("starts at 2026-12-01 10:00"), "\(early.reason)")
            }
            #expect(try await Booking.find(UUID(uuidString: id), on: app.db)?.status == .confirmed)
            app.clock = FixedClock(try Date("2026-12-01T10:00:00Z", strategy: .iso8601))
            try await change([("no_show", 200), ("confirmed", 409)])
            let bad = try await app.send(
                .PATCH, "api/v1/admin/bookings/\(id)", headers: salon.tenant.adminHeaders, json: ["status": "lost"])
            bad.expectErrorShape(.unprocessableEntity)
        }
    }

    @Test func manageTokenGuardsViewCancelAndReschedule() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.alex))
            let id = created.json["id"] as! String
            let token = created.json["manageToken"] as! String
            for path in [
                "api/v1/bookings/\(id)", "api/v1/bookings/\(id)?token=wrong", "api/v1/bookings/\(UUID())?token=\(token)",
            ] {
                let res = try await app.send(.GET, path, headers: salon.tenant.headers)
                res.expectErrorShape(.notFound)
            }
            let wrongCancel = try await app.send(
                .POST, "api/v1/bookings/\(id)/cancel", headers: salon.tenant.headers, json: ["token": "nope"])
            wrongCancel.expectErrorShape(.notFound)
            let wrongMove = try await app.send(
                .POST, "api/v1/bookings/\(id)/reschedule", headers: salon.tenant.headers,
                json: ["token": "nope", "start": "2026-12-02T12:00:00Z"])
            wrongMove.expectErrorShape(.notFound)

            let view = try await app.send(.GET, "api/v1/bookings/\(id)?token=\(token)", headers: salon.tenant.headers)
            #expect(view.status == .ok && view.json["manageToken"] == nil)

            let moved = try await app.send(
                .POST, "api/v1/bookings/\(id)/reschedule", headers: salon.tenant.headers,
                json: ["token": token, "start": "2026-12-02T10:30:00Z"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(moved.json["start"] as? String == "2026-12-02T10:30:00Z")
            // The old time is free again.
            let other = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T09:00:00Z", staff: salon.alex, email: "o@example.com"))
            #expect(other.status == .created)

            let cancelled = try await app.send(
                .POST, "api/v1/bookings/\(id)/cancel?token=\(token)", headers: salon.tenant.headers)
            #expect(cancelled.json["status"] as? String == "cancelled")
            let again = try await app.send(.POST, "api/v1/bookings/\(id)/cancel?token=\(token)", headers: salon.tenant.headers)
            again.expectErrorShape(.conflict)
        }
    }

    @Test func rescheduleToATakenTimeKeepsTheOriginal() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mine = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.alex))
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T13:00:00Z", staff: salon.alex, email: "x@example.com"))
            let res = try await app.send(
                .POST, "api/v1/bookings/\(mine.json["id"] as! String)/reschedule", headers: salon.tenant.headers,
                json: ["token": mine.json["manageToken"] as! String, "start": "2026-12-02T13:00:00Z"])
            #expect(res.status == .conflict)
            #expect(!(res.json["alternatives"] as? [Any] ?? []).isEmpty)
            let stored = try await Booking.find(UUID(uuidString: mine.json["id"] as! String), on: app.db)!
            #expect(ISOTimestamp.string(from: stored.startsAt) == "2026-12-02T10:00:00Z" && stored.status == .confirmed)
        }
    }

    @Test func cancellationCutoffIsHonoured() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            // now = 2026-11-30T08:00Z; a booking at 2026-11-30T15:00Z is 7 hours away (< 24 h cut-off).
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-11-30T15:00:00Z"))
            #expect(created.status == .created)
            let res = try await app.send(
                .POST, "api/v1/bookings/\(created.json["id"] as! String)/cancel", headers: salon.tenant.headers,
                json: ["token": created.json["manageToken"] as! String])
            res.expectErrorShape(.conflict)
            #expect(res.reason.contains("24 hours"))
        }
    }

    @Test func idempotentRetriesReturnTheFirstResponseAndCreateNothing() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let headers = salon.tenant.headers.with("Idempotency-Key", "retry-1")
            let body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
            let first = try await app.send(.POST, "api/v1/bookings", headers: headers, json: body)
            let second = try await app.send(.POST, "api/v1/bookings", headers: headers, json: body)
            #expect(first.status == .created && second.status == .created, "\(second.status) \(second.body.string)")
            #expect(first.json["id"] as? String == second.json["id"] as? String)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Booking.query(on: app.db).count() == 1)
            let different = try await app.send(
                .POST, "api/v1/bookings", headers: headers, json: salon.bookingBody(start: "2026-12-01T11:00:00Z"))
            different.expectErrorShape(.unprocessableEntity)
            #expect(different.reason.contains("Idempotency-Key"))

            // Concurrent retries of one key: one booking.
            let concurrentHeaders = salon.tenant.headers.with("Idempotency-Key", "retry-2")
            let concurrentBody = jsonBody(salon.bookingBody(start: "2026-12-01T14:00:00Z", email: "z@example.com"))
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await app.send(.POST, "api/v1/bookings", headers: concurrentHeaders, body: concurrentBody).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            #expect(try await Booking.query(on: app.db).count() == 2)
        }
    }
}
