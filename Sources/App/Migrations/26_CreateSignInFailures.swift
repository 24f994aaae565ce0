import Fluent
import Foundation

/// `sign_in_failures`: recent failed portal sign-ins, by account and by client address, so every app
/// server throttles the same guesses (issue 22). Rows older than the throttle's window are deleted.
struct CreateSignInFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(SignInFailure.schema)
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.createIndex(on: SignInFailure.schema, "tenant_id", "email", "failed_at")
        try await database.createIndex(on: SignInFailure.schema, "tenant_id", "address", "failed_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailure.schema).delete()
    }
}
