import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Public site: home, policies, headers, branding")
struct PublicSiteTests {
    @Test func homeListsServicesHoursAndContact() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            _ = try await Factory.service(app, tenant: salon.tenant, name: "Nobody does this")
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.address = "1 High Street\nNewcastle"
            tenant.phone = "+44 191 496 0000"
            try await tenant.update(on: app.db)
            let res = try await app.page("t/salon/")
            #expect(res.status == .ok)
            #expect(res.headers.contentType == .html)
            let main = res.main
            #expect(main.contains("<h1>Test salon</h1>"))
            #expect(main.contains("Cut") && main.contains("60 min · £35.00"))
            #expect(!main.contains("Nobody does this"), "a service nobody performs is not offered")
            #expect(main.contains("1 High Street"))
            #expect(main.contains("tel:+441914960000"))
            #expect(!main.contains("Opening hours"), "no opening hours set, none shown")
        }
    }

    @Test func studioHomeListsTheNextSessions() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 1)
            let res = try await app.page("t/studio/")
            #expect(res.main.contains("Yoga") && res.main.contains("Wednesday 2 December 2026, 18:30 to 19:30"))
            #expect(res.main.contains("1 place left"))
            #expect(res.body.string.contains("/t/studio/sessions\">Classes"))
            #expect(!res.body.string.contains("/t/studio/book\">"), "a studio has no appointment booking")
            #expect(try await app.page("t/studio/book").status == .notFound)
        }
    }

    @Test func policiesNameTheBusinessOrShowItsOwnText() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let privacy = try await app.page("t/salon/privacy")
            #expect(privacy.main.contains("Privacy notice") && privacy.main.contains("Test salon uses the details you give"))
            let terms = try await app.page("t/salon/terms")
            #expect(terms.main.contains("up to 24 hours before it starts"))
            let patched = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders,
                json: ["privacyNotice": "We keep little.\n\nWe share nothing.", "terms": "Be kind."])
            #expect(patched.status == .ok)
            #expect(patched.json["privacyNotice"] as? String == "We keep little.\n\nWe share nothing.")
            let own = try await app.page("t/salon/privacy")
            #expect(own.main.contains("<p class=\"policy\">We keep little.</p>") && own.main.contains("We share nothing."))
            #expect(!own.main.contains("uses the details you give"))
            #expect(try await app.page("t/salon/terms").main.contains("Be kind."))
        }
    }

    @Test func everyPageSendsTheSecurityHeaders() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            for path in ["t/salon/", "t/salon/book", "t/salon/privacy", "t/salon/my-bookings", "t/salon/manage/nope", "nowhere"] {
                let res = try await app.page(path)
                let policy = try #require(res.headers.first(name: "Content-Security-Policy"), "\(path)")
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(res.headers.first(name: .cacheControl)?.contains("no-store") == true, "\(path)")
                #expect(
                    !res.body.string.contains("<script>") && !res.body.string.contains("style=\""),
                    "no inline script or style on \(path)")
            }
            #expect(try await app.page("t/salon/manage/nope").headers.first(name: "Referrer-Policy") == "no-referrer")
            // JSON stays JSON under /api/.
            let api = try await app.page("t/salon/api/v1/nothing")
            #expect(api.headers.contentType == .json)
        }
    }

    @Test func assetsAreCachedByContentAndPagesStayLight() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            let home = try await app.page("t/salon/")
            let css = try #require(home.body.string.firstMatch(of: /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/)?.1)
            let js = try #require(home.body.string.firstMatch(of: /src="(\/assets\/site\.js\?v=[0-9a-f]+)"/)?.1)
            var total = home.body.readableBytes
            for path in [String(css), String(js)] {
                let asset = try await app.page(String(path.dropFirst()))
                #expect(asset.status == .ok)
                #expect(asset.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                total += asset.body.readableBytes
            }
            #expect(total < 50_000, "page, stylesheet and script: \(total) bytes")
            #expect(try await app.page("assets/nothing.css").status == .notFound)
        }
    }

    @Test func brandColourIsMadeReadableAndEverythingIsEscaped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.name = "<script>alert(1)</script> & Co"
            tenant.brandColour = "#ffeb3b"
            try await tenant.update(on: app.db)
            let home = try await app.page("t/salon/")
            #expect(!home.body.string.contains("<script>alert(1)"))
            #expect(home.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
            let theme = try await app.page("t/salon/theme.css")
            #expect(theme.headers.contentType == .css)
            let ink = try #require(theme.body.string.firstMatch(of: /--brand-ink:(#[0-9a-f]{6})/)?.1)
            #expect(try #require(BrandColours.contrastWithWhite(String(ink))) >= 4.5)
            #expect(try #require(BrandColours.contrast(String(ink), BrandColours.softBackground)) >= 4.5)
            // The demo studio's green passed on white but not as a link in a notice (4.2:1 on --soft).
            for brand in ["#2f855a", "#b83280", "#38a169", "#ff9800", "#3b5bdb"] {
                let safe = BrandColours.accessible(brand)
                #expect(try #require(BrandColours.contrast(safe, BrandColours.softBackground)) >= 4.5, "\(brand) → \(safe)")
                #expect(try #require(BrandColours.contrastWithWhite(safe)) >= 4.5, "\(brand) → \(safe)")
            }
            #expect(theme.body.string.contains("--brand:#ffeb3b"))
            // A colour that already passes is kept.
            #expect(BrandColours.accessible("#1a2b3c") == "#1a2b3c")
        }
    }

    @Test func hostNamedTenantsGetLinksWithoutThePathPrefix() async throws {
        try await withTestApp(config: { $0.baseDomain = "localhost" }) { app in
            _ = try await Salon.make(app)
            let res = try await app.page("", headers: ["Host": "salon.localhost:8080"])
            #expect(res.status == .ok)
            #expect(res.body.string.contains("href=\"/book\"") && !res.body.string.contains("/t/salon/"))
        }
    }

    @Test func aStandAloneInstanceServesItsBusinessAtTheRoot() async throws {
        try await withTestApp(config: { $0.defaultTenant = "salon" }) { app in
            _ = try await Salon.make(app)
            let home = try await app.page("")
            #expect(home.status == .ok && home.main.contains("<h1>Test salon</h1>"))
            #expect(home.body.string.contains("href=\"/book\""))
            #expect(try await app.page("book").status == .ok)
        }
    }

    @Test func datesAndZonesReadNaturally() {
        #expect(PageDates.zoneName("Europe/London") == "London time")
        #expect(PageDates.zoneName("America/New_York") == "New York time")
        #expect(PageDates.zoneName("UTC") == "UTC")
        #expect(PageDates.day(.init(year: 2026, month: 12, day: 3)!) == "Thursday 3 December")
        #expect(Money.text(cents: 3550, currency: "GBP") == "£35.50")
        #expect(Money.text(cents: 0, currency: "GBP") == "Free")
        #expect(Money.text(cents: 1000, currency: "CHF") == "10.00 CHF")
    }
}
