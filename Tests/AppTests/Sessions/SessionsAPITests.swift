import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Sessions API")
struct SessionsAPITests {
    @Test func recurringSessionsSkipClosuresAndKeepWallTime() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            try await app.testing().test(
                .POST, "api/v1/admin/closures", headers: studio.adminHeaders.json,
                body: jsonBody(["startsAt": "2026-12-23T00:00", "endsAt": "2026-12-27T00:00", "reason": "Christmas"])
            ) { _ in }
            let res = try await app.send(
                .POST, "api/v1/admin/sessions", headers: studio.adminHeaders,
                json: [
                    "title": "Vinyasa", "startsAt": "2026-12-02T18:30", "durationMinutes": 60, "capacity": 12, "priceCents": 1200,
                    "repeat": ["weekdays": ["wed"], "until": "2027-01-13"],
                ])
            #expect(res.status == .created, "\(res.body.string)")
            let starts = res.jsonArray.compactMap { $0["start"] as? String }
            #expect(
                starts == [
                    "2026-12-02T18:30:00Z", "2026-12-09T18:30:00Z", "2026-12-16T18:30:00Z", "2026-12-30T18:30:00Z",
                    "2027-01-06T18:30:00Z", "2027-01-13T18:30:00Z",
                ])
            let list = try await app.send(.GET, "api/v1/sessions?from=2026-12-01&to=2026-12-31", headers: studio.headers)
            #expect(list.jsonArray.count == 4)
            #expect(list.jsonArray.first?["remaining"] as? Int == 12 && list.jsonArray.first?["waitlist"] as? Int == 0)
        }
    }

    @Test func invalidSessionsAre422() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let res = try await app.send(
                .POST, "api/v1/admin/sessions", headers: studio.adminHeaders,
                json: [
                    "title": "", "startsAt": "soon", "durationMinutes": 0, "capacity": 0,
                    "repeat": ["weekdays": ["someday"], "until": "never"],
                ])
            res.expectErrorShape(.unprocessableEntity)
            for field in ["title", "startsAt", "durationMinutes", "capacity", "repeat.weekdays", "repeat.until"] {
                #expect(res.reason.contains(field), "\(field): \(res.reason)")
            }
        }
    }

    @Test func enrolWaitlistCancelAndPromote() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 1)
            func enroll(_ name: String) async throws -> (HTTPStatus, EnrollmentResponse) {
                let res = try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: ["client": ["name": name, "email": "\(name)@example.com"], "consent": true])
                return (res.status, try res.decoded())
            }
            func view(_ enrollment: EnrollmentResponse, _ action: String = "") async throws -> TestingHTTPResponse {
                try await app.send(
                    action.isEmpty ? .GET : .POST,
                    "api/v1/enrollments/\(enrollment.id)\(action)?token=\(enrollment.manageToken ?? "x")",
                    headers: studio.headers)
            }
            let (firstStatus, first) = try await enroll("ana")
            #expect(firstStatus == .created && first.status == .enrolled && first.waitlistPosition == nil)
            let (secondStatus, second) = try await enroll("ben")
            #expect(secondStatus == .accepted && second.status == .waitlisted && second.waitlistPosition == 1)
            let (_, third) = try await enroll("cat")
            #expect(third.waitlistPosition == 2)
            let listed = try await app.send(.GET, "api/v1/sessions/\(session.id!)", headers: studio.headers)
            #expect(listed.json["remaining"] as? Int == 0 && listed.json["waitlist"] as? Int == 2)

            let wrong = try await app.send(
                .POST, "api/v1/enrollments/\(first.id)/cancel", headers: studio.headers, json: ["token": "x"])
            wrong.expectErrorShape(.notFound)
            #expect(try await view(first, "/cancel").decoded(EnrollmentResponse.self).status == .cancelled)
            // Ben was promoted in the same transaction; the seat count did not change.
            #expect(try await view(second).decoded(EnrollmentResponse.self).status == .enrolled)
            #expect(try await view(third).decoded(EnrollmentResponse.self).waitlistPosition == 1)
            #expect(try await ClassSession.find(session.id, on: app.db)?.booked == 1)

            let roster = try await app.send(
                .GET, "api/v1/admin/sessions/\(session.id!)/enrollments", headers: studio.adminHeaders)
            #expect(roster.jsonArray.map { $0["status"] as? String } == ["cancelled", "enrolled", "waitlisted"])
            let csv = try await app.send(
                .GET, "api/v1/admin/sessions/\(session.id!)/enrollments.csv", headers: studio.adminHeaders)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.hasPrefix("id,status,name,email,phone,enrolled_at,attendance\r\n"))
            #expect(csv.body.string.components(separatedBy: "\r\n").count == 5)
        }
    }

    @Test func capacityCannotDropBelowSeatsTakenAndCancelledSessionsRefuseEnrolment() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            for name in ["a", "b", "c"] {
                _ = try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: ["client": ["name": name, "email": "\(name)@example.com"], "consent": true])
            }
            let shrink = try await app.send(
                .PATCH, "api/v1/admin/sessions/\(session.id!)", headers: studio.adminHeaders, json: ["capacity": 2])
            shrink.expectErrorShape(.unprocessableEntity)
            let ok = try await app.send(
                .PATCH, "api/v1/admin/sessions/\(session.id!)", headers: studio.adminHeaders,
                json: ["capacity": 3, "title": "Yin"])
            #expect(ok.json["remaining"] as? Int == 0 && ok.json["title"] as? String == "Yin")
            let cancelled = try await app.send(.POST, "api/v1/admin/sessions/\(session.id!)/cancel", headers: studio.adminHeaders)
            #expect(cancelled.json["status"] as? String == "cancelled")
            let late = try await app.send(
                .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                json: ["client": ["name": "d", "email": "d@example.com"], "consent": true])
            late.expectErrorShape(.conflict)
            let publicList = try await app.send(.GET, "api/v1/sessions?from=2026-12-01&to=2026-12-31", headers: studio.headers)
            #expect(publicList.jsonArray.isEmpty)
        }
    }
}

/// Point 15 of the probe: enrolling with an email that already holds a place answers exactly as a
/// new enrolment does (a real place, confirmed to that address), so a stranger learns nothing.
@Suite("Sessions: the same email again")
struct RepeatEnrolmentTests {
    @Test func aSecondPlaceForTheSameEmailIsARealEnrolmentNotADisclosure() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            func enrol(_ name: String, _ email: String) async throws -> TestingHTTPResponse {
                try await app.send(
                    .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                    json: ["client": ["name": name, "email": email], "consent": true])
            }
            let stranger = try await enrol("Stranger", "new@example.com")
            let member = try await enrol("Ana", "ana@example.com")
            let again = try await enrol("Someone", "ANA@example.com")
            for res in [stranger, member, again] {
                #expect(res.status == .created)
                #expect(Set(res.json.keys) == ["id", "session", "status", "manageToken"])
                #expect(res.json["status"] as? String == "enrolled")
            }
            // Each answer is a real place with a working token; both confirmations go to the address.
            let view = try await app.send(
                .GET, "api/v1/enrollments/\(again.json["id"] as! String)?token=\(again.json["manageToken"] as! String)",
                headers: studio.headers)
            #expect(view.status == .ok && view.json["status"] as? String == "enrolled")
            let toAna = try await OutboxMessage.query(on: app.db).filter(\.$kind == .confirmation).all()
                .filter { $0.enrollmentID != nil }
            #expect(toAna.count == 3)
            let placesForAna = try await Enrollment.query(on: app.db).filter(\.$contactEmail == "ana@example.com").count()
            #expect(placesForAna == 2)
            #expect(try await ClassSession.find(session.id, on: app.db)?.booked == 3)
        }
    }
}
