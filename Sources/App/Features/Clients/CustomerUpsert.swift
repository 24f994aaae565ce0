import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Finds or creates a tenant's client by email in one statement (`INSERT ... ON CONFLICT DO UPDATE`),
/// so two simultaneous bookings by a new client never collide. The latest name wins; a phone or an
/// SMS opt-in replaces the stored one only when given.
enum CustomerUpsert {
    /// The upsert's values, cleaned as stored.
    struct Values: Sendable {
        let id = UUID()
        let tenant: UUID
        let name: String
        let email: String
        let phone: String?
        let smsOptIn: Bool?
        let now: Date

        init(_ input: ClientInput, tenant: UUID, now: Date) {
            self.tenant = tenant
            name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
            email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
            phone = input.normalizedPhone
            smsOptIn = input.smsOptIn
            self.now = now
        }

        /// Binds `$1 ... $8` of `postgresSQL`.
        func bind(to bindings: inout PostgresBindings) {
            bindings.append(id)
            bindings.append(tenant)
            bindings.append(name)
            bindings.append(email)
            bindings.append(phone)
            bindings.append(smsOptIn ?? false)
            bindings.append(smsOptIn != nil)
            bindings.append(now)
        }
    }

    /// The PostgreSQL upsert returning the client's `id`, with parameters `$1 ... $8` as bound by
    /// `Values.bind(to:)`; also the first CTE of the prepared booking insert (`BookingInsert`).
    static let postgresSQL = """
        INSERT INTO clients (id, tenant_id, name, email, phone, sms_opt_in, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $8)
        ON CONFLICT (tenant_id, email) DO UPDATE SET
            name = EXCLUDED.name,
            phone = COALESCE(EXCLUDED.phone, clients.phone),
            sms_opt_in = CASE WHEN $7 THEN EXCLUDED.sms_opt_in ELSE clients.sms_opt_in END
        RETURNING id
        """

    static func upsert(_ input: ClientInput, tenant: UUID, now: Date, on db: any Database) async throws -> UUID {
        let values = Values(input, tenant: tenant, now: now)
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
                SQLBind(values.id), SQLBind(values.tenant), SQLBind(values.name), SQLBind(values.email), SQLBind(values.phone),
                SQLBind(values.smsOptIn ?? false), SQLBind(values.now)
            )
            .onConflict(with: ["tenant_id", "email"]) { update in
                var update = update.set(excludedValueOf: "name")
                    .set("phone", to: SQLFunction("COALESCE", args: SQLExcludedColumn("phone"), SQLColumn("phone", table: Customer.schema)))
                if values.smsOptIn != nil { update = update.set(excludedValueOf: "sms_opt_in") }
                return update
            }
            .insert
        insert.returning = SQLReturning(SQLColumn("id"))
        return insert
    }

    private struct PostgresUpsert: PostgresPreparedStatement {
        static let sql = CustomerUpsert.postgresSQL
        typealias Row = UUID

        let values: Values

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 8)
            values.bind(to: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
