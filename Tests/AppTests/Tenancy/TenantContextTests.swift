import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Tenant context")
struct TenantContextTests {
    /// The by-slug read (a prepared statement decoding by position on PostgreSQL), the by-id read
    /// (SQLKit, by name) and the model all give the same context, every setting included.
    @Test func everyReadGivesTheSameContext() async throws {
        try await withTestApp { app in
            let created = try await Factory.tenant(app, slug: "salon")
            let model = try #require(try await Tenant.find(created.id, on: app.db))
            model.name = "Renamed"
            model.timezone = "America/New_York"
            model.brandColour = "#112233"
            model.logoURL = "https://example.com/logo.png"
            model.smsEnabled = true
            model.waitlistEnabled = true
            model.slotIntervalMinutes = 20
            model.maxAdvanceDays = 90
            model.cancellationCutoffHours = 6
            model.autoConfirm = false
            model.reminderPolicy = .dayAndTwoHoursBefore
            try await model.update(on: app.db)
            try await Service(tenantID: created.id, name: "Bump", durationMinutes: 30, priceCents: 0).create(on: app.db)
            let reloaded = try #require(try await Tenant.find(created.id, on: app.db))
            #expect(reloaded.catalogVersion > 0)

            let bySlug = try #require(try await app.services.storage.tenants(app.db).find(slug: "salon"))
            let byID = try #require(try await app.services.storage.tenants(app.db).find(id: created.id))
            #expect(bySlug == byID)
            #expect(bySlug == (try TenantContext(reloaded)))
            #expect(bySlug.timeZone.identifier == "America/New_York" && bySlug.policy.slotIntervalMinutes == 20)
            #expect(try await app.services.storage.tenants(app.db).find(slug: "nope") == nil)
        }
    }
}
