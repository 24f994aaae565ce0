import Fluent
import Foundation

/// The business's staff as portal pages show them: names by id, and the choices of a staff select
/// (active staff, plus the one already chosen even if no longer active).
enum PortalStaff {
    static func names(_ scope: TenantScope) async throws -> [UUID: String] {
        let staff = try await Staff.query(on: scope.db, tenant: scope.tenant.id).all()
        return Dictionary(uniqueKeysWithValues: try staff.map { (try $0.requireID(), $0.name) })
    }

    static func choices(_ scope: TenantScope, keeping kept: UUID?) async throws -> [(value: String, label: String)] {
        try await Staff.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
            .filter { $0.active || $0.id == kept }
            .map { (value: try $0.requireID().uuidString.lowercased(), label: $0.name) }
    }
}
