import Testing
import VaporTesting
@testable import App

@Suite("Error responses")
struct ErrorShapeTests {
    @Test func unknownRouteIs404JSON() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "api/v1/no/such/route") { res in res.expectErrorShape(.notFound) }
            try await app.testing().test(.GET, "t/nobody/api/v1/services") { res in res.expectErrorShape(.notFound) }
        }
    }

    /// Outside `/api/` the answer is the website's error page, never JSON.
    @Test func unknownPageIsAnHTMLPage() async throws {
        try await withTestApp { app in
            _ = try await Factory.tenant(app)
            for (path, status, words) in [
                ("no/such/route", HTTPStatus.notFound, "Business not found"), ("t/nobody/book", .notFound, "Business not found"),
                ("t/salon/no/such/page", .notFound, "Page not found"),
            ] {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.status == status, "\(path)")
                    #expect(res.headers.contentType == .html, "\(path)")
                    #expect(res.body.string.contains(words), "\(path)")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                }
            }
        }
    }

    @Test func malformedJSONIs400AndBadFieldsAre422() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app)
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: salon.adminHeaders.json, body: ByteBuffer(string: "{not json")
            ) { res in
                res.expectErrorShape(.badRequest)
                #expect(res.reason == "The request body is not valid JSON.")
            }
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: salon.adminHeaders.json,
                body: jsonBody(["name": "Cut", "durationMinutes": "forty"])
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == "durationMinutes has the wrong type (expected an integer)")
            }
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: salon.adminHeaders.json, body: jsonBody(["name": ""])
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == "name must not be empty; durationMinutes is required")
            }
        }
    }

    @Test func errorsNeverLeakInternals() async throws {
        try await withTestApp { app in
            let salon = try await Factory.tenant(app)
            for path in ["api/v1/slots?service=x", "api/v1/slots", "api/v1/admin/services/not-a-uuid"] {
                try await app.testing().test(.GET, path, headers: salon.adminHeaders) { res in
                    #expect(res.status.code >= 400 && res.status.code < 500)
                    let text = res.body.string.lowercased()
                    for leak in ["select ", "sqlite", "postgres", "fatal", ".swift", "stack"] {
                        #expect(!text.contains(leak), "\(path) leaks '\(leak)': \(text)")
                    }
                }
            }
        }
    }

    @Test func constraintFailuresBecome409() async throws {
        try await withTestApp { app in
            _ = try await Factory.tenant(app, slug: "salon")
            // A second tenant row with the same slug breaks the unique constraint: 409, not 500.
            app.get("api", "test-duplicate-slug") { req async throws -> String in
                try await Tenant(slug: "salon", name: "Copy", kind: .appointments, timezone: "UTC", contactEmail: "a@b.co")
                    .create(on: req.db)
                return "created"
            }
            try await app.testing().test(.GET, "api/test-duplicate-slug") { res in
                res.expectErrorShape(.conflict)
            }
        }
    }
}
