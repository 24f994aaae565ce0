import Fluent
import SQLKit

/// PostgreSQL only: the busy-time read gets a partial, covering btree index of the active bookings
/// (`tenant_id, staff_id, blocked_from, blocked_until`, with `id`, where the status blocks time), in
/// place of the full one from `CreateBooking` (which ended in `status`).
///
/// The exclusion constraint's GiST index is partial on the same statuses, and with many tenants
/// (200 salons, 400,000 bookings) the prepared statement's generic plan preferred it: a scan of each
/// staff member's whole history, 594 buffers and 1.3 ms a read, which made busy time most of
/// PostgreSQL's work in the many-tenant mix (issue 24). The partial btree bounds the scan by
/// `blocked_from` as well and answers from the index alone (37 buffers). Cancelled and finished
/// bookings never enter it, and every booking maintains one index fewer.
struct IndexActiveBusySpans: AsyncMigration {
    static let name = "bookings_active_busy_spans"
    /// `CreateBooking`'s index, as PostgreSQL names it (identifiers are cut at 63 bytes).
    static let replaced = String("bookings_tenant_id_staff_id_blocked_from_blocked_until_status_idx".prefix(63))

    func prepare(on database: any Database) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE INDEX \(ident: Self.name) ON bookings (tenant_id, staff_id, blocked_from, blocked_until) INCLUDE (id)
            WHERE status IN \(unsafeRaw: BookingStatus.activeSQLList)
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
