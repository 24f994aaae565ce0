import Fluent
import SQLKit
import Vapor

/// Finds or creates a tenant's client by email in one statement (`INSERT ... ON CONFLICT DO UPDATE`),
/// so two simultaneous bookings by a new client never collide. The latest name and phone win.
enum CustomerUpsert {
    private struct Row: Decodable { let id: UUID }

    static func upsert(_ input: ClientInput, tenant: UUID, now: Date, on db: any Database) async throws -> UUID {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        guard let row = try await sql.raw("\(statement(input, tenant: tenant, now: now, on: sql))").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "client upsert returned no row")
        }
        return row.id
    }

    /// The upsert statement, returning the client's `id` (also embedded in the booking insert's CTE).
    static func statement(_ input: ClientInput, tenant: UUID, now: Date, on sql: any SQLDatabase) -> SQLInsert {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        var insert = sql.insert(into: Customer.schema)
            .columns("id", "tenant_id", "name", "email", "phone", "sms_opt_in", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(tenant), SQLBind(name), SQLBind(email), SQLBind(input.normalizedPhone),
                SQLBind(input.smsOptIn ?? false), SQLBind(now)
            )
            .onConflict(with: ["tenant_id", "email"]) { update in
                var update = update.set(excludedValueOf: "name")
                    .set("phone", to: SQLFunction("COALESCE", args: SQLExcludedColumn("phone"), SQLColumn("phone", table: Customer.schema)))
                if input.smsOptIn != nil { update = update.set(excludedValueOf: "sms_opt_in") }
                return update
            }
            .insert
        insert.returning = SQLReturning(SQLColumn("id"))
        return insert
    }
}
