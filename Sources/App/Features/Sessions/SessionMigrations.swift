import Fluent
import SQLKit

struct CreateClassSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClassSession.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
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

struct CreateEnrollment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enrollment.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("session_id", .uuid, .required, .references(ClassSession.schema, "id", onDelete: .cascade))
            .field("client_id", .uuid, .required, .references(Customer.schema, "id"))
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
