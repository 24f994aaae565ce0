import Fluent
import Foundation
import SQLKit
import Scheduling

/// Before the admin API refused control characters (`JSONTextRule`), `PATCH /admin/settings` could
/// store a time zone or logo URL holding a NUL on SQLite. SQLite then reads the text back cut at the
/// NUL, so it looks right, but the closures were re-anchored with the zone the NUL made (no daylight
/// saving), and setting the right zone again changed nothing because it read back as equal.
///
/// This rewrites each tenant's zone and logo URL as plain text (cut at the first forbidden
/// character) and recomputes every closure's instants from its wall time in that zone: the same
/// result as `ClosureService.reanchor`, and a no-op for closures that were right.
struct RepairTenantZonesAndClosures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        struct TenantRow: Decodable { let id: UUID, timezone: String, logo_url: String? }
        struct ClosureRow: Decodable { let id: UUID, starts_local: String, ends_local: String }
        let tenants = try await sql.select().columns("id", "timezone", "logo_url").from("tenants").all(decoding: TenantRow.self)
        for tenant in tenants {
            let zoneName = Self.plain(tenant.timezone)
            let logo = tenant.logo_url.map(Self.plain).flatMap { $0.isEmpty ? nil : $0 }
            try await sql.update("tenants").set("timezone", to: zoneName).set("logo_url", to: logo)
                .where("id", .equal, tenant.id).run()
            let zone = TimeZone(identifier: zoneName) ?? .gmt
            let closures = try await sql.select().columns("id", "starts_local", "ends_local").from("closures")
                .where("tenant_id", .equal, tenant.id).all(decoding: ClosureRow.self)
            for closure in closures {
                guard let from = LocalDateTime(iso: closure.starts_local), let to = LocalDateTime(iso: closure.ends_local) else {
                    continue
                }
                try await sql.update("closures").set("starts_at", to: from.instant(in: zone)).set(
                    "ends_at", to: to.instant(in: zone)
                )
                .where("id", .equal, closure.id).run()
            }
        }
    }

    func revert(on database: any Database) async throws {}

    /// The text up to its first character that `TextRules` forbids, trimmed.
    static func plain(_ text: String) -> String {
        let kept = text.unicodeScalars.prefix { !TextRules.isForbidden($0, multiline: false) }
        return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
    }
}
