import Foundation
import VaporTesting
@testable import App

enum StudioFactory {
    /// A session starting 2026-12-02 18:30 UTC (after the test clock's now).
    static func session(
        _ app: Application, tenant: TestTenant, capacity: Int, start: String = "2026-12-02T18:30:00Z"
    ) async throws -> ClassSession {
        let startsAt = try Date(start, strategy: .iso8601)
        let session = ClassSession(
            tenantID: tenant.id, title: "Yoga", description: "", instructorID: nil, location: "Studio 1",
            startsAt: startsAt, endsAt: startsAt + 3600, capacity: capacity, priceCents: 1200)
        try await session.create(on: app.db)
        return session
    }
}
