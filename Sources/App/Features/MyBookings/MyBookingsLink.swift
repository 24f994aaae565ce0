import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The my-bookings link: a sealed (AES-GCM) note of the tenant, the address and the expiry, so the
/// link proves the holder read that mailbox within the last hour, and shows nobody the address.
/// The key is derived from the manage-link key (`ManageToken`), so it needs no storage of its own.
struct MyBookingsLink: Sendable {
    static let lifetime: TimeInterval = 60 * 60
    /// At most this many links per address per hour, so the form cannot flood someone's inbox.
    static let maxPerHour = 3

    let key: SymmetricKey

    init(manageTokens: ManageToken) {
        key = SymmetricKey(
            data: Data(HMAC<SHA256>.authenticationCode(for: Data("my-bookings-link".utf8), using: manageTokens.key)))
    }

    func token(tenant: UUID, email: String, expires: Date) throws -> String {
        let payload = "\(tenant.uuidString.lowercased())\n\(email)\n\(Int(expires.timeIntervalSince1970))"
        guard let combined = try AES.GCM.seal(Data(payload.utf8), using: key).combined else {
            throw Abort(.internalServerError, reason: "Could not seal a my-bookings link.")
        }
        return Secrets.base64URL(Array(combined))
    }

    /// The address a token was made for, when it is genuine, for this tenant, and not expired.
    func email(from token: String, tenant: UUID, now: Date) -> String? {
        guard token.count <= 512, let data = Secrets.base64URLDecoded(token),
            let box = try? AES.GCM.SealedBox(combined: data),
            let opened = try? AES.GCM.open(box, using: key),
            let text = String(data: opened, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == tenant.uuidString.lowercased(), let expiry = Int(parts[2]),
            now.timeIntervalSince1970 < Double(expiry)
        else { return nil }
        return parts[1]
    }
}

/// Sends my-bookings links: at most `maxPerHour` per address, and only to an address that has
/// booked with the business. The request does the same work for any address (a request row and an
/// outbox row); whether the address has bookings is decided when the message is composed, so
/// neither the page nor its timing tells who is a client.
enum MyBookingsRequests {
    static let schema = "my_bookings_requests"

    /// Queues the link email unless the hourly limit for the address is reached; returns whether one
    /// was queued (for tests, never shown).
    @discardableResult
    static func request(email: String, tenant: TenantContext, now: Date, on db: any Database, storage: any Storage) async throws
        -> Bool
    {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        let addressHash = Secrets.sha256Hex("\(tenant.id.uuidString.lowercased()):\(address)")
        let tenantID = tenant.id
        guard tenant.emailEnabled else { return false }
        return try await storage.write(on: db) { db in
            guard let sql = db as? any SQLDatabase else { return false }
            struct Count: Decodable { let count: Int }
            let recent =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from(schema)
                .where("tenant_id", .equal, tenantID).where("address_hash", .equal, addressHash)
                .where("created_at", .greaterThan, now.addingTimeInterval(-3600)).first(decoding: Count.self)?.count ?? 0
            guard recent < MyBookingsLink.maxPerHour else { return false }
            try await sql.insert(into: schema).columns("id", "tenant_id", "address_hash", "created_at")
                .values(SQLBind(UUID()), SQLBind(tenantID), SQLBind(addressHash), SQLBind(now)).run()
            let entry = OutboxEntry(
                kind: .myBookingsLink, channel: .email,
                details: OutboxDetails(email: address, linkExpiresAt: now.addingTimeInterval(MyBookingsLink.lifetime)), dueAt: now
            )
            try await Outbox.enqueue([entry], tenant: tenantID, now: now, on: db)
            return true
        }
    }

    /// Whether `address` (lower-case) has booked or taken a place with the business: only then is a
    /// queued link sent.
    static func hasBookings(_ address: String, tenant: UUID, on db: any Database) async throws -> Bool {
        if try await Booking.query(on: db, tenant: tenant).filter(\.$contactEmail == address).first() != nil { return true }
        return try await Enrollment.query(on: db, tenant: tenant).filter(\.$contactEmail == address).first() != nil
    }
}
