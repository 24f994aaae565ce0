import Fluent
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Regression: two concurrent exclusion-constraint checks on PostgreSQL can deadlock (40P01); CI once
/// saw a reschedule racing a new booking answered with a 500 that way.
@Suite("Transient database conflicts")
struct TransientConflictTests {
    actor Attempts {
        var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }

    static let raiseDeadlock: SQLQueryString =
        "DO $$ BEGIN RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01'; END $$"

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "deadlocks between exclusion checks happen on PostgreSQL"))
    func deadlockedWriteTransactionIsRunAgain() async throws {
        try await withTestApp { app in
            let attempts = Attempts()
            let result = try await app.services.storage.write(on: app.db) { db in
                let attempt = await attempts.next()
                if attempt == 1 { try await (db as! any SQLDatabase).raw(Self.raiseDeadlock).run() }
                return attempt
            }
            #expect(result == 2)
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "deadlocks between exclusion checks happen on PostgreSQL"))
    func persistentDeadlockIsA409NeverA500() async throws {
        try await withTestApp { app in
            let attempts = Attempts()
            app.get("api", "test-deadlock") { req async throws -> String in
                try await req.application.services.storage.write(on: req.db) { db in
                    _ = await attempts.next()
                    try await (db as! any SQLDatabase).raw(Self.raiseDeadlock).run()
                    return "never"
                }
            }
            try await app.testing().test(.GET, "api/test-deadlock") { res in
                res.expectErrorShape(.conflict)
                #expect(res.reason.contains("please try again"))
            }
            #expect(await attempts.count == 3)
        }
    }
}
