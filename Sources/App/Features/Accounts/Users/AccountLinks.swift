import Fluent
import Foundation
import SQLKit

/// Issues, emails and redeems one-time account links (issue 22): valid for 60 minutes, usable once
/// (two browsers opening the same link at the same moment: one wins), for one tenant and one purpose,
/// and a new link of a purpose voids the user's earlier unused ones.
///
/// A link's token is HMAC(instance key, "account-link:<id>") (`ManageToken`): stored only as its
/// hash, and derived again by the outbox when the email is sent, so no queued message holds it.
enum AccountLinks {
    enum Purpose: String, Codable, Sendable {
        case reset
        case invite
    }

    /// How long a reset link works: an hour, as the person asked for it just now.
    static let lifetime: TimeInterval = 60 * 60
    /// How long an invitation works: a week, as the person may read it days later.
    static let invitationLifetime: TimeInterval = 7 * 24 * 60 * 60

    static func lifetime(of purpose: Purpose) -> TimeInterval { purpose == .invite ? invitationLifetime : lifetime }
    /// A reset asked for again within this time sends nothing new (the first email is on its way).
    static let resendInterval: TimeInterval = 60

    /// A new link for `user`: its id and the token for the URL (stored only as its hash).
    static func issue(_ purpose: Purpose, for user: User, now: Date, tokens: ManageToken, on db: any Database) async throws
        -> (id: UUID, token: String)
    {
        let id = UUID()
        let (token, hash) = tokens.issue(for: .accountLink(id))
        try await db.transaction { db in
            try await AccountLink.query(on: db).filter(\.$userID == user.requireID()).filter(\.$purpose == purpose)
                .filter(\.$usedAt == nil).delete()
            let link = AccountLink()
            link.id = id
            link.tenantID = user.tenantID
            link.userID = try user.requireID()
            link.purpose = purpose
            link.tokenHash = hash
            link.createdAt = now
            link.expiresAt = now.addingTimeInterval(lifetime(of: purpose))
            try await link.create(on: db)
        }
        return (id, token)
    }

    /// Issues a link and queues its email to the user, in one transaction. A reset asked for again
    /// within `resendInterval` queues nothing more.
    static func send(_ purpose: Purpose, to user: User, now: Date, tokens: ManageToken, on db: any Database) async throws {
        if purpose == .reset,
            let last = try await AccountLink.query(on: db).filter(\.$userID == user.requireID()).filter(\.$purpose == purpose)
                .sort(\.$createdAt, .descending).first(),
            now.timeIntervalSince(last.createdAt) < resendInterval
        {
            return
        }
        try await db.transaction { db in
            let (id, _) = try await issue(purpose, for: user, now: now, tokens: tokens, on: db)
            let entry = OutboxEntry(
                kind: .accountLink, channel: .email,
                details: OutboxDetails(
                    email: user.email, linkExpiresAt: now.addingTimeInterval(lifetime(of: purpose)), accountLink: id,
                    invitation: purpose == .invite ? true : nil),
                dueAt: now)
            try await Outbox.enqueue([entry], tenant: user.tenantID, now: now, on: db)
        }
    }

    /// Whether `token` is a live link of `purpose` in `tenantID`, without using it (a page showing
    /// the password form; mail scanners that open links must not spend them).
    static func isLive(_ token: String, purpose: Purpose, tenantID: UUID, now: Date, on db: any Database) async throws -> Bool {
        guard Secrets.isBase64URL(token), token.count == 43 else { return false }
        return try await AccountLink.query(on: db).filter(\.$tenantID == tenantID).filter(
            \.$tokenHash == Secrets.sha256Hex(token)
        )
        .filter(\.$purpose == purpose).filter(\.$usedAt == nil).filter(\.$expiresAt > now).first() != nil
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
