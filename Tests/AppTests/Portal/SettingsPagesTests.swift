import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's settings (issue 23): what the form saves is what the admin API answers; a refused
/// form changes nothing; a logo is checked by its bytes, stored in the database and served from the
/// tenant's site with its type and a year's cache.
@Suite("Portal settings")
struct SettingsPagesTests {
    private func owner(_ app: Application, _ salon: Salon) async throws -> HTTPHeaders {
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
        return ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
    }

    private let valid: [(String, String)] = [
        ("name", "Salon Nouveau"), ("contactEmail", "Hello@Salon.example"), ("brandColour", "#ffd700"),
        ("address", "1 High Street\nAlnwick"), ("phone", "+44 1665 000000"), ("slotIntervalMinutes", "30"),
        ("minNoticeMinutes", "60"), ("maxAdvanceDays", "90"), ("cancellationCutoffHours", "12"), ("confirmByHand", "yes"),
        ("reminders", "24h"), ("featureEmail", "yes"), ("featureWaitlist", "yes"), ("paymentNote", "Card or cash"),
        ("privacyNotice", ""), ("terms", "Be on time."), ("timezone", "Europe/London"),
    ]

    @Test func whatTheFormSavesIsWhatTheAPIAnswers() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let saved = try await app.postForm("/t/salon/admin/settings", valid, headers: owner)
            #expect(saved.status == .seeOther && saved.location.hasSuffix("done=saved"))
            let api = try await app.send(.GET, "api/v1/admin/settings", headers: salon.tenant.adminHeaders).json
            let tenant = try #require(api["tenant"] as? [String: Any])
            #expect(tenant["name"] as? String == "Salon Nouveau" && tenant["contactEmail"] as? String == "hello@salon.example")
            #expect((tenant["branding"] as? [String: Any])?["brandColour"] as? String == "#ffd700")
            #expect(api["slotIntervalMinutes"] as? Int == 30 && api["minNoticeMinutes"] as? Int == 60)
            #expect(api["maxAdvanceDays"] as? Int == 90 && api["cancellationCutoffHours"] as? Int == 12)
            #expect(api["autoConfirm"] as? Bool == false && api["reminders"] as? String == "24h")
            #expect((tenant["features"] as? [String: Any])?["sms"] as? Bool == false)
            #expect(api["address"] as? String == "1 High Street\nAlnwick" && api["paymentNote"] as? String == "Card or cash")
            #expect(api["terms"] as? String == "Be on time.")
            // The page says what the light colour becomes for text.
            let page = try await app.page("/t/salon/admin/settings?done=saved", headers: owner).main
            #expect(page.contains("Too light for white text, so buttons and links use a darker #"))
            #expect(try await app.page("/t/salon/").body.string.contains("Salon Nouveau"), "the site shows it at once")
        }
    }

    @Test func aNewTimeZoneListsTheBookingsItMovesBeforeItIsSaved() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            _ = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.alex)
            let form = valid.filter { $0.0 != "timezone" } + [("timezone", "America/New_York")]
            let review = try await app.postForm("/t/salon/admin/settings", form, headers: owner)
            #expect(review.status == .ok && review.main.contains("Check the bookings before the time zone changes"))
            #expect(review.main.contains("Ana Silva: Wed 2 Dec, 10:00 becomes Wed 2 Dec, 05:00"))
            #expect(try await Tenant.find(salon.tenant.id, on: app.db)?.timezone == "Europe/London", "nothing saved yet")
            let confirmed = try await app.postForm(
                "/t/salon/admin/settings", form + [("confirmZone", "America/New_York")], headers: owner)
            #expect(confirmed.status == .seeOther)
            #expect(try await Tenant.find(salon.tenant.id, on: app.db)?.timezone == "America/New_York")
            let refused = try await app.postForm(
                "/t/salon/admin/settings", valid.filter { $0.0 != "timezone" } + [("timezone", "Mars/Olympus")], headers: owner)
            #expect(refused.status == .unprocessableEntity && refused.main.contains("Time zone is not an IANA time zone name"))
        }
    }

    @Test func aRefusedFormChangesNothingAndKeepsWhatWasTyped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let before = try await app.send(.GET, "api/v1/admin/settings", headers: salon.tenant.adminHeaders).body.string
            var form = valid.filter { !["brandColour", "contactEmail", "slotIntervalMinutes", "phone"].contains($0.0) }
            form += [("brandColour", "gold"), ("contactEmail", "nobody"), ("slotIntervalMinutes", "2"), ("phone", "call me")]
            let refused = try await app.postForm("/t/salon/admin/settings", form, headers: owner)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.main.contains("Brand colour must look like #1a2b3c"))
            #expect(refused.main.contains("Contact email must have exactly one @"))
            #expect(refused.main.contains("Start times every must be between 5 and 240"))
            #expect(refused.main.contains("Phone must be a phone number"))
            #expect(refused.main.contains("value=\"Salon Nouveau\""), "what was typed is kept")
            let after = try await app.send(.GET, "api/v1/admin/settings", headers: salon.tenant.adminHeaders).body.string
            #expect(after == before)
        }
    }

    /// A multipart form with one file, as a browser sends it.
    private func upload(
        _ app: Application, _ bytes: [UInt8], filename: String, type: String, headers: HTTPHeaders,
        method: Application.Method = .inMemory
    ) async throws -> TestingHTTPResponse {
        let boundary = "----form-boundary-7d93"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(Pages.formToken)\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
        )
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var all = Pages.cookie
        for (name, value) in headers where name.lowercased() == "cookie" {
            all.replaceOrAdd(name: .cookie, value: (all.first(name: .cookie) ?? "") + "; " + value)
        }
        all.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        all.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        return try await app.testing(method: method).performTest(
            request: TestingHTTPRequest(method: .POST, url: .init(path: "/t/salon/admin/settings/logo"), headers: all, body: body)
        )
    }

    @Test func aLogoIsCheckedStoredAndServedFromTheSite() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            for (bytes, name, type, message) in [
                (Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), "logo.png", "image/png", "SVG files are not accepted"),
                (Array("just text".utf8), "logo.png", "image/png", "not a PNG, JPEG or WebP image"),
                (LogoImageTests.png(width: 60_000, height: 60_000), "bomb.png", "image/png", "at most 4096 pixels"),
                (LogoImageTests.png(width: 10, height: 10, padding: 530 * 1024), "big.png", "image/png", "at most 512 KB"),
                ([], "", "application/octet-stream", "Choose an image file first."),
            ] as [([UInt8], String, String, String)] {
                let refused = try await upload(app, bytes, filename: name, type: type, headers: owner)
                #expect(refused.status == .unprocessableEntity, "\(name)")
                #expect(refused.main.contains(message), "\(name): \(refused.main.prefix(0))")
            }
            // Over a real socket, a file past the upload limit is stopped before it is all read.
            try await StreamedBodyTests.onFreePort { port in
                let tooLarge = try await upload(
                    app, LogoImageTests.png(width: 10, height: 10, padding: 700 * 1024), filename: "huge.png", type: "image/png",
                    headers: owner, method: .running(hostname: "127.0.0.1", port: port))
                #expect(tooLarge.status == .payloadTooLarge && tooLarge.body.string.contains("That file is too large"))
            }
            #expect(try await TenantLogo.query(on: app.db).count() == 0)

            let good = LogoImageTests.png(width: 320, height: 100)
            let uploaded = try await upload(app, good, filename: "logo.png", type: "image/png", headers: owner)
            #expect(uploaded.status == .seeOther && uploaded.location.hasSuffix("done=logo"))
            let home = try await app.page("/t/salon/").body.string
            let src = try #require(home.firstMatch(of: /<img src="(\/t\/salon\/logo\/[0-9a-f]{32}\.png)"/)?.1)
            let served = try await app.page(String(src))
            #expect(served.status == .ok && served.headers.contentType?.description == "image/png")
            #expect(served.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            #expect(served.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(Array(served.body.readableBytesView) == good)
            // Another tenant's site does not serve it; the page's policy no longer allows images from elsewhere.
            _ = try await Factory.tenant(app, slug: "other")
            #expect(try await app.page(String(src).replacingOccurrences(of: "/t/salon/", with: "/t/other/")).status == .notFound)
            #expect(
                try await app.page("/t/salon/").headers.first(name: "Content-Security-Policy")?.contains("img-src 'self' data:;")
                    == true)

            let removed = try await app.postForm("/t/salon/admin/settings/logo/remove", [], headers: owner)
            #expect(removed.status == .seeOther)
            let after = try await app.page("/t/salon/").body.string
            #expect(!after.contains("/logo/"))
            #expect(try await app.page(String(src)).status == .notFound)
        }
    }

    @Test func theAPIUploadsTheSameWay() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            func put(_ bytes: [UInt8], type: HTTPMediaType) async throws -> TestingHTTPResponse {
                var headers = salon.tenant.adminHeaders
                headers.contentType = type
                headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
                return try await app.testing().performTest(
                    request: TestingHTTPRequest(
                        method: .PUT, url: .init(path: "api/v1/admin/logo"), headers: headers, body: ByteBuffer(bytes: bytes)))
            }
            let svg = try await put(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), type: .png)
            #expect(svg.status == .unprocessableEntity && svg.json["reason"] as? String == LogoImage.Problem.svg.message)
            let stored = try await put(LogoImageTests.jpeg(width: 300, height: 80), type: .jpeg)
            #expect(
                stored.status == .ok && stored.json["contentType"] as? String == "image/jpeg"
                    && stored.json["width"] as? Int == 300)
            let url = try #require(stored.json["url"] as? String)
            #expect(try await app.page(url).status == .ok)
            let tenant = try await app.send(.GET, "api/v1/tenant", headers: salon.tenant.headers).json
            #expect((tenant["branding"] as? [String: Any])?["logoUrl"] as? String == url)
            let external = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders,
                json: ["logoUrl": "https://cdn.example/logo.png"])
            #expect(external.status == .unprocessableEntity)
            #expect(try await app.send(.DELETE, "api/v1/admin/logo", headers: salon.tenant.adminHeaders).status == .noContent)
            #expect(try await app.page(url).status == .notFound)
        }
    }
}
