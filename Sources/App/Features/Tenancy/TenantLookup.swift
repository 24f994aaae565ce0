import Fluent
import Foundation
import FluentPostgresDriver
import SQLKit

/// Reads a tenant's context (`TenantContext`) with one narrow query: by slug on every request, by id
/// for the outbox worker. Decoding a Fluent model through its property reflection cost ~0.5 ms
/// (measured), so neither path touches the model.
enum TenantLookup {
    static func find(slug: String, on db: any Database) async throws -> TenantContext? {
        if let rows = try await db.preparedRows(PostgresTenantBySlug(slug: slug)) {
            return rows.first.map(TenantContext.init)
        }
        return try await find(where: "slug", equals: slug, on: db)
    }

    static func find(id: UUID, on db: any Database) async throws -> TenantContext? {
        try await find(where: "id", equals: id, on: db)
    }

    private static func find(where column: String, equals value: some Encodable & Sendable, on db: any Database) async throws
        -> TenantContext?
    {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        // Raw SQL with a fixed column list: serialising the same `SQLSelect` (quoting every
        // identifier) on every request was 5 % of the server's CPU under wrk on `GET /slots`.
        return try await sql.raw("SELECT \(unsafeRaw: Self.columnList) FROM tenants WHERE \(ident: column) = \(bind: value) LIMIT 1")
            .first(decoding: TenantContext.Row.self).map(TenantContext.init)
    }

    private static let columnList = TenantContext.columns.joined(separator: ", ")

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
            let (id, slug, name, kind, timezone, brandColour, logoURL, contactEmail, email, sms, waitlist, interval, notice,
                advance, cutoff, autoConfirm, reminders, catalogVersion) = try row.decode(
                    (UUID, String, String, String, String, String, String?, String, Bool, Bool, Bool, Int, Int, Int, Int, Bool,
                        String, Int).self)
            return Row(
                id: id, slug: slug, name: name, kind: kind, timezone: timezone, brand_colour: brandColour, logo_url: logoURL,
                contact_email: contactEmail, feature_email: email, feature_sms: sms, feature_waitlist: waitlist,
                slot_interval_minutes: interval, min_notice_minutes: notice, max_advance_days: advance,
                cancellation_cutoff_hours: cutoff, auto_confirm: autoConfirm, reminder_policy: reminders,
                catalog_version: catalogVersion)
        }
    }
}
