import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The admin sessions API's series and attendance (issue 23, what the portal's class pages call).
@Suite("Session series and attendance API")
struct SessionSeriesAPITests {
    @Test func aSeriesByCountIsCancelledFromAClassOnAndAttendanceIsMarked() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let instructor = try await Factory.staff(app, tenant: studio, name: "Maya", services: [])
            let created = try await app.send(
                .POST, "api/v1/admin/sessions", headers: studio.adminHeaders,
                json: [
                    "title": "Pilates", "startsAt": "2026-12-01T09:00", "durationMinutes": 45, "capacity": 5,
                    "instructor": instructor.id!.uuidString, "repeat": ["weekdays": ["tue", "thu"], "count": 5],
                ])
            #expect(created.status == .created)
            let ids = created.body.string.components(separatedBy: "\"id\":\"").dropFirst().map { String($0.prefix(36)) }
            #expect(ids.count == 5)
            let both = try await app.send(
                .POST, "api/v1/admin/sessions", headers: studio.adminHeaders,
                json: [
                    "title": "Pilates", "startsAt": "2026-12-01T09:00", "durationMinutes": 45, "capacity": 5,
                    "repeat": ["weekdays": ["tue"], "count": 2, "until": "2026-12-31"],
                ])
            #expect(both.status == .unprocessableEntity && both.body.string.contains("either until"))

            let cancelled = try await app.send(
                .POST, "api/v1/admin/sessions/\(ids[2])/cancel-series", headers: studio.adminHeaders)
            #expect(cancelled.status == .ok && cancelled.json["cancelled"] as? Int == 3)
            #expect(try await ClassSession.query(on: app.db).filter(\.$status == .scheduled).count() == 2)

            // The instructor can be removed with null.
            let unassigned = try await app.send(
                .PATCH, "api/v1/admin/sessions/\(ids[0])", headers: studio.adminHeaders.json,
                body: ByteBuffer(string: #"{"instructor": null}"#))
            #expect(unassigned.status == .ok && unassigned.json["instructor"] == nil)

            let place = try await app.send(
                .POST, "api/v1/sessions/\(ids[0])/enrollments", headers: studio.headers,
                json: ["client": ["name": "Ann", "email": "ann@example.com"], "consent": true])
            let placeID = try #require(place.json["id"] as? String)
            let early = try await app.send(
                .PUT, "api/v1/admin/sessions/\(ids[0])/attendance", headers: studio.adminHeaders, json: ["attended": [placeID]])
            #expect(early.status == .conflict)
            app.clock = FixedClock(try Date("2026-12-01T09:30:00Z", strategy: .iso8601))
            let marked = try await app.send(
                .PUT, "api/v1/admin/sessions/\(ids[0])/attendance", headers: studio.adminHeaders, json: ["attended": [placeID]])
            #expect(marked.status == .ok && marked.jsonArray.first?["attendance"] as? String == "attended")
        }
    }
}
