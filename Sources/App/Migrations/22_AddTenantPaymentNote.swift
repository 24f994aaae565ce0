import Fluent
import Foundation
import SQLKit

/// Adds `tenants.payment_note`: how clients pay, in the business's words ("" means the default,
/// `TenantContext.paymentWording`).
struct AddTenantPaymentNote: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Tenant.schema).field("payment_note", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Tenant.schema).deleteField("payment_note").update()
    }
}
