import Fluent
import Foundation
import NIOConcurrencyHelpers
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

    /// Today's classes that have begun are kept too (a link to one is still followed), but the class
    /// list shows only those that have not.
    @Test func aClassThatBeganEarlierTodayIsKeptButNotListed() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            // The test clock reads 2026-11-30 08:00 UTC (08:00 in London).
            let begun = try await StudioFactory.session(app, tenant: studio, capacity: 4, start: "2026-11-30T07:00:00Z")
            let later = try await StudioFactory.session(app, tenant: studio, capacity: 4)
            app.services.upcomingClasses = UpcomingClasses(lifetime: 60)
            let begunPage = "t/studio/sessions/\(begun.id!.uuidString.lowercased())"
            #expect(try await app.page(begunPage).main.contains("Online booking closed"))
            let list = try await app.page("t/studio/sessions").main
            #expect(list.contains(later.id!.uuidString.lowercased()) && !list.contains(begun.id!.uuidString.lowercased()))

            // Changed behind this server's back: the page still shows the kept row.
            begun.title = "Renamed"
            try await begun.update(on: app.db)
            let kept = try await app.page(begunPage).main
            #expect(kept.contains("Yoga") && !kept.contains("Renamed"))
        }
    }

    @Test func aReadThatBeganBeforeAnEvictionIsNotKept() async throws {
        let classes = UpcomingClasses(lifetime: 60)
        let tenant = UUID()
        let read = try await classes.timetable(tenant: tenant) {
            // A write lands (and evicts) while these rows are being read.
            classes.evict(tenant: tenant)
            return []
        }
        #expect(read.rows.isEmpty)
        let loads = NIOLockedValueBox(0)
        for _ in 0..<2 {
            _ = try await classes.timetable(tenant: tenant) {
                loads.withLockedValue { $0 += 1 }
                return []
            }
        }
        #expect(loads.withLockedValue { $0 } == 1, "read again after the eviction, then kept")
    }

    @Test func requestsThatFindItExpiredTogetherShareOneRead() async throws {
        let classes = UpcomingClasses(lifetime: 60)
        let tenant = UUID()
        let loads = NIOLockedValueBox(0)
        let timetables = try await withThrowingTaskGroup(of: UpcomingClasses.Timetable.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await classes.timetable(tenant: tenant) {
                        loads.withLockedValue { $0 += 1 }
                        try await Task.sleep(for: .milliseconds(200))
                        return []
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(loads.withLockedValue { $0 } == 1)
        #expect(timetables.allSatisfy { $0 === timetables[0] })
        // A failed read is not kept: the next request reads again.
        struct Unavailable: Error {}
        classes.evict(tenant: tenant)
        await #expect(throws: Unavailable.self) { try await classes.timetable(tenant: tenant) { throw Unavailable() } }
        _ = try await classes.timetable(tenant: tenant) {
            loads.withLockedValue { $0 += 1 }
            return []
        }
        #expect(loads.withLockedValue { $0 } == 2)
    }

    @Test func aZeroLifetimeReadsEveryTime() async throws {
        let classes = UpcomingClasses(lifetime: 0)
        let loads = NIOLockedValueBox(0)
        for _ in 0..<3 {
            _ = try await classes.timetable(tenant: UUID()) {
                loads.withLockedValue { $0 += 1 }
                return []
            }
        }
        #expect(loads.withLockedValue { $0 } == 3)
    }
}
