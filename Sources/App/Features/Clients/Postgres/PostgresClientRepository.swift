import Fluent
import FluentPostgresDriver
import Foundation
import Vapor

/// PostgreSQL: the upsert as a prepared statement.
struct PostgresClientRepository: ClientRepository {
    let db: any Database

    func upsert(_ contact: ContactDetails, tenant: UUID, now: Date) async throws -> UUID {
        let values = ClientInsert.Values(contact, tenant: tenant, now: now)
        guard let id = try await db.preparedRows(PostgresUpsert(values: values)).first else {
            throw Abort(.internalServerError, reason: "client upsert returned no row")
        }
        return id
    }

    private struct PostgresUpsert: PostgresPreparedStatement {
        static let name = "nbne_customer_upsert"
        static let sql = ClientInsert.postgresSQL(firstParameter: 1)
        typealias Row = UUID

        let values: ClientInsert.Values

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: ClientInsert.columns.columns.count)
            for value in ClientInsert.columns.values(values) { value.append(to: &bindings) }
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
