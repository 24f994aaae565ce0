import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Choosing a password (issue 22): "forgotten your password" answers the same for any address, the
/// emailed link opens a form without being spent, works once within 60 minutes and signs the user
/// in with every other session ended; invitations the same way; a signed-in change needs the current
/// password and signs the other browsers out.
@Suite("Portal passwords")
struct PasswordPagesTests {
    func link(in mail: ParsedMail?, path: String) -> String? {
        guard let text = mail?.part("text/plain")?.body,
            let range = text.range(of: "http://[^ \\r\\n]*/\(path)/[A-Za-z0-9_-]{43}", options: .regularExpression)
        else { return nil }
        let url = String(text[range])
        return String(url[url.range(of: "/t/")!.lowerBound...])
    }

    @Test func aResetLinkWorksOnceAndSignsEveryOtherBrowserOut() async throws {
        try await withTestApp { app in
            let mailroom = try await Mailroom.open(app)
            defer { Task { try? await mailroom.close() } }
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let elsewhere = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")

            let known = try await app.postForm("/t/salon/admin/forgot-password", [("email", "Owner@Salon.example ")])
            let unknown = try await app.postForm("/t/salon/admin/forgot-password", [("email", "nobody@salon.example")])
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(
                known.main.replacingOccurrences(of: "owner@salon.example", with: "X")
                    == unknown.main.replacingOccurrences(of: "nobody@salon.example", with: "X"))
            // Asked twice within a minute: one email.
            _ = try await app.postForm("/t/salon/admin/forgot-password", [("email", "owner@salon.example")])
            try await mailroom.deliver()
            let mails = mailroom.mails(to: "owner@salon.example")
            #expect(mails.count == 1 && mailroom.mails(to: "nobody@salon.example").isEmpty)
            let path = try #require(link(in: mails.first, path: "admin/reset-password"))
            #expect(!(try await OutboxMessage.query(on: app.db).first()?.details.contains(String(path.suffix(43))) ?? true))

            // Opening it (a mail scanner, or the user) spends nothing.
            #expect(try await app.page(path).status == .ok)
            #expect(try await app.page(path).main.contains("Choose a new password"))
            let mismatch = try await app.postForm(path, [("password", "a brand new secret"), ("repeat", "a brand new secreT")])
            #expect(mismatch.status == .unprocessableEntity && mismatch.main.contains("The two passwords are not the same"))
            let short = try await app.postForm(path, [("password", "short"), ("repeat", "short")])
            #expect(short.main.contains("The new password must be at least 10 characters"))

            let saved = try await app.postForm(path, [("password", "a brand new secret"), ("repeat", "a brand new secret")])
            #expect(saved.status == .seeOther && saved.location == "/t/salon/admin?done=password")
            let cookie = try #require(saved.headers.setCookie?[PortalCookie.name]?.string)
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": "\(PortalCookie.name)=\(cookie)"]).status == .ok)
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": elsewhere]).status == .seeOther)
            _ = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example", password: "a brand new secret")
            let old = try await app.postForm(
                "/t/salon/admin/sign-in", [("email", "owner@salon.example"), ("password", PortalLogin.password)])
            #expect(old.status == .unauthorized)

            let again = try await app.postForm(path, [("password", "another new secret"), ("repeat", "another new secret")])
            #expect(again.status == .notFound && again.main.contains("This link no longer works"))
            #expect(try await app.page(path).status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "reset_password").count() == 1)
        }
    }

    @Test func anInvitationExpiresAfterAWeekAndIsForItsOwnPage() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
            let user = try #require(try await User.find(created.userID, on: app.db))
            let tokens = try await app.services.manageTokens(on: app.db)
            try await AccountLinks.send(.invite, to: user, now: testNow, tokens: tokens, on: app.db)
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == .accountLink).first())
            let details = try JSONDecoder.iso8601.decode(OutboxDetails.self, from: Data(row.details.utf8))
            let token = tokens.token(for: .accountLink(try #require(details.accountLink)))
            #expect(details.invitation == true && details.email == "sam@salon.example")

            #expect(
                try await app.page("/t/salon/admin/reset-password/\(token)").status == .notFound, "an invitation is not a reset")
            let page = try await app.page("/t/salon/admin/invitation/\(token)")
            #expect(page.status == .ok && page.main.contains("Choose your password"))
            // An invitation works for a week (a reset link for an hour): a day later it still opens.
            app.clock = FixedClock(testNow.addingTimeInterval(24 * 3600))
            #expect(try await app.page("/t/salon/admin/invitation/\(token)").status == .ok)
            app.clock = FixedClock(testNow.addingTimeInterval(7 * 24 * 3600 + 60))
            let late = try await app.postForm(
                "/t/salon/admin/invitation/\(token)", [("password", "my own password"), ("repeat", "my own password")])
            #expect(late.status == .notFound)
            app.clock = FixedClock(testNow)
            let accepted = try await app.postForm(
                "/t/salon/admin/invitation/\(token)", [("password", "my own password"), ("repeat", "my own password")])
            #expect(accepted.status == .seeOther)
            _ = try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example", password: "my own password")
            // Spent: the outbox no longer sends it either.
            let mailroom = try await Mailroom.open(app)
            defer { Task { try? await mailroom.close() } }
            let pass = try await mailroom.deliver()
            #expect(pass.sent == 0 && pass.skipped == 1)
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOneAndSignsTheOtherBrowsersOut() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let here = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let there = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let wrong = try await app.postForm(
                "/t/salon/admin/account",
                [("current", "not my password"), ("password", "a newer secret!"), ("repeat", "a newer secret!")],
                headers: ["Cookie": here])
            #expect(wrong.status == .unprocessableEntity && wrong.main.contains("That is not your current password"))
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": there]).status == .ok)

            let changed = try await app.postForm(
                "/t/salon/admin/account",
                [("current", PortalLogin.password), ("password", "a newer secret!"), ("repeat", "a newer secret!")],
                headers: ["Cookie": here])
            #expect(changed.status == .seeOther && changed.location == "/t/salon/admin/account?done=password")
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": here]).status == .ok)
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": there]).status == .seeOther)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$objectType == "account").first())
            #expect(audit.fields == "current,password,repeat" && audit.via == "portal")
        }
    }

    @Test func anInvitationFromTheCommandLineIsChosenOrAPasswordNotBoth() async throws {
        await #expect(throws: UserProvisioning.Failure.self) {
            _ = try await UserCommands.create(
                tenant: "salon", email: "x@salon.example", name: nil, role: "owner", staff: nil, password: "a long password",
                invite: true, config: AppConfig(mode: .testing, database: .sqliteMemory))
        }
    }
}
