import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit

/// PostgreSQL: the read by slug, which every request makes, is a prepared statement (see
/// `PreparedStatements`); the read by id is the portable SQL.
struct PostgresTenantRepository: TenantRepository {
    let db: any Database

    func find(slug: String) async throws -> TenantContext? {
        try await db.preparedRows(PostgresTenantBySlug(slug: slug)).first.map(TenantContext.init)
    }

    func find(id: UUID) async throws -> TenantContext? {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        return try await sql.tenantContext(where: "id", equals: id)
    }

    /// The slug read as a prepared statement on PostgreSQL (see `PreparedStatements`).
    private struct PostgresTenantBySlug: PostgresPreparedStatement {
        static let name = "nbne_tenant_by_slug"
        static let sql = "SELECT \(TenantContext.columns.joined(separator: ", ")) FROM tenants WHERE slug = $1 LIMIT 1"
        typealias Row = TenantContext.Row

        let slug: String

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(slug)
            return bindings
        }

        /// By position, in the order of `TenantContext.columns`.
        func decodeRow(_ row: PostgresRow) throws -> Row {
            let (
                id, slug, name, kind, timezone, brandColour, logoURL, contactEmail, address, phone, paymentNote, email, sms,
                waitlist,
                interval, notice,
                advance, cutoff, autoConfirm, reminders, catalogVersion
            ) = try row.decode(
                (
                    UUID, String, String, String, String, String, String?, String, String, String, String, Bool, Bool, Bool, Int,
                    Int,
                    Int, Int, Bool,
                    String, Int
                ).self)
            return Row(
                id: id, slug: slug, name: name, kind: kind, timezone: timezone, brand_colour: brandColour, logo_url: logoURL,
                contact_email: contactEmail, address: address, phone: phone, payment_note: paymentNote, feature_email: email,
                feature_sms: sms,
                feature_waitlist: waitlist,
                slot_interval_minutes: interval, min_notice_minutes: notice, max_advance_days: advance,
                cancellation_cutoff_hours: cutoff, auto_confirm: autoConfirm, reminder_policy: reminders,
                catalog_version: catalogVersion)
        }
    }
}
