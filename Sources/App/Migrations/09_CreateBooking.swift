import Fluent
import SQLKit

/// Creates `bookings` and the database-level guarantee that a staff member's active bookings never
/// overlap: an exclusion constraint on PostgreSQL, triggers on SQLite (whose writes are serialised).
struct CreateBooking: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Booking.schema)
            .field("service_id", .uuid, .required, .references(Service.schema, "id"))
            .field("staff_id", .uuid, .required, .references(Staff.schema, "id"))
            .field("client_id", .uuid, .required, .references(Client.schema, "id"))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("blocked_from", .datetime, .required)
            .field("blocked_until", .datetime, .required)
            .field("status", .string, .required)
            .field("notes", .string, .required)
            .field("manage_token_hash", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // Covers the availability query (index-only scan of a staff member's busy spans).
        try await database.createIndex(on: Booking.schema, "tenant_id", "staff_id", "blocked_from", "blocked_until", "status")
        try await database.createIndex(on: Booking.schema, "tenant_id", "starts_at")

        guard let sql = database as? any SQLDatabase else { return }
        if database.isPostgres {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gist").run()
            try await sql.raw(
                """
                ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
                    tenant_id WITH =, staff_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&
                ) WHERE (status IN ('pending', 'confirmed'))
                """
            ).run()
        } else {
            for event in ["INSERT", "UPDATE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER bookings_no_overlap_\(unsafeRaw: event.lowercased())
                    BEFORE \(unsafeRaw: event) ON bookings
                    WHEN NEW.status IN ('pending', 'confirmed')
                    BEGIN
                        SELECT RAISE(ABORT, 'bookings_no_overlap: the staff member is already booked then')
                        WHERE EXISTS (
                            SELECT 1 FROM bookings b
                            WHERE b.tenant_id = NEW.tenant_id AND b.staff_id = NEW.staff_id AND b.id <> NEW.id
                              AND b.status IN ('pending', 'confirmed')
                              AND b.blocked_from < NEW.blocked_until AND NEW.blocked_from < b.blocked_until
                        );
                    END
                    """
                ).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Booking.schema).delete()
    }
}
