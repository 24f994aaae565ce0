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
    /// The upsert's values, cleaned as stored.
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

        /// Binds `$1 ... $7` of `postgresSQL`.
        func bind(to bindings: inout PostgresBindings) {
            bindings.append(id)
            bindings.append(tenant)
            bindings.append(contact.name)
            bindings.append(contact.email)
            bindings.append(contact.phone)
            bindings.append(contact.smsOptIn)
            bindings.append(now)
        }
    }

    /// The PostgreSQL upsert returning the client's `id`, with parameters `$1 ... $7` as bound by
    /// `Values.bind(to:)`; also the first CTE of the prepared booking insert (`BookingInsert`). The
    /// conflict branch rewrites the email with itself only so that `RETURNING` yields the existing row.
    static let postgresSQL = """
        INSERT INTO clients (id, tenant_id, name, email, phone, sms_opt_in, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (tenant_id, email) DO UPDATE SET email = clients.email
        RETURNING id
        """

    static func upsert(_ contact: ContactDetails, tenant: UUID, now: Date, on db: any Database) async throws -> UUID {
        let values = Values(contact, tenant: tenant, now: now)
        if let rows = try await db.preparedRows(PostgresUpsert(values: values)) {
            guard let id = rows.first else { throw Abort(.internalServerError, reason: "client upsert returned no row") }
            return id
        }
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        guard let row = try await sql.raw("\(sqliteStatement(values, on: sql))").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "client upsert returned no row")
        }
        return row.id
    }

    private struct Row: Decodable { let id: UUID }

    /// The same upsert for SQLite, through SQLKit (which encodes ids and dates the way Fluent stores them).
    private static func sqliteStatement(_ values: Values, on sql: any SQLDatabase) -> SQLInsert {
        var insert = sql.insert(into: Customer.schema)
            .columns("id", "tenant_id", "name", "email", "phone", "sms_opt_in", "created_at")
            .values(
                SQLBind(values.id), SQLBind(values.tenant), SQLBind(values.contact.name), SQLBind(values.contact.email),
                SQLBind(values.contact.phone), SQLBind(values.contact.smsOptIn), SQLBind(values.now)
            )
            .onConflict(with: ["tenant_id", "email"]) { $0.set("email", to: SQLColumn("email", table: Customer.schema)) }
            .insert
        insert.returning = SQLReturning(SQLColumn("id"))
        return insert
    }

    private struct PostgresUpsert: PostgresPreparedStatement {
        static let sql = CustomerUpsert.postgresSQL
        typealias Row = UUID

        let values: Values

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 7)
            values.bind(to: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
