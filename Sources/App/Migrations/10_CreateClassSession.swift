import Fluent
import SQLKit

struct CreateClassSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(ClassSession.schema)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("instructor_id", .uuid, .references(Staff.schema, "id", onDelete: .setNull))
            .field("location", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("capacity", .int, .required)
            .field("booked", .int, .required)
            .field("price_cents", .int, .required)
            .field("currency", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .constraint(.sql(unsafeRaw: "CHECK (booked >= 0 AND booked <= capacity)"))
            .create()
        try await database.createIndex(on: ClassSession.schema, "tenant_id", "starts_at")
    }

    func revert(on database: any Database) async throws { try await database.schema(ClassSession.schema).delete() }
}
