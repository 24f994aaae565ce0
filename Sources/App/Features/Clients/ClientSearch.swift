import Fluent
import Foundation
import SQLKit

/// Finds a tenant's clients by part of their name, email address or phone number, case-insensitively
/// (the phone-in form's "find the client who called").
enum ClientSearch {
    struct Match: Decodable, Sendable {
        let id: UUID
        let name: String
        let email: String
        let phone: String?
    }

    /// At most `limit` clients matching `text`, by name; only clients `staff` has served when given.
    static func matching(_ text: String, tenant: UUID, staff: UUID?, limit: Int = 20, on db: any Database) async throws
        -> [Match]
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let escaped = trimmed.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        let served: SQLQueryString =
            staff.map {
                "AND id IN (SELECT client_id FROM bookings WHERE tenant_id = \(bind: tenant) AND staff_id = \(bind: $0))"
            }
            ?? ""
        return try await sql.raw(
            """
            SELECT id, name, email, phone FROM clients WHERE tenant_id = \(bind: tenant) AND (
                LOWER(name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(email) LIKE \(bind: pattern) ESCAPE '\\'
                OR COALESCE(phone, '') LIKE \(bind: pattern) ESCAPE '\\') \(served)
            ORDER BY name, email LIMIT \(unsafeRaw: String(max(1, min(limit, 100))))
            """
        ).all(decoding: Match.self)
    }

    /// One client of the tenant (and of `staff`'s clients, when given).
    static func find(_ id: UUID, tenant: UUID, staff: UUID?, on db: any Database) async throws -> Match? {
        guard let client = try await Client.find(id, on: db, tenant: tenant) else { return nil }
        if let staff {
            let served = try await Booking.query(on: db, tenant: tenant).filter(\.$clientID == id).filter(\.$staffID == staff)
                .count()
            guard served > 0 else { return nil }
        }
        return Match(id: id, name: client.name, email: client.email, phone: client.phone)
    }
}
