import Fluent
import SQLKit

/// Adds the contact details given with each booking and enrolment (see `ContactDetails`), filled
/// for existing rows from their client.
struct AddContactDetailsToBookingsAndEnrollments: AsyncMigration {
    static let tables = ["bookings", "enrollments"]

    func prepare(on database: any Database) async throws {
        for table in Self.tables {
            // One column per statement: SQLite's ALTER TABLE adds one at a time.
            try await database.schema(table).field("contact_name", .string, .required, .sql(.default(""))).update()
            try await database.schema(table).field("contact_email", .string, .required, .sql(.default(""))).update()
            try await database.schema(table).field("contact_phone", .string).update()
            try await database.schema(table).field("contact_sms_opt_in", .bool, .required, .sql(.default(false))).update()
            guard let sql = database as? any SQLDatabase else { continue }
            try await sql.raw(
                """
                UPDATE \(ident: table) SET
                    contact_name = (SELECT c.name FROM clients c WHERE c.id = \(ident: table).client_id),
                    contact_email = (SELECT c.email FROM clients c WHERE c.id = \(ident: table).client_id),
                    contact_phone = (SELECT c.phone FROM clients c WHERE c.id = \(ident: table).client_id),
                    contact_sms_opt_in = (SELECT c.sms_opt_in FROM clients c WHERE c.id = \(ident: table).client_id)
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in Self.tables {
            for column in ContactDetails.columns { try await database.schema(table).deleteField(.key(.string(column))).update() }
        }
    }
}
