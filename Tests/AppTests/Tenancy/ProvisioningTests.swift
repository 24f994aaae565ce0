import Fluent
import Testing
import VaporTesting

@testable import App

@Suite("Tenant provisioning and demo data")
struct ProvisioningTests {
    @Test func createdTenantHasAWorkingKey() async throws {
        try await withTestApp { app in
            let created = try await TenantProvisioning.create(
                .init(slug: "new-salon", name: "New Salon", timezone: "America/New_York"), on: app.db)
            #expect(created.apiKey.hasPrefix("nbne_"))
            try await app.testing().test(
                .GET, "api/v1/admin/settings", headers: ["X-Tenant": "new-salon", "Authorization": "Bearer \(created.apiKey)"]
            ) { res in
                #expect(res.status == .ok)
                #expect(res.json["timezone"] as? String == "America/New_York")
            }
        }
    }

    @Test func invalidOrDuplicateTenantsAreRefusedWithReasons() async throws {
        try await withTestApp { app in
            _ = try await TenantProvisioning.create(.init(slug: "taken", name: "A", timezone: "UTC"), on: app.db)
            await #expect(throws: TenantProvisioning.Failure.self) {
                try await TenantProvisioning.create(.init(slug: "taken", name: "B", timezone: "UTC"), on: app.db)
            }
            let bad = TenantProvisioning.Input(slug: "Bad!", name: "", timezone: "Mars/Olympus", contactEmail: "a@b.co")
            #expect(bad.problems.count == 3)
            #expect(bad.problems[2].contains("--timezone"))
        }
    }

    @Test func demoSeedIsIdempotentAndRealistic() async throws {
        try await withTestApp { app in
            let first = try await DemoData.seed(into: app)
            #expect(Set(first.keys) == ["house-of-hair", "mind-department"])
            let second = try await DemoData.seed(into: app)
            #expect(second.isEmpty)
            #expect(try await Tenant.query(on: app.db).count() == 2)

            let salon = try await Tenant.query(on: app.db).filter(\.$slug == "house-of-hair").first()!
            let salonID = try salon.requireID()
            #expect(try await Service.query(on: app.db, tenant: salonID).count() >= 6)
            #expect(try await Staff.query(on: app.db, tenant: salonID).count() == 3)
            #expect(try await Closure.query(on: app.db, tenant: salonID).filter(\.$staffID == nil).count() == 1)
            #expect(try await Closure.query(on: app.db, tenant: salonID).filter(\.$staffID != nil).count() == 1)
            #expect(try await Booking.query(on: app.db, tenant: salonID).count() >= 3)

            let studio = try await Tenant.query(on: app.db).filter(\.$slug == "mind-department").first()!
            let sessions = try await ClassSession.query(on: app.db, tenant: studio.requireID()).all()
            #expect(sessions.count >= 8 * 3)
            #expect(sessions.allSatisfy { (8...20).contains($0.capacity) && $0.booked <= $0.capacity })
            #expect(try await Enrollment.query(on: app.db, tenant: studio.requireID()).count() > 0)
            for tenant in [salon, studio] {
                #expect(Formats.isEmail(tenant.contactEmail) && Formats.isHexColour(tenant.brandColour))
                #expect(
                    try await WorkingHours.query(on: app.db, tenant: tenant.requireID()).filter(\.$staffID == nil).count() > 0)
            }

            // The demo salon offers slots through the public API.
            let cut = try await Service.query(on: app.db, tenant: salonID).filter(\.$name == "Cut & finish").first()!
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2026-12-07", headers: ["X-Tenant": "house-of-hair"]
            ) { res in
                #expect(res.status == .ok)
                #expect(((res.json["slots"] as? [Any]) ?? []).count > 50)
            }
        }
    }
}
