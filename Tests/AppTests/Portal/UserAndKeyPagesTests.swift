import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Sign-ins and API keys in the portal (issue 23): an invitation by email, roles and access that
/// never leave the business without an active owner, and keys shown once and revoked.
@Suite("Portal sign-ins and API keys")
struct UserAndKeyPagesTests {
    @Test func anInvitationIsEmailedAndTheLastOwnerCannotBeRemoved() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            let refused = try await app.postForm(
                "/t/salon/admin/users", [("email", "sam@salon"), ("role", "staff"), ("staff", "")], headers: owner)
            #expect(refused.status == .unprocessableEntity && refused.main.contains("Email address must end in a domain name"))
            #expect(try await User.query(on: app.db).count() == 1)

            let invited = try await app.postForm(
                "/t/salon/admin/users",
                [
                    ("email", "Sam@Salon.example"), ("name", "Sam"), ("role", "staff"),
                    ("staff", salon.sam.id!.uuidString.lowercased()),
                ],
                headers: owner)
            #expect(invited.status == .seeOther && invited.location.hasSuffix("done=invited"))
            let sam = try #require(try await User.query(on: app.db).filter(\.$email == "sam@salon.example").first())
            #expect(sam.role == .staff && sam.staffID == salon.sam.id)
            let link = try #require(try await AccountLink.query(on: app.db).filter(\.$userID == sam.id!).first())
            #expect(link.purpose == .invite && link.expiresAt == testNow.addingTimeInterval(7 * 24 * 3600))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == .accountLink).count() == 1)

            // The only owner cannot demote or deactivate themselves; once Sam is an owner, they can.
            let me = "/t/salon/admin/users/\(created.userID.uuidString.lowercased())"
            let alone = try await app.postForm(
                me, [("role", "staff"), ("staff", salon.alex.id!.uuidString), ("active", "yes")], headers: owner)
            #expect(alone.status == .unprocessableEntity && alone.main.contains("at least one active owner"))
            let off = try await app.postForm(me, [("role", "owner"), ("staff", "")], headers: owner)
            #expect(off.status == .unprocessableEntity)
            #expect(try await User.find(created.userID, on: app.db)?.active == true)
            let promoted = try await app.postForm(
                "/t/salon/admin/users/\(sam.id!.uuidString.lowercased())", [("role", "owner"), ("staff", ""), ("active", "yes")],
                headers: owner)
            #expect(promoted.status == .seeOther)
            #expect(try await User.find(sam.id, on: app.db)?.role == .owner)
            let staffWithout = try await app.postForm(
                "/t/salon/admin/users/\(sam.id!.uuidString.lowercased())", [("role", "staff"), ("staff", ""), ("active", "yes")],
                headers: owner)
            #expect(staffWithout.status == .unprocessableEntity && staffWithout.main.contains("choose whose"))
            let demoted = try await app.postForm(
                me, [("role", "staff"), ("staff", salon.alex.id!.uuidString), ("active", "yes")], headers: owner)
            #expect(demoted.status == .seeOther)
            #expect(
                try await app.page("/t/salon/admin/users", headers: owner).status == .forbidden,
                "now staff: owners' pages are closed")
        }
    }

    @Test func twoOwnersDemotingEachOtherAtOnceLeaveOne() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let first = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "one@salon.example")
            let second = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "two@salon.example")
            let storage = app.services.storage
            let tenant = salon.tenant.id
            let db = app.db
            let succeeded = await withTaskGroup(of: Bool.self) { group in
                for user in [first.userID, second.userID] {
                    group.addTask {
                        do {
                            try await UserAdministration.change(
                                user, tenant: tenant, role: .owner, staffID: nil, active: false, on: db, storage: storage)
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(succeeded == 1)
            #expect(try await User.query(on: app.db).filter(\.$active == true).filter(\.$role == .owner).count() == 1)
        }
    }

    @Test func aKeyIsShownOnceAndWorksUntilRevoked() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            let made = try await app.postForm("/t/salon/admin/api-keys", [("name", "Website widget")], headers: owner)
            #expect(made.status == .ok && made.headers.first(name: .cacheControl)?.contains("no-store") == true)
            let key = try #require(made.main.firstMatch(of: /<code>(nbne_[0-9a-f]{12}_[A-Za-z0-9_-]+)<\/code>/)?.1)
            let headers: HTTPHeaders = ["X-Tenant": "salon", "Authorization": "Bearer \(key)"]
            #expect(try await app.send(.GET, "api/v1/admin/services", headers: headers).status == .ok)
            let list = try await app.page("/t/salon/admin/api-keys", headers: owner).main
            #expect(list.contains("Website widget") && !list.contains(String(key)), "never shown again")
            let stored = try #require(try await ApiKey.query(on: app.db).filter(\.$name == "Website widget").first())
            let revoked = try await app.postForm(
                "/t/salon/admin/api-keys/\(stored.id!.uuidString.lowercased())/revoke", [], headers: owner)
            #expect(revoked.status == .seeOther)
            #expect(try await app.send(.GET, "api/v1/admin/services", headers: headers).status == .unauthorized)
            // The last active key stays.
            let last = try #require(try await ApiKey.query(on: app.db).filter(\.$revokedAt == nil).first())
            let refused = try await app.postForm(
                "/t/salon/admin/api-keys/\(last.id!.uuidString.lowercased())/revoke", [], headers: owner)
            #expect(refused.status == .conflict && refused.main.contains("only active API key"))
        }
    }
}
