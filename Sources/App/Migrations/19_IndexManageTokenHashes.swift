import Foundation
import Fluent
import SQLKit

/// The manage page finds a booking or an enrolment by its token's hash (`/manage/<token>`).
struct IndexManageTokenHashes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex(on: "bookings", "manage_token_hash")
        try await database.createIndex(on: "enrollments", "manage_token_hash")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "bookings_manage_token_hash_idx").run()
        try await sql.drop(index: "enrollments_manage_token_hash_idx").run()
    }
}
