import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Cancelling sessions, raising capacity, and the booking window, as the probe of the core found them.
@Suite("Sessions: cancellation, capacity and the booking window")
struct SessionLifecycleTests {
    struct Studio {
        let app: Application
        let tenant: TestTenant
        let session: ClassSession

        func enrol(_ name: String) async throws -> TestingHTTPResponse {
            try await app.send(.POST, "api/v1/sessions/\(session.id!)/enrollments", headers: tenant.headers,
                               json: ["client": ["name": name, "email": "\(name)@example.com"], "consent": true])
        }

        func status(of res: TestingHTTPResponse) async throws -> String? {
            let view = try await app.send(
                .GET, "api/v1/enrollments/\(res.json["id"] as! String)?token=\(res.json["manageToken"] as! String)", headers: tenant.headers)
            return view.json["status"] as? String
        }

        func cancel(_ res: TestingHTTPResponse) async throws -> TestingHTTPResponse {
            try await app.send(.POST, "api/v1/enrollments/\(res.json["id"] as! String)/cancel", headers: tenant.headers,
                               json: ["token": res.json["manageToken"] as! String])
        }

        func messages(_ kind: NotificationKind) async throws -> [OutboxMessage] {
            try await OutboxMessage.query(on: app.db).filter(\.$kind == kind).all()
        }
    }

    func studio(_ app: Application, capacity: Int, start: String = "2026-12-02T18:30:00Z") async throws -> Studio {
        let tenant = try await Factory.tenant(app, slug: "studio", kind: .sessions)
        return Studio(app: app, tenant: tenant, session: try await StudioFactory.session(app, tenant: tenant, capacity: capacity, start: start))
    }

    @Test func cancellingASessionClosesEveryPlaceAndNobodyIsPromotedIntoIt() async throws {
        try await withTestApp { app in
            let s = try await studio(app, capacity: 1)
            let ana = try await s.enrol("ana")
            let ben = try await s.enrol("ben")
            #expect(ana.status == .created && ben.status == .accepted)
            let cancelled = try await app.send(.POST, "api/v1/admin/sessions/\(s.session.id!)/cancel", headers: s.tenant.adminHeaders)
            #expect(cancelled.status == .ok && cancelled.json["booked"] as? Int == 0)
            #expect(try await s.status(of: ana) == "cancelled")
            #expect(try await s.status(of: ben) == "cancelled")
            // Ana cancelling afterwards promotes nobody and tells nobody "a place is yours".
            let late = try await s.cancel(ana)
            late.expectErrorShape(.conflict)
            #expect(try await s.status(of: ben) == "cancelled")
            #expect(try await s.messages(.waitlistPromotion).isEmpty)
            // Each client was told once.
            let told = try await s.messages(.sessionCancelled)
            #expect(told.count == 2 && Set(told.compactMap(\.enrollmentID)).count == 2)
        }
    }

    @Test func aSeatFreedAfterTheStartIsNotGivenToTheWaitlist() async throws {
        try await withTestApp { app in
            let s = try await studio(app, capacity: 1)
            let ana = try await s.enrol("ana")
            let ben = try await s.enrol("ben")
            let tenant = try #require(try await Tenant.find(s.tenant.id, on: app.db))
            tenant.cancellationCutoffHours = 0
            try await tenant.update(on: app.db)
            // Seats freed in the last moment before the start still go to the waitlist...
            app.clock = FixedClock(s.session.startsAt - 60)
            #expect(try await s.cancel(ana).status == .ok)
            #expect(try await s.status(of: ben) == "enrolled")
            // ...but the service's promotion refuses a past session outright.
            let locked = EnrollmentService.LockedSession(id: s.session.id!, status: .scheduled, startsAt: s.session.startsAt)
            let promoted = try await EnrollmentService.fillFreeSeats(locked, tenant: s.tenant.id, now: s.session.startsAt + 1, on: app.db)
            #expect(promoted.isEmpty)
        }
    }

    @Test func raisingCapacityGivesTheNewSeatsToTheWaitlistInOrder() async throws {
        try await withTestApp { app in
            let s = try await studio(app, capacity: 1)
            _ = try await s.enrol("ana")
            let ben = try await s.enrol("ben")
            let cat = try await s.enrol("cat")
            let dan = try await s.enrol("dan")
            #expect([ben, cat, dan].map(\.status) == [.accepted, .accepted, .accepted])
            let raised = try await app.send(.PATCH, "api/v1/admin/sessions/\(s.session.id!)", headers: s.tenant.adminHeaders, json: ["capacity": 3])
            #expect(raised.status == .ok)
            #expect(raised.json["booked"] as? Int == 3 && raised.json["waitlist"] as? Int == 1)
            #expect(try await s.status(of: ben) == "enrolled")
            #expect(try await s.status(of: cat) == "enrolled")
            #expect(try await s.status(of: dan) == "waitlisted")
            // A newcomer now joins the queue behind Dan rather than taking a seat ahead of him.
            let eve = try await s.enrol("eve")
            #expect(eve.status == .accepted && eve.json["waitlistPosition"] as? Int == 2)
            #expect(try await s.messages(.waitlistPromotion).filter { $0.channel == .email }.count == 2)
            // Raising past the queue frees seats for anyone.
            let wide = try await app.send(.PATCH, "api/v1/admin/sessions/\(s.session.id!)", headers: s.tenant.adminHeaders, json: ["capacity": 10])
            #expect(wide.json["booked"] as? Int == 5 && wide.json["remaining"] as? Int == 5 && wide.json["waitlist"] as? Int == 0)
            #expect(try await s.enrol("fay").status == .created)
        }
    }

    @Test func enrolmentFollowsTheTenantsNoticeAndAdvanceWindow() async throws {
        try await withTestApp { app in
            let tenant = try await Factory.tenant(app, slug: "studio", kind: .sessions, minNoticeMinutes: 120)
            // 25 minutes away (notice is two hours) and 343 days ahead (the window is 60 days).
            let soon = try await StudioFactory.session(app, tenant: tenant, capacity: 5, start: "2026-11-30T08:25:00Z")
            let far = try await StudioFactory.session(app, tenant: tenant, capacity: 5, start: "2027-11-08T08:00:00Z")
            let fine = try await StudioFactory.session(app, tenant: tenant, capacity: 5, start: "2026-12-02T18:30:00Z")
            func enrol(_ session: ClassSession) async throws -> TestingHTTPResponse {
                try await app.send(.POST, "api/v1/sessions/\(session.id!)/enrollments", headers: tenant.headers,
                                   json: ["client": ["name": "Ana", "email": "ana@example.com"], "consent": true])
            }
            let tooSoon = try await enrol(soon)
            tooSoon.expectErrorShape(.conflict)
            #expect(tooSoon.reason.contains("2 hours"))
            let tooFar = try await enrol(far)
            tooFar.expectErrorShape(.conflict)
            #expect(tooFar.reason.contains("60 days"))
            #expect(try await enrol(fine).status == .created)
            #expect(try await Enrollment.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: ["0001-01-01T10:00", "9999-12-31T10:00", "2026-11-29T10:00", "2029-01-01T10:00"])
    func sessionsOutsideThePlanningWindowAreRefused(startsAt: String) async throws {
        try await withTestApp { app in
            let tenant = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let res = try await app.send(.POST, "api/v1/admin/sessions", headers: tenant.adminHeaders, json: [
                "title": "Yoga", "startsAt": startsAt, "durationMinutes": 60, "capacity": 5,
            ])
            res.expectErrorShape(.unprocessableEntity)
            #expect(res.reason.hasPrefix("startsAt must be"), "\(res.reason)")
            #expect(try await ClassSession.query(on: app.db).count() == 0)
        }
    }
}
