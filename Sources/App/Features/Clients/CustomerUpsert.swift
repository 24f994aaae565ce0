import Fluent
import SQLKit
import Vapor

/// Finds or creates a tenant's client by email in one statement (`INSERT ... ON CONFLICT DO UPDATE`),
/// so two simultaneous bookings by a new client never collide. The latest name and phone win.
enum CustomerUpsert {
    private struct Row: Decodable { let id: UUID }

    /// The stored form of a client's details: trimmed, email lower-cased, phone normalised.
    struct Fields {
        let name: String
        let email: String
        let phone: String?

        init(_ input: ClientInput) {
            name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
            email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
            phone = input.normalizedPhone
        }
    }

    static func upsert(_ input: ClientInput, tenant: UUID, now: Date, on db: any Database) async throws -> UUID {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let fields = Fields(input)
        let (name, email, phone) = (fields.name, fields.email, fields.phone)
        let row = try await sql.insert(into: Customer.schema)
            .columns("id", "tenant_id", "name", "email", "phone", "sms_opt_in", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(tenant), SQLBind(name), SQLBind(email), SQLBind(phone),
                SQLBind(input.smsOptIn ?? false), SQLBind(now)
            )
            .onConflict(with: ["tenant_id", "email"]) { update in
                var update = update.set(excludedValueOf: "name")
                    .set("phone", to: SQLFunction("COALESCE", args: SQLExcludedColumn("phone"), SQLColumn("phone", table: Customer.schema)))
                if input.smsOptIn != nil { update = update.set(excludedValueOf: "sms_opt_in") }
                return update
            }
            .returning("id")
            .first(decoding: Row.self)
        guard let row else { throw Abort(.internalServerError, reason: "client upsert returned no row") }
        return row.id
    }
}
