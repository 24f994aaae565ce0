import Fluent
import SQLKit

struct CreateEnrollment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(Enrollment.schema)
            .field("session_id", .uuid, .required, .references(ClassSession.schema, "id", onDelete: .cascade))
            .field("client_id", .uuid, .required, .references(Client.schema, "id"))
            .field("status", .string, .required)
            .field("manage_token_hash", .string, .required)
            .field("created_at", .datetime)
            .create()
        // One live enrolment (seat or waitlist place) per client and session.
        try await (database as? any SQLDatabase)?.raw(
            """
            CREATE UNIQUE INDEX enrollments_one_live_per_client ON enrollments (tenant_id, session_id, client_id)
            WHERE status IN ('enrolled', 'waitlisted')
            """
        ).run()
    }

    func revert(on database: any Database) async throws { try await database.schema(Enrollment.schema).delete() }
}
