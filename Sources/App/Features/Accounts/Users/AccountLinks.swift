import Fluent
import Foundation
import SQLKit

/// Issues and redeems one-time account links (issue 22): valid for 60 minutes, usable once (two
/// browsers opening the same link at the same moment: one wins), for one tenant and one purpose, and
/// a new link of a purpose voids the user's earlier unused ones. Sending them is the outbox's job.
enum AccountLinks {
    enum Purpose: String, Codable, Sendable {
        case reset
        case invite
    }

    static let lifetime: TimeInterval = 60 * 60

    /// A new link's token for `user`, to put in the emailed URL (stored only as its hash).
    static func issue(_ purpose: Purpose, for user: User, now: Date, on db: any Database) async throws -> String {
        let token = Secrets.base64URL(Secrets.randomBytes(32))
        try await db.transaction { db in
            try await AccountLink.query(on: db).filter(\.$userID == user.requireID()).filter(\.$purpose == purpose)
                .filter(\.$usedAt == nil).delete()
            let link = AccountLink()
            link.tenantID = user.tenantID
            link.userID = try user.requireID()
            link.purpose = purpose
            link.tokenHash = Secrets.sha256Hex(token)
            link.createdAt = now
            link.expiresAt = now.addingTimeInterval(lifetime)
            try await link.create(on: db)
        }
        return token
    }

    /// Uses the link: its user when `token` is a live link of `purpose` in `tenantID`, which is then
    /// spent; nil otherwise (unknown, another tenant's, the other purpose, expired or used).
    static func redeem(_ token: String, purpose: Purpose, tenantID: UUID, now: Date, on db: any Database) async throws -> User? {
        guard Secrets.isBase64URL(token), token.count == 43, let sql = db as? any SQLDatabase else { return nil }
        // One conditional UPDATE: of two redemptions at once, only one finds `used_at` still empty.
        let spent = try await sql.raw(
            """
            UPDATE account_links SET used_at = \(bind: now)
            WHERE tenant_id = \(bind: tenantID) AND token_hash = \(bind: Secrets.sha256Hex(token))
              AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING user_id
            """
        ).first()
        guard let userID = try spent?.decode(column: "user_id", as: UUID.self) else { return nil }
        guard let user = try await User.find(userID, on: db), user.tenantID == tenantID else { return nil }
        return user
    }
}
