import Fluent
import Foundation
import SQLKit
import Vapor

/// SQLite: the upsert as portable SQLKit (`ON CONFLICT ... DO UPDATE ... RETURNING`).
struct SQLiteClientRepository: ClientRepository {
    let db: any Database

    func upsert(_ contact: ContactDetails, tenant: UUID, now: Date) async throws -> UUID {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        var insert = ClientInsert.columns.insert([ClientInsert.Values(contact, tenant: tenant, now: now)], on: sql)
            .onConflict(with: ["tenant_id", "email"]) { $0.set("email", to: SQLColumn("email", table: Client.schema)) }
            .insert
        insert.returning = SQLReturning(SQLColumn("id"))
        guard let row = try await sql.raw("\(insert)").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "client upsert returned no row")
        }
        return row.id
    }

    private struct Row: Decodable { let id: UUID }
}
