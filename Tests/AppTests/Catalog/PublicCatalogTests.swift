import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `GET /api/v1/services` and `GET /api/v1/staff` come from the tenant's catalog snapshot: active
/// services and staff by name, each with its active counterparts by id, and a change through the
/// admin API shown by the next request.
@Suite("Public catalog")
struct PublicCatalogTests {
    @Test func activeServicesAndStaffByNameWithTheirActiveCounterparts() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let zeta = try await Factory.service(app, tenant: t, name: "Zeta")
            let alpha = try await Factory.service(app, tenant: t, name: "Alpha", minutes: 30)
            let retired = try await Factory.service(app, tenant: t, name: "Mid", active: false)
            let yan = try await Factory.staff(app, tenant: t, name: "Yan", services: [zeta, alpha])
            let bo = try await Factory.staff(app, tenant: t, name: "Bo", services: [alpha, retired])
            try await Factory.staff(app, tenant: t, name: "Ann", services: [zeta], active: false)
            func ids(_ models: [any Model]) -> [String] {
                models.compactMap { ($0 as? Service)?.id ?? ($0 as? Staff)?.id }.map(\.uuidString).sorted()
            }

            let services = try await app.send(.GET, "api/v1/services", headers: t.headers).jsonArray
            #expect(services.map { $0["name"] as? String } == ["Alpha", "Zeta"])
            #expect(services[0]["durationMinutes"] as? Int == 30)
            #expect(services[0]["staff"] as? [String] == ids([yan, bo]))
            #expect(services[1]["staff"] as? [String] == ids([yan]), "not the inactive Ann")

            let staff = try await app.send(.GET, "api/v1/staff", headers: t.headers).jsonArray
            #expect(staff.map { $0["name"] as? String } == ["Bo", "Yan"])
            #expect(staff[0]["services"] as? [String] == ids([alpha]), "not the retired service")
            #expect(staff[1]["services"] as? [String] == ids([zeta, alpha]))

            let renamed = try await app.send(
                .PATCH, "api/v1/admin/services/\(zeta.id!)", headers: t.adminHeaders, json: ["name": "Beta"])
            #expect(renamed.status == .ok)
            let after = try await app.send(.GET, "api/v1/services", headers: t.headers).jsonArray
            #expect(after.map { $0["name"] as? String } == ["Alpha", "Beta"], "shown by the next request")
        }
    }
}
