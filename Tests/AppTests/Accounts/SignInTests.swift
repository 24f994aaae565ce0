import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Signing in (issue 22): one answer for a wrong password, an unknown address and a deactivated
/// account; throttling per account and per client address, shared through the database.
@Suite("Portal sign-in")
struct SignInTests {
    let password = "a long enough secret"

    func salon(on app: Application) async throws -> (tenant: UUID, other: UUID) {
        let salon = try await TenantProvisioning.create(
            .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
        let other = try await TenantProvisioning.create(
            .init(slug: "other", name: "Other", timezone: "Europe/London"), on: app.db)
        _ = try await UserProvisioning.create(
            .init(tenantID: salon.tenantID, email: "owner@salon.example", role: .owner, password: password), on: app.db,
            threadPool: app.threadPool)
        return (salon.tenantID, other.tenantID)
    }

    func attempt(
        _ app: Application, _ tenant: UUID, _ email: String, _ password: String, from address: String = "192.0.2.1",
        at now: Date = testNow
    )
        async throws -> PortalSignIn.Outcome
    {
        try await PortalSignIn.attempt(
            tenantID: tenant, email: email, password: password, address: address, now: now, on: app.db, threadPool: app.threadPool
        )
    }

    @Test func theRightPasswordSignsInAndEverythingElseGetsOneAnswer() async throws {
        try await withTestApp { app in
            let (tenant, other) = try await salon(on: app)
            guard case .signedIn(let token, let user) = try await attempt(app, tenant, " Owner@Salon.example ", password) else {
                Issue.record("the right password did not sign in")
                return
            }
            #expect(user.email == "owner@salon.example" && user.role == .owner)
            #expect(
                try await PortalSessions.find(token: token, tenantID: tenant, now: testNow, on: app.db)?.userID == user.userID)

            for (tenantID, email, guess) in [
                (tenant, "owner@salon.example", "a wrong password"), (tenant, "nobody@salon.example", password),
                (other, "owner@salon.example", password),
            ] {
                guard case .refused = try await attempt(app, tenantID, email, guess) else {
                    Issue.record("\(email) with '\(guess)' was not refused")
                    continue
                }
            }
            let owner = try #require(try await User.query(on: app.db).filter(\.$email == "owner@salon.example").first())
            owner.active = false
            try await owner.update(on: app.db)
            guard case .refused = try await attempt(app, tenant, "owner@salon.example", password) else {
                Issue.record("a deactivated account signed in")
                return
            }
        }
    }

    @Test func tenFailuresForAnAccountOrFromAnAddressWaitFifteenMinutes() async throws {
        try await withTestApp { app in
            let (tenant, _) = try await salon(on: app)
            let start = testNow
            for minute in 0..<10 {
                try await SignInThrottle.recordFailure(
                    tenantID: tenant, email: "Owner@salon.example", address: "198.51.100.\(minute)",
                    now: start.addingTimeInterval(Double(minute) * 60),
                    on: app.db)
            }
            let now = start.addingTimeInterval(10 * 60)
            // The account is held until its oldest counted failure is 15 minutes old, from any address ...
            guard
                case .throttled(let wait) = try await attempt(
                    app, tenant, "owner@salon.example", password, from: "203.0.113.9", at: now)
            else {
                Issue.record("the eleventh try was not throttled")
                return
            }
            #expect(wait == 5 * 60)
            // ... while another account from a fresh address is not.
            #expect(
                try await SignInThrottle.wait(
                    tenantID: tenant, email: "x@salon.example", address: "203.0.113.9", now: now, on: app.db) == nil)
            // Once the window has passed, the right password signs in, and clears the account's failures.
            guard
                case .signedIn = try await attempt(
                    app, tenant, "owner@salon.example", password, at: start.addingTimeInterval(15 * 60 + 1))
            else {
                Issue.record("the account stayed locked after the window")
                return
            }

            // Ten failures from one address, each at a different (even unknown) account, hold that address.
            for index in 0..<10 {
                try await SignInThrottle.recordFailure(
                    tenantID: tenant, email: "guess\(index)@salon.example", address: "203.0.113.50", now: now, on: app.db)
            }
            #expect(
                try await SignInThrottle.wait(
                    tenantID: tenant, email: "owner@salon.example", address: "203.0.113.50", now: now, on: app.db) == 15 * 60)
            #expect(
                try await SignInThrottle.wait(
                    tenantID: tenant, email: "owner@salon.example", address: "203.0.113.51", now: now, on: app.db) == nil)
        }
    }

    @Test func failedAttemptsAreCountedAndOldOnesForgotten() async throws {
        try await withTestApp { app in
            let (tenant, _) = try await salon(on: app)
            for _ in 0..<3 { _ = try await attempt(app, tenant, "nobody@salon.example", "a wrong password") }
            #expect(try await SignInFailure.query(on: app.db).count() == 3)
            // A failure 16 minutes later deletes the three that left the window.
            _ = try await attempt(
                app, tenant, "nobody@salon.example", "a wrong password", at: testNow.addingTimeInterval(16 * 60))
            #expect(try await SignInFailure.query(on: app.db).count() == 1)
        }
    }
}
