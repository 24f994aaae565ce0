import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Outside tests a studio's upcoming classes are read at most once a second per server, like the
/// tenant row: this server's own enrolments and changes are seen at once, another server's within
/// the lifetime, and enrolling always counts the places in the database.
@Suite("Upcoming classes kept")
struct UpcomingClassesTests {
    @Test func ownWritesAreSeenAtOnceAndOthersWithinTheLifetime() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 2)
            app.services.upcomingClasses = UpcomingClasses(lifetime: 60)
            let classPage = "t/studio/sessions/\(session.id!.uuidString.lowercased())"
            #expect(try await app.page("t/studio/sessions").main.contains("2 places left"))
            #expect(try await app.page(classPage).main.contains("2 places left"))

            // Another server takes a place (straight into the database): not seen yet on this one...
            session.booked = 1
            try await session.update(on: app.db)
            #expect(try await app.page("t/studio/sessions").main.contains("2 places left"))
            #expect(try await app.page(classPage).main.contains("2 places left"))

            // ...but this server's own enrolment is seen by the very next request, with the other's.
            let enrolled = try await app.postForm(
                classPage, [("name", "Bea"), ("email", "bea@example.com"), ("consent", "yes")])
            #expect(enrolled.status == .seeOther && enrolled.location.hasSuffix("?done=enrolled"))
            let full = try await app.page("t/studio/sessions").main
            #expect(full.contains("Full") && !full.contains("places left"))
            #expect(try await app.page(classPage).main.contains("Full"))

            // A write through the JSON API evicts too, whatever it answers.
            session.booked = 0
            try await session.update(on: app.db)
            let refused = try await app.send(
                .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers, json: ["client": ["name": ""]])
            #expect(refused.status.code >= 400)
            #expect(try await app.page("t/studio/sessions").main.contains("2 places left"))
        }
    }

    @Test func aReadThatBeganBeforeAnEvictionIsNotKept() async throws {
        let classes = UpcomingClasses(lifetime: 60)
        let tenant = UUID()
        let read = try await classes.timetable(tenant: tenant, limit: 200) {
            // A write lands (and evicts) while these rows are being read.
            classes.evict(tenant: tenant)
            return []
        }
        #expect(read.rows.isEmpty)
        var loads = 0
        _ = try await classes.timetable(tenant: tenant, limit: 200) {
            loads += 1
            return []
        }
        _ = try await classes.timetable(tenant: tenant, limit: 200) {
            loads += 1
            return []
        }
        #expect(loads == 1, "read again after the eviction, then kept")
    }

    @Test func aZeroLifetimeReadsEveryTime() async throws {
        let classes = UpcomingClasses(lifetime: 0)
        var loads = 0
        for _ in 0..<3 {
            _ = try await classes.timetable(tenant: UUID(), limit: 200) {
                loads += 1
                return []
            }
        }
        #expect(loads == 3)
    }
}
