import Testing
import VaporTesting
@testable import App

@Suite("Tenant resolution")
struct TenantResolutionTests {
    @Test func headerResolvesTheTenant() async throws {
        try await withTestApp { app in
            _ = try await Factory.tenant(app, slug: "house-of-hair")
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["X-Tenant": "house-of-hair"]) { res in
                #expect(res.status == .ok)
                #expect(res.json["slug"] as? String == "house-of-hair")
                #expect(res.json["timezone"] as? String == "Europe/London")
                #expect((res.json["features"] as? [String: Bool])?["email"] == true)
                #expect((res.json["branding"] as? [String: Any])?["brandColour"] as? String == "#3b5bdb")
            }
        }
    }

    @Test func pathPrefixResolvesTheTenantAndTheRestRoutesAsUsual() async throws {
        try await withTestApp { app in
            _ = try await Factory.tenant(app, slug: "mind-department", kind: .sessions)
            try await app.testing().test(.GET, "t/mind-department/api/v1/tenant") { res in
                #expect(res.status == .ok)
                #expect(res.json["slug"] as? String == "mind-department")
                #expect(res.json["kind"] as? String == "sessions")
            }
            try await app.testing().test(.GET, "t/mind-department/api/v1/services") { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func subdomainOfBaseDomainResolvesTheTenant() async throws {
        try await withTestApp(config: { $0.baseDomain = "booking.example.com" }) { app in
            _ = try await Factory.tenant(app, slug: "salon")
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["Host": "salon.booking.example.com:8080"]) { res in
                #expect(res.json["slug"] as? String == "salon")
            }
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["Host": "salon.other.example.com"]) { res in
                res.expectErrorShape(.notFound)
            }
        }
    }

    /// A developer's browser resolves `<slug>.localhost` to loopback.
    @Test func localhostIsABaseDomain() async throws {
        let config = try AppConfig.load(from: ["BASE_DOMAIN": "localhost"])
        #expect(config.baseDomain == "localhost")
        try await withTestApp(config: { $0.baseDomain = "localhost" }) { app in
            _ = try await Factory.tenant(app, slug: "house-of-hair")
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["Host": "house-of-hair.localhost:8080"]) { res in
                #expect(res.json["slug"] as? String == "house-of-hair")
            }
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["Host": "localhost:8080"]) { res in
                res.expectErrorShape(.notFound)
            }
        }
    }

    @Test func defaultTenantServesAStandAloneInstance() async throws {
        try await withTestApp(config: { $0.defaultTenant = "solo" }) { app in
            _ = try await Factory.tenant(app, slug: "solo")
            _ = try await Factory.tenant(app, slug: "other")
            try await app.testing().test(.GET, "api/v1/tenant") { res in
                #expect(res.json["slug"] as? String == "solo")
            }
            // An explicit choice still wins over the default.
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["X-Tenant": "other"]) { res in
                #expect(res.json["slug"] as? String == "other")
            }
        }
    }

    @Test func firstMatchWinsHeaderOverPathOverHost() async throws {
        try await withTestApp(config: { $0.baseDomain = "example.com" }) { app in
            for slug in ["aa", "bb", "cc"] { _ = try await Factory.tenant(app, slug: slug) }
            try await app.testing().test(.GET, "t/bb/api/v1/tenant", headers: ["X-Tenant": "aa", "Host": "cc.example.com"]) { res in
                #expect(res.json["slug"] as? String == "aa")
            }
            try await app.testing().test(.GET, "t/bb/api/v1/tenant", headers: ["Host": "cc.example.com"]) { res in
                #expect(res.json["slug"] as? String == "bb")
            }
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["Host": "cc.example.com"]) { res in
                #expect(res.json["slug"] as? String == "cc")
            }
        }
    }

    @Test func unknownOrMissingTenantIs404JSON() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["X-Tenant": "nobody"]) { res in
                res.expectErrorShape(.notFound)
                #expect(res.reason == "Unknown tenant 'nobody'.")
            }
            try await app.testing().test(.GET, "t/nobody/api/v1/tenant") { res in
                res.expectErrorShape(.notFound)
            }
            try await app.testing().test(.GET, "api/v1/tenant") { res in
                res.expectErrorShape(.notFound)
                #expect(res.reason.contains("X-Tenant"))
            }
            try await app.testing().test(.GET, "api/v1/tenant", headers: ["X-Tenant": "'; DROP TABLE tenants; --"]) { res in
                res.expectErrorShape(.notFound)
            }
        }
    }

    @Test func subdomainParsing() {
        #expect(TenantResolution.subdomain(of: "a.example.com", under: "example.com") == "a")
        #expect(TenantResolution.subdomain(of: "A.Example.com.", under: "example.com") == "a")
        #expect(TenantResolution.subdomain(of: "x.a.example.com", under: "example.com") == nil)
        #expect(TenantResolution.subdomain(of: "example.com", under: "example.com") == nil)
        #expect(TenantResolution.subdomain(of: "evilexample.com", under: "example.com") == nil)
    }

    @Test func headerValuesAreTrimmedOfWhitespace() {
        #expect(TenantResolution.trimmed("house-of-hair") == "house-of-hair")
        #expect(TenantResolution.trimmed(" house-of-hair\t") == "house-of-hair")
        #expect(TenantResolution.trimmed("\u{00A0}house\u{3000}") == "house", "Unicode spaces too, as Foundation trims them")
        #expect(TenantResolution.trimmed("  ") == "" && TenantResolution.trimmed("") == "")
        #expect(TenantResolution.resolve(header: " House ", pathSlug: "other", host: nil, baseDomain: nil, defaultTenant: nil) == .header("house"))
        #expect(TenantResolution.resolve(header: " ", pathSlug: "other", host: nil, baseDomain: nil, defaultTenant: nil) == .pathPrefix("other"))
    }

    @Test func slugRule() {
        for valid in ["ab", "house-of-hair", "salon2", String(repeating: "a", count: 63)] {
            #expect(TenantSlug.isValid(valid), "\(valid)")
        }
        for invalid in ["a", "-house", "house-", "House", "caf\u{E9}", "house_of", "house of", "", String(repeating: "a", count: 64), "\u{FF41}b"] {
            #expect(!TenantSlug.isValid(invalid), "\(invalid)")
        }
    }
}
