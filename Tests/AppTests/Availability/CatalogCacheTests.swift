import Fluent
import Foundation
import Scheduling
import Testing
import VaporTesting
@testable import App

/// The cached catalog is never stale: database triggers bump the tenant's catalog version on every
/// change, however it is made.
@Suite("Catalog cache")
struct CatalogCacheTests {
    func slotCount(_ app: Application, _ salon: Salon) async throws -> Int {
        let res = try await app.send(.GET, "api/v1/slots?service=\(salon.service.id!)&from=2026-12-01&to=2026-12-01", headers: salon.tenant.headers)
        return (res.json["slots"] as? [Any])?.count ?? -1
    }

    @Test func everyCatalogTableBumpsTheVersion() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            func version() async throws -> Int { try await Tenant.find(salon.tenant.id, on: app.db)!.catalogVersion }
            var last = try await version()
            func expectBumped(_ what: String) async throws {
                let now = try await version()
                #expect(now > last, "\(what) did not bump the catalog version")
                last = now
            }
            salon.service.priceCents += 1
            try await salon.service.update(on: app.db)
            try await expectBumped("services")
            salon.alex.name = "Alexandra"
            try await salon.alex.update(on: app.db)
            try await expectBumped("staff")
            try await StaffService.query(on: app.db, tenant: salon.tenant.id).filter(\.$staffID == salon.sam.id!).delete()
            try await expectBumped("staff_services")
            try await WorkingHours.query(on: app.db, tenant: salon.tenant.id).filter(\.$staffID == salon.alex.id!).delete()
            try await expectBumped("weekly_hours")
            try await ClosureService.make(
                tenantID: salon.tenant.id, staffID: nil, from: .init(iso: "2026-12-24T00:00")!, to: .init(iso: "2026-12-25T00:00")!,
                zone: .gmt, reason: ""
            ).create(on: app.db)
            try await expectBumped("closures")
            // Changing settings through the API never writes an old catalog version back.
            let settings = try await app.send(.PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["name": "Renamed"])
            #expect(settings.status == .ok)
            #expect(try await version() == last)
        }
    }

    @Test func directWritesAreSeenByTheNextRequest() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            #expect(try await slotCount(app, salon) == 29)  // cached now
            // Sam stops performing the service and Alex's Tuesday shrinks, written straight to the database.
            try await StaffService.query(on: app.db, tenant: salon.tenant.id).filter(\.$staffID == salon.sam.id!).delete()
            try await WeeklyHoursPayload.store(
                try WeeklyHours([.tuesday: [WallTimeRange("09:00", "12:00")!]]), staffID: salon.alex.id!, on: app.db, tenant: salon.tenant.id)
            #expect(try await slotCount(app, salon) == 9)
            salon.service.active = false
            try await salon.service.update(on: app.db)
            let gone = try await app.send(.GET, "api/v1/slots?service=\(salon.service.id!)&from=2026-12-01&to=2026-12-01", headers: salon.tenant.headers)
            gone.expectErrorShape(.notFound)
        }
    }
}

