import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// Outside tests `GET /api/v1/sessions` answers with bytes built at most once a second per range:
/// the same bytes a fresh read gives, this server's own enrolments seen at once, another server's
/// within the lifetime, and any number of ranges answered.
@Suite("Sessions listings kept")
struct KeptSessionListingsTests {
    @Test func keptListingsAreTheFreshBytesAndOwnEnrolmentsShowAtOnce() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 5, start: "2026-12-04T09:00:00Z")
            let fresh = try await app.send(.GET, "api/v1/sessions", headers: studio.headers)
            #expect(fresh.status == .ok)

            app.services.keptSessionListings = KeptSessionListings(lifetime: 60)
            let kept = try await app.send(.GET, "api/v1/sessions", headers: studio.headers)
            #expect(kept.body == fresh.body, "byte for byte")
            #expect(kept.headers.contentType == fresh.headers.contentType)
            #expect(kept.jsonArray.count == 2)

            func booked() async throws -> Int? {
                let res = try await app.send(.GET, "api/v1/sessions", headers: studio.headers)
                return res.jsonArray.first { $0["id"] as? String == session.id!.uuidString }?["booked"] as? Int
            }
            // Another server takes a place (straight into the database): not shown here yet...
            session.booked = 1
            try await session.update(on: app.db)
            #expect(try await booked() == 0)
            // ...but this server's own enrolment is shown by the next request, with the other's.
            let enrolled = try await app.send(
                .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                json: ["client": ["name": "Bea", "email": "bea@example.com"], "consent": true])
            #expect(enrolled.status == .created)
            #expect(try await booked() == 2)
        }
    }

    /// An expired listing is answered while it is built again, for one more lifetime; after that,
    /// or after an eviction, the request waits for the build.
    @Test(.timeLimit(.minutes(1))) func anExpiredListingIsAnsweredWhileItIsBuiltAgain() async throws {
        let clock = KeptPerTenantTests.TestClock()
        let listings = KeptSessionListings(lifetime: 10, clock: clock.nanoseconds)
        let builds = KeptPerTenantTests.Loads()
        let (tenant, origin) = (UUID(), Date(timeIntervalSince1970: 1_800_000_000))
        func body() async throws -> String {
            String(
                buffer: try await listings.body(tenant: tenant, range: origin..<origin.addingTimeInterval(86_400)) {
                    ByteBuffer(string: "build \(await builds.load())")
                })
        }
        #expect(try await body() == "build 1")
        clock.set(12)
        builds.hold()
        while builds.started < 2 { #expect(try await body() == "build 1", "not waiting for the held build") }
        #expect(try await body() == "build 1")
        await builds.release()
        while try await body() != "build 2" { await Task.yield() }

        clock.set(12 + 25)
        #expect(try await body() == "build 3", "expired for more than a lifetime: built before it is answered")
        listings.evict(tenant: tenant)
        #expect(try await body() == "build 4", "evicted: built before it is answered")
    }

    @Test func anyNumberOfRangesIsAnsweredAndEachIsBuiltOnce() async throws {
        let listings = KeptSessionListings(lifetime: 60)
        let tenant = UUID()
        let builds = NIOLockedValueBox(0)
        let origin = Date(timeIntervalSince1970: 1_800_000_000)
        for round in 0..<2 {
            for day in 0..<(KeptSessionListings.Listings.rangesKept + 4) {
                let range =
                    origin.addingTimeInterval(
                        TimeInterval(day * 86_400))..<origin.addingTimeInterval(TimeInterval((day + 1) * 86_400))
                let body = try await listings.body(tenant: tenant, range: range) {
                    builds.withLockedValue { $0 += 1 }
                    return ByteBuffer(string: "day \(day)")
                }
                #expect(String(buffer: body) == "day \(day)", "round \(round)")
            }
        }
        // The first 16 ranges are kept; the 4 beyond are built each time they are asked for.
        #expect(builds.withLockedValue { $0 } == KeptSessionListings.Listings.rangesKept + 4 * 2)
        listings.evict(tenant: tenant)
        _ = try await listings.body(tenant: tenant, range: origin..<origin.addingTimeInterval(86_400)) {
            builds.withLockedValue { $0 += 1 }
            return ByteBuffer(string: "again")
        }
        #expect(builds.withLockedValue { $0 } == KeptSessionListings.Listings.rangesKept + 4 * 2 + 1)
    }
}
