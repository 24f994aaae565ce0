import Fluent
import Foundation

/// `users`: the people who sign in to a tenant's portal (issue 22). An email is unique within its
/// tenant; a `staff` user is linked to the staff member whose calendar they run.
struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(User.schema)
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("staff_id", .uuid, .references(Staff.schema, "id", onDelete: .setNull))
            .field("password_hash", .string, .required)
            .field("active", .bool, .required, .sql(.default(true)))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "tenant_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
