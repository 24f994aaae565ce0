import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's classes (issue 23): a weekly series made in one form, its roster with the waitlist
/// promoted when places grow, attendance from the start, the roster's CSV, and cancelling one class
/// or the rest of the series; through `SessionService` as the admin API.
@Suite("Portal classes")
struct ClassPagesTests {
    private struct Setup {
        let studio: TestTenant
        let maya: Staff
        let owner: HTTPHeaders
        let teacher: HTTPHeaders
    }

    private func setUp(_ app: Application) async throws -> Setup {
        let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
        let maya = try await Factory.staff(app, tenant: studio, name: "Maya", services: [])
        try await PortalLogin.user(app, tenant: studio.id, email: "owner@studio.example")
        try await PortalLogin.user(app, tenant: studio.id, email: "maya@studio.example", role: .staff, staff: maya.id)
        return Setup(
            studio: studio, maya: maya,
            owner: ["Cookie": try await PortalLogin.signIn(app, slug: "studio", email: "owner@studio.example")],
            teacher: ["Cookie": try await PortalLogin.signIn(app, slug: "studio", email: "maya@studio.example")])
    }

    private func weekly(_ setup: Setup, extra: [(String, String)] = []) -> [(String, String)] {
        [
            ("title", "Yin yoga"), ("instructor", setup.maya.id!.uuidString.lowercased()), ("location", "Studio 1"),
            ("date", "2026-12-02"), ("time", "18:30"), ("durationMinutes", "60"), ("capacity", "1"), ("price", "12"),
            ("repeats", "weekly"), ("weekdays[]", "wed"), ("count", "4"), ("_once", "class-form-000000001"),
        ] + extra
    }

    @Test func aWeeklySeriesIsOneFormAndItsRosterPromotesTheWaitlistWhenPlacesGrow() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            for _ in 0..<2 {  // sent twice: one series
                let created = try await app.postForm("/t/studio/admin/classes/new", weekly(setup), headers: setup.owner)
                #expect(created.status == .seeOther)
            }
            let sessions = try await ClassSession.query(on: app.db).sort(\.$startsAt).all()
            #expect(sessions.count == 4 && Set(sessions.map(\.seriesID)).count == 1 && sessions[0].seriesID != nil)
            #expect(sessions.last?.startsAt == (try Date("2026-12-23T18:30:00Z", strategy: .iso8601)))
            // What the API answers: the same classes.
            let api = try await app.send(
                .GET, "api/v1/admin/sessions?from=2026-12-01&to=2026-12-31", headers: setup.studio.adminHeaders
            ).jsonArray
            #expect(api.count == 4 && api.allSatisfy { $0["title"] as? String == "Yin yoga" && $0["capacity"] as? Int == 1 })
            let first = sessions[0].id!
            for email in ["ann@example.com", "bo@example.com"] {
                let enrolled = try await app.send(
                    .POST, "api/v1/sessions/\(first)/enrollments", headers: setup.studio.headers,
                    json: ["client": ["name": email.prefix(3).capitalized, "email": email], "consent": true])
                #expect(enrolled.status == .created || enrolled.status == .accepted)
            }
            let path = "/t/studio/admin/classes/\(first.uuidString.lowercased())"
            let page = try await app.page(path, headers: setup.owner).main
            #expect(page.contains("1 of 1 taken, 1 waiting") && page.contains("<h2>Waitlist</h2>"))
            #expect(page.contains("Attendance can be marked from the class's start."))

            let grown = try await app.postForm(
                path + "/edit",
                [("title", "Yin yoga"), ("instructor", ""), ("location", "Studio 2"), ("capacity", "2"), ("price", "12.50")],
                headers: setup.owner)
            #expect(grown.status == .seeOther)
            let after = try #require(try await ClassSession.find(first, on: app.db))
            #expect(after.capacity == 2 && after.booked == 2 && after.location == "Studio 2" && after.instructorID == nil)
            #expect(after.priceCents == 1250)
            #expect(try await Enrollment.query(on: app.db).filter(\.$status == .waitlisted).count() == 0, "promoted")

            let refused = try await app.postForm(
                path + "/edit", [("title", "Yin yoga"), ("capacity", "1"), ("price", "12")], headers: setup.owner)
            #expect(refused.status == .unprocessableEntity && refused.main.contains("Places must be at least the 2 places"))
            #expect(try await ClassSession.find(first, on: app.db)?.capacity == 2)
        }
    }

    @Test func refusedClassFormsAddNothingAndKeepWhatWasTyped() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            for (fields, message) in [
                ([("time", "6.30pm")], "Starts at must be a time like 18:30"),
                ([("date", "2026-11-01")], "Date must be in the future"),
                ([("weekdays[]", "")], "Weekdays: must name at least one weekday"),
                ([("until", "2027-01-10")], "The number of classes or an end date: give one of the two"),
                ([("capacity", "0")], "Places must be between 1 and 1000"),
                ([("title", "")], "Title must not be empty"),
            ] as [([(String, String)], String)] {
                var form = weekly(setup).filter { pair in !fields.contains { $0.0 == pair.0 } && pair.0 != "_once" }
                form += fields.filter { !$0.1.isEmpty || $0.0 != "weekdays[]" }
                let refused = try await app.postForm("/t/studio/admin/classes/new", form, headers: setup.owner)
                #expect(refused.status == .unprocessableEntity, "\(fields)")
                #expect(refused.main.contains(message), "\(fields)")
                #expect(refused.main.contains("value=\"Studio 1\""), "what was typed is kept")
            }
            #expect(try await ClassSession.query(on: app.db).count() == 0)
        }
    }

    @Test func attendanceIsMarkedFromTheStartAndTheInstructorMayMarkIt() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            _ = try await app.postForm("/t/studio/admin/classes/new", weekly(setup), headers: setup.owner)
            let first = try #require(try await ClassSession.query(on: app.db).sort(\.$startsAt).first())
            var places: [UUID] = []
            for email in ["ann@example.com"] {
                let enrolled = try await app.send(
                    .POST, "api/v1/sessions/\(first.id!)/enrollments", headers: setup.studio.headers,
                    json: ["client": ["name": "Ann", "email": email], "consent": true])
                places.append(try #require(UUID(uuidString: enrolled.json["id"] as? String ?? "")))
            }
            let path = "/t/studio/admin/classes/\(first.id!.uuidString.lowercased())"
            let early = try await app.postForm(
                path + "/attendance", [("attended[]", places[0].uuidString.lowercased())], headers: setup.teacher)
            #expect(early.status == .conflict && early.main.contains("once the class has started"))

            // Two days on: signed in afresh (the sessions of Monday have gone idle).
            app.clock = FixedClock(try Date("2026-12-02T18:40:00Z", strategy: .iso8601))
            let teacher: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "studio", email: "maya@studio.example")]
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "studio", email: "owner@studio.example")]
            let marked = try await app.postForm(
                path + "/attendance", [("attended[]", places[0].uuidString.lowercased())], headers: teacher)
            #expect(marked.status == .seeOther)
            #expect(try await Enrollment.find(places[0], on: app.db)?.attendance == .attended)
            let none = try await app.postForm(path + "/attendance", [], headers: owner)
            #expect(none.status == .seeOther)
            #expect(try await Enrollment.find(places[0], on: app.db)?.attendance == .absent)
            let csv = try await app.page(path + "/roster.csv", headers: teacher)
            #expect(csv.status == .ok && csv.body.string.contains("enrolled_at,attendance"))
            #expect(csv.body.string.contains("ann@example.com") && csv.body.string.contains(",absent"))
            // The API's roster says the same.
            let roster = try await app.send(
                .GET, "api/v1/admin/sessions/\(first.id!)/enrollments", headers: setup.studio.adminHeaders
            ).jsonArray
            #expect(roster.first?["attendance"] as? String == "absent")
            // The instructor may not change or cancel it, and sees nobody else's classes.
            #expect(try await app.postForm(path + "/cancel", [], headers: teacher).status == .forbidden)
            #expect(try await app.postForm(path + "/edit", [("title", "X")], headers: teacher).status == .forbidden)
            let other = try await StudioFactory.session(app, tenant: setup.studio, capacity: 5)
            #expect(
                try await app.page("/t/studio/admin/classes/\(other.id!.uuidString.lowercased())", headers: teacher).status
                    == .notFound)
        }
    }

    @Test func cancellingTheRestOfASeriesTellsEveryoneAndLeavesEarlierClasses() async throws {
        try await withTestApp { app in
            let setup = try await setUp(app)
            _ = try await app.postForm("/t/studio/admin/classes/new", weekly(setup), headers: setup.owner)
            let sessions = try await ClassSession.query(on: app.db).sort(\.$startsAt).all()
            let enrolled = try await app.send(
                .POST, "api/v1/sessions/\(sessions[2].id!)/enrollments", headers: setup.studio.headers,
                json: ["client": ["name": "Ann", "email": "ann@example.com"], "consent": true])
            #expect(enrolled.status == .created)
            let second = "/t/studio/admin/classes/\(sessions[1].id!.uuidString.lowercased())"
            let page = try await app.page(second, headers: setup.owner).main
            #expect(page.contains("This one and every later one of its weekly series (3 classes)"))
            let cancelled = try await app.postForm(second + "/cancel", [("scope", "series")], headers: setup.owner)
            #expect(cancelled.status == .seeOther && cancelled.location.hasSuffix("done=cancelled"))
            let statuses = try await ClassSession.query(on: app.db).sort(\.$startsAt).all().map(\.status)
            #expect(statuses == [.scheduled, .cancelled, .cancelled, .cancelled])
            #expect(try await Enrollment.query(on: app.db).first()?.status == .cancelled)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == .sessionCancelled).count() >= 1)
            // One alone.
            let first = "/t/studio/admin/classes/\(sessions[0].id!.uuidString.lowercased())"
            #expect(try await app.postForm(first + "/cancel", [], headers: setup.owner).status == .seeOther)
            #expect(try await ClassSession.find(sessions[0].id, on: app.db)?.status == .cancelled)
        }
    }
}
