import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Finds or creates a tenant's client by email in one statement (`INSERT ... ON CONFLICT`), so two
/// simultaneous bookings by a new client never collide.
///
/// An existing client is never changed here: this runs for unauthenticated requests, and whoever
/// types an email address is not necessarily its owner. The details given with each booking or
/// enrolment are kept on that row instead (`ContactDetails`).
enum CustomerUpsert {
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
        table: Customer.schema,
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
    /// first CTE of `PostgresBookingStore`'s statement). The conflict branch rewrites the email with
    /// itself only so that `RETURNING` yields the existing row.
    static func postgresSQL(firstParameter first: Int) -> String {
        let placeholders = columns.names.indices.map { "$\(first + $0)" }
        return """
            INSERT INTO clients (\(columns.names.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", ")))
            ON CONFLICT (tenant_id, email) DO UPDATE SET email = clients.email
            RETURNING id
            """
    }

    /// The client's id, creating the client when the email is new to the tenant.
    static func upsert(_ contact: ContactDetails, tenant: UUID, now: Date, on db: any Database) async throws -> UUID {
        let values = Values(contact, tenant: tenant, now: now)
        if let rows = try await db.preparedRows(PostgresUpsert(values: values)) {
            guard let id = rows.first else { throw Abort(.internalServerError, reason: "client upsert returned no row") }
            return id
        }
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        var insert = columns.insert([values], on: sql)
            .onConflict(with: ["tenant_id", "email"]) { $0.set("email", to: SQLColumn("email", table: Customer.schema)) }
            .insert
        insert.returning = SQLReturning(SQLColumn("id"))
        guard let row = try await sql.raw("\(insert)").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "client upsert returned no row")
        }
        return row.id
    }

    private struct Row: Decodable { let id: UUID }

    private struct PostgresUpsert: PostgresPreparedStatement {
        static let name = "nbne_customer_upsert"
        static let sql = CustomerUpsert.postgresSQL(firstParameter: 1)
        typealias Row = UUID

        let values: Values

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: columns.columns.count)
            for value in columns.values(values) { value.append(to: &bindings) }
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
