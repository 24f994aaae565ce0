import Fluent
import SQLKit

/// Lets one email hold several places in a session (a parent booking for two children). Refusing a
/// second place told a stranger that the address's owner attends; each place is now a real
/// enrolment confirmed to that address instead.
struct DropOneLiveEnrollmentPerClient: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.raw("DROP INDEX IF EXISTS enrollments_one_live_per_client").run()
        try await database.createIndex(on: Enrollment.schema, "tenant_id", "session_id", "status")
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.raw("DROP INDEX IF EXISTS enrollments_tenant_id_session_id_status_idx").run()
        try await (database as? any SQLDatabase)?.raw(
            """
            CREATE UNIQUE INDEX enrollments_one_live_per_client ON enrollments (tenant_id, session_id, client_id)
            WHERE status IN ('enrolled', 'waitlisted')
            """
        ).run()
    }
}
