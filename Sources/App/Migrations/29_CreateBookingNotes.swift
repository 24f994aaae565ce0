import Fluent

/// `booking_notes`: the business's internal notes on bookings (issue 22), kept apart from the
/// bookings table, which every booking writes and the benchmarks measure.
struct CreateBookingNotes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(BookingNote.schema)
            .field("booking_id", .uuid, .required)
            .field("author", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: BookingNote.schema, "tenant_id", "booking_id", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BookingNote.schema).delete()
    }
}
