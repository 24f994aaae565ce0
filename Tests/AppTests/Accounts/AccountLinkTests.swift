import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// One-time account links (issue 22): 60 minutes, once, one tenant, one purpose, the newest only.
@Suite("Account links")
struct AccountLinkTests {
    @Test func aLinkWorksOnceWithinTheHourInItsTenantForItsPurpose() async throws {
        try await withTestApp { app in
            let salon = try await TenantProvisioning.create(
                .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
            let other = try await TenantProvisioning.create(
                .init(slug: "other", name: "Other", timezone: "Europe/London"), on: app.db)
            let created = try await UserProvisioning.create(
                .init(tenantID: salon.tenantID, email: "owner@salon.example", role: .owner), on: app.db,
                threadPool: app.threadPool)
            let user = try #require(try await User.find(created.userID, on: app.db))
            func redeem(_ token: String, _ purpose: AccountLinks.Purpose = .reset, tenant: UUID? = nil, at: Date = testNow)
                async throws -> UUID?
            {
                try await AccountLinks.redeem(token, purpose: purpose, tenantID: tenant ?? salon.tenantID, now: at, on: app.db)?
                    .id
            }

            let reset = try await AccountLinks.issue(
                .reset, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            #expect(try await AccountLink.query(on: app.db).first()?.tokenHash == Secrets.sha256Hex(reset))
            #expect(try await redeem(reset, tenant: other.tenantID) == nil)
            #expect(try await redeem(reset, .invite) == nil)
            #expect(try await redeem(reset + "x") == nil)
            #expect(try await redeem(reset, at: testNow.addingTimeInterval(59 * 60)) == user.id)
            #expect(try await redeem(reset, at: testNow.addingTimeInterval(59 * 60)) == nil)  // spent

            let late = try await AccountLinks.issue(
                .reset, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            #expect(try await redeem(late, at: testNow.addingTimeInterval(60 * 60)) == nil)  // expired

            // A new link voids the older unused one of the same purpose, not the other purpose's.
            let invite = try await AccountLinks.issue(
                .invite, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            let first = try await AccountLinks.issue(
                .reset, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            let second = try await AccountLinks.issue(
                .reset, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            #expect(try await redeem(first) == nil)
            #expect(try await redeem(second) == user.id)
            #expect(try await redeem(invite, .invite) == user.id)
        }
    }

    @Test func twoRedemptionsAtOnceSucceedOnce() async throws {
        try await withTestApp { app in
            let salon = try await TenantProvisioning.create(
                .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
            let created = try await UserProvisioning.create(
                .init(tenantID: salon.tenantID, email: "owner@salon.example", role: .owner), on: app.db,
                threadPool: app.threadPool)
            let user = try #require(try await User.find(created.userID, on: app.db))
            let token = try await AccountLinks.issue(
                .invite, for: user, now: testNow, tokens: try await app.services.manageTokens(on: app.db), on: app.db
            ).token
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await AccountLinks.redeem(token, purpose: .invite, tenantID: salon.tenantID, now: testNow, on: app.db)
                            != nil
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
        }
    }
}
