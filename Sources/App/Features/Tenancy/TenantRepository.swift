import Fluent
import Foundation
import SQLKit

/// Reads a tenant's context (`TenantContext`) with one narrow query: by slug on every request, by id
/// for the outbox worker and the commands. Decoding a Fluent model through its property reflection
/// cost ~0.5 ms (measured), so neither path touches the model.
protocol TenantRepository: Sendable {
    func find(slug: String) async throws -> TenantContext?
    func find(id: UUID) async throws -> TenantContext?
}

extension SQLDatabase {
    /// The context whose `column` equals `value`, as raw SQL with a fixed column list: serialising
    /// the same `SQLSelect` (quoting every identifier) on every request was 5 % of the server's CPU
    /// under wrk on `GET /slots`.
    func tenantContext(where column: String, equals value: some Encodable & Sendable) async throws -> TenantContext? {
        try await raw(
            "SELECT \(unsafeRaw: TenantContext.columnList) FROM tenants WHERE \(ident: column) = \(bind: value) LIMIT 1"
        )
        .first(decoding: TenantContext.Row.self).map(TenantContext.init)
    }
}

extension TenantContext {
    static let columnList = columns.joined(separator: ", ")
}
