import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Who gets into the portal (issue 22), checked over the route table so a page added later is
/// covered without editing this file: no session, no page; no form token, no change; a session of
/// one tenant opens nothing at another; sign-in always starts a new session; sign-out ends it.
@Suite("Portal access")
struct PortalAccessTests {
    /// Every portal route, as `(method, path)` under `/t/<slug>/`, with `:id` replaced by `id`.
    static func portalRoutes(_ app: Application, slug: String, id: UUID) -> [(HTTPMethod, String)] {
        app.routes.all.compactMap { route in
            let components = route.path.map(\.description)
            guard components.count >= 3, components[0] == "t", components[2] == "admin" else { return nil }
            let path = components.map { component in
                switch component {
                case ":tenantSlug": slug
                case ":id": id.uuidString.lowercased()
                default: component
                }
            }
            return (route.method, "/" + path.joined(separator: "/"))
        }
    }

    /// Portal pages for people not signed in, with the reason.
    static let openToEveryone: [String: String] = [
        "sign-in": "signing in", "forgot-password": "asking for a link to choose a new password",
        "reset-password": "choosing a password with an emailed link (the link is the secret)",
        "invitation": "accepting an invitation (the link is the secret)",
    ]

    static func isOpen(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(of: "admin"), index + 1 < parts.count else { return false }
        return openToEveryone[parts[index + 1]] != nil
    }

    @Test func withoutASessionEveryPortalPageAndFormGoesToSignIn() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z")
            let routes = Self.portalRoutes(app, slug: "salon", id: booking)
            #expect(routes.count >= 6)
            for (method, path) in routes where !Self.isOpen(path) {
                let response =
                    method == .GET ? try await app.page(path) : try await app.postForm(path, [("status", "cancelled")])
                #expect(response.status == .seeOther, "\(method) \(path) answered \(response.status)")
                #expect(response.location.hasPrefix("/t/salon/admin/sign-in"), "\(method) \(path) went to \(response.location)")
            }
            // A page asked for is where sign-in returns to; a form's address is not.
            #expect(
                try await app.page("/t/salon/admin?date=2026-12-02").location
                    == "/t/salon/admin/sign-in?next=/t/salon/admin?date%3D2026-12-02")
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)
        }
    }

    @Test func everyAdminAPIRouteStillWantsAKey() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            var checked = 0
            for route in app.routes.all {
                let components = route.path.map(\.description)
                guard components.starts(with: ["api", "v1", "admin"]) else { continue }
                let path = components.map { $0 == ":id" ? UUID().uuidString : $0 }.joined(separator: "/")
                let response = try await app.send(route.method, path, headers: ["X-Tenant": "salon"], body: nil)
                #expect(response.status == .unauthorized, "\(route.method) /\(path) answered \(response.status)")
                checked += 1
            }
            #expect(checked > 15)
        }
    }

    @Test func aPortalFormWithoutItsFormTokenIsRefusedAndChangesNothing() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let session = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let booking = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z")
            let outboxBefore = try await OutboxMessage.query(on: app.db).count()
            for (method, path) in Self.portalRoutes(app, slug: "salon", id: booking) where method == .POST {
                for token in [nil, String(repeating: "x", count: 43)] {
                    let response = try await app.postForm(
                        path, [("status", "completed"), ("message", "x"), ("email", "owner@salon.example")], token: token,
                        headers: ["Cookie": session])
                    #expect(
                        response.status == .forbidden, "\(path) with form token \(token ?? "none") answered \(response.status)")
                }
            }
            #expect(try await Booking.find(booking, on: app.db)?.status == .confirmed)
            #expect(try await OutboxMessage.query(on: app.db).count() == outboxBefore)
            // Sign-out was refused too: the session still opens the portal.
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": session]).status == .ok)
        }
    }

    @Test func aSessionOpensOnlyItsOwnTenantsPortal() async throws {
        try await withTestApp { app in
            let a = try await Salon.make(app, slug: "salon-a")
            _ = try await Salon.make(app, slug: "salon-b")
            try await PortalLogin.user(app, tenant: a.tenant.id, email: "owner@a.example")
            let session = try await PortalLogin.signIn(app, slug: "salon-a", email: "owner@a.example")
            #expect(try await app.page("/t/salon-a/admin", headers: ["Cookie": session]).status == .ok)
            // The same cookie at B, by path and by host header.
            #expect(try await app.page("/t/salon-b/admin", headers: ["Cookie": session]).status == .seeOther)
            #expect(try await app.page("/admin", headers: ["Cookie": session, "X-Tenant": "salon-b"]).status == .seeOther)
            // A's owner cannot sign in at B with A's password either.
            let atB = try await app.postForm(
                "/t/salon-b/admin/sign-in", [("email", "owner@a.example"), ("password", PortalLogin.password)])
            #expect(atB.status == .unauthorized && atB.headers.setCookie?[PortalCookie.name] == nil)
        }
    }

    @Test func signInStartsANewSessionAndSignOutEndsIt() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let first = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            // Signing in again from the same browser: a new token, and the old one is ended.
            let again = try await app.postForm(
                "/t/salon/admin/sign-in", [("email", "owner@salon.example"), ("password", PortalLogin.password)],
                headers: ["Cookie": first])
            let cookie = try #require(again.headers.setCookie?[PortalCookie.name])
            #expect(cookie.isHTTPOnly && cookie.sameSite == .lax && cookie.path == "/t/salon/admin" && !cookie.isSecure)
            let second = "\(PortalCookie.name)=\(cookie.string)"
            #expect(second != first)
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": first]).status == .seeOther)
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": second]).status == .ok)

            let out = try await app.postForm("/t/salon/admin/sign-out", [], headers: ["Cookie": second])
            #expect(out.status == .seeOther && out.location == "/t/salon/admin/sign-in?signed-out=1")
            #expect(out.headers.setCookie?[PortalCookie.name]?.string == "")
            #expect(try await app.page("/t/salon/admin", headers: ["Cookie": second]).status == .seeOther)
            #expect(try await PortalSession.query(on: app.db).count() == 0)
            #expect(try await app.page("/t/salon/admin/sign-in?signed-out=1").main.contains("You have signed out."))
        }
    }

    @Test func theCookieIsSecureUnderAnHTTPSAddress() async throws {
        try await withTestApp(config: { $0.publicURL = "https://book.example" }) { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let response = try await app.postForm(
                "/t/salon/admin/sign-in", [("email", "owner@salon.example"), ("password", PortalLogin.password)])
            #expect(response.headers.setCookie?[PortalCookie.name]?.isSecure == true)
        }
    }

    @Test func signInGoesBackOnlyToAPortalPage() {
        let portal = "/t/salon/admin"
        #expect(
            PortalReturn.destination("/t/salon/admin/bookings/x?done=1", base: "/t/salon") == "/t/salon/admin/bookings/x?done=1")
        for hostile in [
            "https://evil.example/", "//evil.example", "/t/salon/admin//evil.example", "/t/salon/admin/../../t/other/admin",
            "/t/other/admin", "/t/salon/adminx", "/t/salon/admin\\evil", "/t/salon/admin/\r\nSet-Cookie:x", nil,
        ] {
            #expect(PortalReturn.destination(hostile, base: "/t/salon") == portal, "\(hostile ?? "nil")")
        }
    }

    @Test func behindTheLocalProxyEachClientAddressIsThrottledOnItsOwn() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            try await StreamedBodyTests.onFreePort { port in
                // Ten guesses at ten addresses from one client: its address is paused, no one else's.
                for index in 0..<SignInThrottle.limit {
                    let status = try await Self.guess(app, port: port, email: "guess\(index)@salon.example", from: "203.0.113.5")
                    #expect(status == .unauthorized)
                }
                let paused = try await Self.guess(app, port: port, email: "guess@salon.example", from: "203.0.113.5")
                let other = try await Self.guess(app, port: port, email: "guess@salon.example", from: "203.0.113.6")
                let direct = try await Self.guess(app, port: port, email: "guess@salon.example", from: nil)
                #expect(paused == .tooManyRequests && other == .unauthorized && direct == .unauthorized)
            }
        }
    }

    /// A wrong password sent over a real socket from 127.0.0.1, as the local proxy would forward it.
    static func guess(_ app: Application, port: Int, email: String, from address: String?) async throws -> HTTPStatus {
        let headers: HTTPHeaders = address.map { ["X-Forwarded-For": "198.51.100.9, \($0)"] } ?? [:]
        return try await app.postForm(
            "t/salon/admin/sign-in", [("email", email), ("password", "not the password")], headers: headers,
            method: .running(hostname: "127.0.0.1", port: port)
        ).status
    }

    @Test func wrongPasswordsKeepTheAddressAndTooManyWaitWithRetryAfter() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let empty = try await app.postForm("/t/salon/admin/sign-in", [("email", ""), ("password", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.main.contains("Enter the email address of your account") && empty.main.contains("Enter your password"))
            var last: TestingHTTPResponse?
            for _ in 0..<SignInThrottle.limit {
                last = try await app.postForm(
                    "/t/salon/admin/sign-in", [("email", "owner@salon.example"), ("password", "not the password")])
                #expect(last?.status == .unauthorized)
            }
            #expect(last?.main.contains("value=\"owner@salon.example\"") == true)
            #expect(last?.main.contains("do not match an account here") == true)
            let throttled = try await app.postForm(
                "/t/salon/admin/sign-in", [("email", "owner@salon.example"), ("password", PortalLogin.password)])
            #expect(throttled.status == .tooManyRequests)
            #expect(Int(throttled.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            #expect(throttled.main.contains("Please try again in"))
            #expect(throttled.headers.setCookie?[PortalCookie.name] == nil)
        }
    }
}

/// Bookings for portal tests, made through the JSON API as a client would.
enum PortalFixtures {
    static func booking(
        _ app: Application, _ salon: Salon, start: String, staff: Staff? = nil, email: String = "ana@example.com"
    ) async throws -> UUID {
        let response = try await app.send(
            .POST, "api/v1/bookings", headers: salon.tenant.headers,
            json: salon.bookingBody(start: start, staff: staff, email: email))
        #expect(response.status == .created, "booking at \(start): \(response.body.string)")
        return try #require(UUID(uuidString: response.json["id"] as? String ?? ""))
    }
}
