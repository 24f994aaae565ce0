import Fluent
import Foundation
import SQLKit

/// Finds or creates a tenant's client by email in one statement (`INSERT ... ON CONFLICT`), so two
/// simultaneous bookings by a new client never collide.
///
/// An existing client is never changed here: this runs for unauthenticated requests, and whoever
/// types an email address is not necessarily its owner. The details given with each booking or
/// enrolment are kept on that row instead (`ContactDetails`).
protocol ClientRepository: Sendable {
    /// The client's id, creating the client when the email is new to the tenant.
    func upsert(_ contact: ContactDetails, tenant: UUID, now: Date) async throws -> UUID
}

/// The columns a new client is written with, shared by both databases' statements (and the
/// PostgreSQL booking statement's first CTE), so a new column is added once.
enum ClientInsert {
    /// A client row to write (when the email is new to the tenant).
    struct Values: Sendable {
        let id = UUID()
        let tenant: UUID
        let contact: ContactDetails
        let now: Date

        init(_ contact: ContactDetails, tenant: UUID, now: Date) {
            self.tenant = tenant
            self.contact = contact
            self.now = now
        }
    }

    /// Every column a new client is written with.
    static let columns = InsertColumns<Values>(
        table: Client.schema,
        columns: [
            .init(name: "id", type: .uuid(nil)) { .uuid($0.id) },
            .init(name: "tenant_id", type: .uuid(nil)) { .uuid($0.tenant) },
            .init(name: "name", type: .text(nil)) { .text($0.contact.name) },
            .init(name: "email", type: .text(nil)) { .text($0.contact.email) },
            .init(name: "phone", type: .text(nil)) { .text($0.contact.phone) },
            .init(name: "sms_opt_in", type: .bool(false)) { .bool($0.contact.smsOptIn) },
            .init(name: "created_at", type: .date(.distantPast)) { .date($0.now) },
        ])

    /// The upsert returning the client's `id`, with `columns` as parameters `$first ...` in order (the
    /// first CTE of `PostgresBookingRepository`'s statement). The conflict branch rewrites the email with
    /// itself only so that `RETURNING` yields the existing row.
    static func postgresSQL(firstParameter first: Int) -> String {
        let placeholders = columns.names.indices.map { "$\(first + $0)" }
        return """
            INSERT INTO clients (\(columns.names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))
            ON CONFLICT (tenant_id, email) DO UPDATE SET email = clients.email
            RETURNING id
            """
    }
}
