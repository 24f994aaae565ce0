import Fluent
import Foundation

struct CreateOutboxMessage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(OutboxMessage.schema)
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("booking_id", .uuid, .references("bookings", "id", onDelete: .cascade))
            .field("enrollment_id", .uuid, .references("enrollments", "id", onDelete: .cascade))
            .field("details", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("due_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // The worker's claim query reads by status and due time; cancelling reminders reads by subject.
        try await database.createIndex(on: OutboxMessage.schema, "status", "due_at")
        try await database.createIndex(on: OutboxMessage.schema, "booking_id")
        try await database.createIndex(on: OutboxMessage.schema, "enrollment_id")
    }

    func revert(on database: any Database) async throws { try await database.schema(OutboxMessage.schema).delete() }
}
