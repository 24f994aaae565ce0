import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Portal sessions in the database (issue 22): a new token at every sign-in, idle and absolute
/// expiry, one tenant only, sign-out and "sign out my other browsers".
@Suite("Portal sessions")
struct PortalSessionTests {
    /// A tenant with one owner; returns the tenant, the user and a second tenant's id.
    func owner(on app: Application) async throws -> (tenant: UUID, user: User, other: UUID) {
        let salon = try await TenantProvisioning.create(
            .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
        let other = try await TenantProvisioning.create(
            .init(slug: "other", name: "Other", timezone: "Europe/London"), on: app.db)
        let created = try await UserProvisioning.create(
            .init(tenantID: salon.tenantID, email: "owner@salon.example", role: .owner), on: app.db, threadPool: app.threadPool)
        return (salon.tenantID, try #require(try await User.find(created.userID, on: app.db)), other.tenantID)
    }

    @Test func everySignInIsANewSessionValidInItsOwnTenantOnly() async throws {
        try await withTestApp { app in
            let (tenant, user, other) = try await owner(on: app)
            let first = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            let second = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            #expect(first != second && first.count == 43)
            let current = try #require(try await PortalSessions.find(token: first, tenantID: tenant, now: testNow, on: app.db))
            #expect(current.userID == user.id && current.role == .owner && current.email == "owner@salon.example")
            #expect(try await PortalSessions.find(token: first, tenantID: other, now: testNow, on: app.db) == nil)
            #expect(try await PortalSessions.find(token: first + "x", tenantID: tenant, now: testNow, on: app.db) == nil)
            #expect(try await PortalSessions.find(token: "not-a-token", tenantID: tenant, now: testNow, on: app.db) == nil)
            // Only the hash is stored.
            let rows = try await PortalSession.query(on: app.db).all()
            #expect(rows.count == 2 && !rows.contains { $0.tokenHash == first || $0.tokenHash == second })
        }
    }

    @Test func aSessionEndsAfterEightIdleHoursOrSevenDays() async throws {
        try await withTestApp { app in
            let (tenant, user, _) = try await owner(on: app)
            let token = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            let hour: TimeInterval = 3600
            // Used every seven hours, it lives until the seventh day ...
            var now = testNow
            while now < testNow.addingTimeInterval(6 * 24 * hour) {
                now = now.addingTimeInterval(7 * hour)
                #expect(try await PortalSessions.find(token: token, tenantID: tenant, now: now, on: app.db) != nil, "at \(now)")
            }
            // ... and not past it, however busy.
            let late = testNow.addingTimeInterval(7 * 24 * hour)
            #expect(try await PortalSessions.find(token: token, tenantID: tenant, now: late, on: app.db) == nil)
            #expect(try await PortalSession.query(on: app.db).count() == 0)  // deleted, not just refused

            let idle = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            #expect(
                try await PortalSessions.find(
                    token: idle, tenantID: tenant, now: testNow.addingTimeInterval(8 * hour - 1), on: app.db) != nil)
            let afterIdle = testNow.addingTimeInterval(16 * hour)
            #expect(try await PortalSessions.find(token: idle, tenantID: tenant, now: afterIdle, on: app.db) == nil)
        }
    }

    @Test func signOutAndPasswordChangesEndSessionsAndADeactivatedUserHasNone() async throws {
        try await withTestApp { app in
            let (tenant, user, other) = try await owner(on: app)
            let phone = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            let laptop = try await PortalSessions.start(for: user, now: testNow, on: app.db).token
            let tablet = try await PortalSessions.start(for: user, now: testNow, on: app.db).token

            try await PortalSessions.end(token: tablet, tenantID: other, on: app.db)  // another tenant's sign-out ends nothing
            #expect(try await PortalSessions.find(token: tablet, tenantID: tenant, now: testNow, on: app.db) != nil)
            try await PortalSessions.end(token: tablet, tenantID: tenant, on: app.db)
            #expect(try await PortalSessions.find(token: tablet, tenantID: tenant, now: testNow, on: app.db) == nil)

            let kept = try #require(try await PortalSessions.find(token: phone, tenantID: tenant, now: testNow, on: app.db))
            try await PortalSessions.endOthers(of: try user.requireID(), keeping: kept.sessionID, on: app.db)
            #expect(try await PortalSessions.find(token: laptop, tenantID: tenant, now: testNow, on: app.db) == nil)
            #expect(try await PortalSessions.find(token: phone, tenantID: tenant, now: testNow, on: app.db) != nil)

            user.active = false
            try await user.update(on: app.db)
            #expect(try await PortalSessions.find(token: phone, tenantID: tenant, now: testNow, on: app.db) == nil)
        }
    }
}

@Suite("Password change")
struct PasswordChangeTests {
    @Test func aNewPasswordNeedsTheCurrentOneAndSignsOutTheOtherBrowsers() async throws {
        try await withTestApp { app in
            let salon = try await TenantProvisioning.create(
                .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
            let created = try await UserProvisioning.create(
                .init(tenantID: salon.tenantID, email: "owner@salon.example", role: .owner, password: "the first password"),
                on: app.db, threadPool: app.threadPool)
            let user = try #require(try await User.find(created.userID, on: app.db))
            let here = try await PortalSessions.start(for: user, now: testNow, on: app.db)
            let elsewhere = try await PortalSessions.start(for: user, now: testNow, on: app.db)
            func change(_ current: String, _ new: String) async throws -> [String] {
                do {
                    try await PasswordChange.change(
                        user: here.user, currentPassword: current, newPassword: new, on: app.db, threadPool: app.threadPool)
                    return []
                } catch let refused as PasswordChange.Refused {
                    return refused.problems.map { "\($0.field): \($0.message)" }
                }
            }

            #expect(
                try await change("not the password", "short") == [
                    "currentPassword: is not your current password", "newPassword: must be at least 10 characters",
                ])
            #expect(
                try await change("the first password", "the first password") == ["newPassword: must differ from the current one"])
            // Refusals changed nothing: both browsers are still signed in, the old password still works.
            #expect(
                try await PortalSessions.find(token: elsewhere.token, tenantID: salon.tenantID, now: testNow, on: app.db) != nil)

            #expect(try await change("the first password", "a second password") == [])
            #expect(try await PortalSessions.find(token: here.token, tenantID: salon.tenantID, now: testNow, on: app.db) != nil)
            #expect(
                try await PortalSessions.find(token: elsewhere.token, tenantID: salon.tenantID, now: testNow, on: app.db) == nil)
            let stored = try #require(try await User.find(created.userID, on: app.db))
            #expect(try await Passwords.verify("a second password", against: stored.passwordHash, on: app.threadPool))
            #expect(try await !Passwords.verify("the first password", against: stored.passwordHash, on: app.threadPool))
        }
    }
}
