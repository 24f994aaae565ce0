import Fluent
import Foundation
import SQLKit

/// A booking as its manage link (`/manage/<token>`) shows it, read straight from its row by the
/// token's SHA-256 (`BookingRepository.managed`), with the stored hash for the constant-time check.
struct ManagedBooking: Sendable {
    let id: UUID
    let serviceID: UUID
    let staffID: UUID
    let startsAt: Date
    let endsAt: Date
    let status: BookingStatus
    let contactName: String
    let contactEmail: String
    let manageTokenHash: String

    /// The columns, in the order the PostgreSQL statement decodes them.
    static let columns = [
        "id", "service_id", "staff_id", "starts_at", "ends_at", "status", "contact_name", "contact_email", "manage_token_hash",
    ]

    /// The portable read (SQLite): one indexed query, rows read into this value without a model.
    static func find(tokenHash: String, tenant: UUID, on db: any Database) async throws -> ManagedBooking? {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        guard
            let row = try await sql.select().columns(columns.map { SQLIdentifier($0) }).from(Booking.schema)
                .where("tenant_id", .equal, tenant).where("manage_token_hash", .equal, tokenHash).first()
        else { return nil }
        return ManagedBooking(
            id: try row.decode(column: "id", as: UUID.self),
            serviceID: try row.decode(column: "service_id", as: UUID.self),
            staffID: try row.decode(column: "staff_id", as: UUID.self),
            startsAt: try row.decode(column: "starts_at", as: Date.self),
            endsAt: try row.decode(column: "ends_at", as: Date.self),
            status: try row.decode(column: "status", as: BookingStatus.self),
            contactName: try row.decode(column: "contact_name", as: String.self),
            contactEmail: try row.decode(column: "contact_email", as: String.self),
            manageTokenHash: try row.decode(column: "manage_token_hash", as: String.self))
    }
}
