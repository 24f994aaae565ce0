import Fluent
import SQLKit

/// PostgreSQL only: the busy-time read gets a partial, covering btree index of the bookings that
/// hold time (`tenant_id, staff_id, blocked_from, blocked_until`, with `id`), in place of the full
/// one from `CreateBooking` (which ended in `status`).
///
/// With many tenants (200 salons, 400,000 bookings) PostgreSQL estimated one row per staff member
/// either way and chose the exclusion constraint's GiST index, which is partial on the active
/// statuses too: a scan of each staff member's whole history, 1,368 buffers and 5 ms for ten staff,
/// most of the database's work in the many-tenant mix (issue 24). This index bounds the scan by
/// `blocked_from` as well and answers from the index alone (38 buffers, 0.5 ms). Its condition names
/// the statuses that do *not* hold time, and so does the busy-time statement: the GiST index's
/// condition (`status IN ('pending', 'confirmed')`) cannot be proven from that, so the planner can
/// no longer pick it for the read, whatever its estimates. The two lists are the same set of
/// bookings (`BookingStatus.active` and `.inactive` split every status; `BusyTimeTests` checks this
/// index's condition against `inactive`). Every booking also maintains one index fewer.
struct IndexActiveBusySpans: AsyncMigration {
    static let name = "bookings_active_busy_spans"
    /// `CreateBooking`'s index, as PostgreSQL names it (identifiers are cut at 63 bytes).
    static let replaced = String("bookings_tenant_id_staff_id_blocked_from_blocked_until_status_idx".prefix(63))

    func prepare(on database: any Database) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE INDEX \(ident: Self.name) ON bookings (tenant_id, staff_id, blocked_from, blocked_until) INCLUDE (id)
            WHERE status NOT IN ('completed', 'cancelled', 'no_show')
            """
        ).run()
        try await sql.raw("DROP INDEX IF EXISTS \(ident: Self.replaced)").run()
    }

    func revert(on database: any Database) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        try await database.createIndex(on: Booking.schema, "tenant_id", "staff_id", "blocked_from", "blocked_until", "status")
        try await sql.raw("DROP INDEX IF EXISTS \(ident: Self.name)").run()
    }
}
