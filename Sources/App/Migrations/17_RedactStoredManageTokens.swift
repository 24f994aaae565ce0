import Fluent
import Foundation
import SQLKit

/// Adds `idempotency_keys.secret_subject` and takes the manage tokens out of responses stored before
/// it (they are derived again on replay), so no token is left in the database.
struct RedactStoredManageTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema).field("secret_subject", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable {
            let id: UUID
            let response_body: String
        }
        let rows = try await sql.select().columns("id", "response_body").from(IdempotencyRecord.schema)
            .where("response_body", .like, "%\"manageToken\":\"%").all(decoding: Row.self)
        for row in rows {
            guard let subject = ManageTokenRedaction.subject(of: row.response_body),
                let redacted = ManageTokenRedaction.redacted(row.response_body)
            else { continue }
            try await sql.update(IdempotencyRecord.schema)
                .set("response_body", to: redacted).set("secret_subject", to: subject.label)
                .where("id", .equal, row.id).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema).deleteField("secret_subject").update()
    }
}
