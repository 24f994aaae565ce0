import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The outbox worker's sweep of what the portal no longer needs (issue 22).
@Suite("Account housekeeping")
struct AccountHousekeepingTests {
    @Test func expiredSessionsOldLinksAndOldFailuresGoTheRestStays() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let user = try #require(try await User.find(created.userID, on: app.db))
            let tokens = try await app.services.manageTokens(on: app.db)
            let day: TimeInterval = 24 * 3600
            _ = try await PortalSessions.start(for: user, now: testNow.addingTimeInterval(-9 * 3600), on: app.db)  // idle too long
            let live = try await PortalSessions.start(for: user, now: testNow.addingTimeInterval(-3600), on: app.db)
            _ = try await AccountLinks.issue(
                .reset, for: user, now: testNow.addingTimeInterval(-3 * day), tokens: tokens, on: app.db)
            _ = try await AccountLinks.issue(.invite, for: user, now: testNow, tokens: tokens, on: app.db)
            for (age, address) in [(-20.0 * 60, "192.0.2.1"), (-5.0 * 60, "192.0.2.2")] {
                try await SignInFailure(
                    tenantID: salon.tenant.id, email: "owner@salon.example", address: address,
                    failedAt: testNow.addingTimeInterval(age)
                ).create(on: app.db)
            }

            let swept = try await AccountHousekeeping.sweep(now: testNow, on: app.db)
            #expect(swept == AccountHousekeeping.Swept(sessions: 1, links: 1, failures: 1))
            #expect(try await PortalSessions.find(token: live.token, tenantID: salon.tenant.id, now: testNow, on: app.db) != nil)
            #expect(try await AccountLink.query(on: app.db).all().map(\.purpose) == [.invite])
            #expect(try await SignInFailure.query(on: app.db).all().map(\.address) == ["192.0.2.2"])
            #expect(try await AccountHousekeeping.sweep(now: testNow, on: app.db) == AccountHousekeeping.Swept())
        }
    }
}
