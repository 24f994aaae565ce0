import Fluent
import Testing
import VaporTesting
@testable import App

@Suite("Admin API keys")
struct AdminAuthTests {
    @Test func validKeyOfTheTenantIsAccepted() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app, slug: "salon")
            try await app.testing().test(.GET, "api/v1/admin/settings", headers: salon.adminHeaders) { res in
                #expect(res.status == .ok)
                #expect(res.json["timezone"] as? String == "Europe/London")
            }
        }
    }

    @Test func missingMalformedOrWrongKeysAre401() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app, slug: "salon")
            let cases: [HTTPHeaders] = [
                salon.headers,
                salon.headers.with("Authorization", "Bearer nonsense"),
                salon.headers.with("Authorization", "Basic dXNlcjpwYXNz"),
                salon.headers.with("Authorization", "Bearer " + salon.apiKey.dropLast() + "x"),
                salon.headers.with("Authorization", "Bearer nbne_000000000000_secret"),
            ]
            for headers in cases {
                try await app.testing().test(.GET, "api/v1/admin/settings", headers: headers) { res in
                    res.expectErrorShape(.unauthorized)
                }
            }
        }
    }

    @Test func keyOfTenantACannotBeUsedOnTenantB() async throws {
        try await withTestApp { app in
            let a = try await Factory.tenant(app, slug: "tenant-a")
            let b = try await Factory.tenant(app, slug: "tenant-b")
            try await app.testing().test(
                .GET, "api/v1/admin/settings", headers: b.headers.with("Authorization", "Bearer \(a.apiKey)")
            ) { res in
                res.expectErrorShape(.unauthorized)
                #expect(res.reason == "The API key is not valid for this tenant.")
            }
            try await app.testing().test(
                .PATCH, "t/tenant-b/api/v1/admin/settings",
                headers: HTTPHeaders([("Authorization", "Bearer \(a.apiKey)")]).json, body: jsonBody(["name": "Hijacked"])
            ) { res in
                res.expectErrorShape(.unauthorized)
            }
            let tenantB = try await Tenant.find(b.id, on: app.db)
            #expect(tenantB?.name == "Test tenant-b")
        }
    }

    @Test func revokedKeyIsRefused() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app, slug: "salon")
            let key = try await ApiKey.query(on: app.db, tenant: salon.id).first()!
            key.revokedAt = testNow
            try await key.update(on: app.db)
            try await app.testing().test(.GET, "api/v1/admin/settings", headers: salon.adminHeaders) { res in
                res.expectErrorShape(.unauthorized)
            }
        }
    }

    @Test func keysAreStoredOnlyAsHashes() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app, slug: "salon")
            let stored = try await ApiKey.query(on: app.db, tenant: salon.id).all()
            #expect(stored.count == 1)
            let secret = String(salon.apiKey.dropFirst("nbne_".count + 12 + 1))
            #expect(stored[0].secretHash == Secrets.sha256Hex(secret))
            #expect(!stored[0].secretHash.contains(secret))
            #expect(Secrets.constantTimeEquals([1, 2, 3], [1, 2, 3]))
            #expect(!Secrets.constantTimeEquals([1, 2, 3], [1, 2, 4]))
            #expect(!Secrets.constantTimeEquals([1, 2], [1, 2, 3]))
        }
    }
}
