import Testing
import VaporTesting
@testable import App

@Suite("Test backend")
struct BackendTests {
    /// Guards CI: with TEST_DATABASE_URL set, the suite must really be talking to PostgreSQL.
    @Test func suiteRunsOnTheBackendItClaims() async throws {
        try await withTestApp { app in
            #expect(app.db.isPostgres == (TestDatabase.postgresURL != nil))
        }
    }
}
