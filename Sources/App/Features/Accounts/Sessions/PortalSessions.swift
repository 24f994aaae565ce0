import Fluent
import Foundation

/// Starts, finds and ends portal sessions (issue 22).
///
/// A session ends after 8 hours without a request or 7 days after sign-in, whichever comes first.
/// Every sign-in starts a new session with a new token (never one carried over from before the
/// sign-in), and a session is only ever valid for the tenant it was started in, whatever host or
/// path the request arrives on.
enum PortalSessions {
    static let idleTimeout: TimeInterval = 8 * 3600
    static let absoluteLifetime: TimeInterval = 7 * 24 * 3600
    /// `last_seen_at` is written at most this often, not on every request.
    static let touchInterval: TimeInterval = 60

    /// A signed-in user, as a request sees them.
    struct Current: Sendable {
        let sessionID: UUID
        let userID: UUID
        let tenantID: UUID
        let role: UserRole
        let staffID: UUID?
        let name: String
        let email: String
    }

    /// Starts a session for `user`: the token for the cookie (given to nobody else, stored hashed) and
    /// who is signed in with it.
    static func start(for user: User, now: Date, on db: any Database) async throws -> (token: String, user: Current) {
        let token = Secrets.base64URL(Secrets.randomBytes(32))
        let session = PortalSession(
            tenantID: user.tenantID, userID: try user.requireID(), tokenHash: Secrets.sha256Hex(token), now: now)
        try await session.create(on: db)
        return (token, try current(session, user))
    }

    /// The session `token` opens in `tenantID`, or nil: unknown, another tenant's, expired (deleted
    /// then), or its user deactivated.
    static func find(token: String, tenantID: UUID, now: Date, on db: any Database) async throws -> Current? {
        guard Secrets.isBase64URL(token), token.count == 43 else { return nil }
        guard
            let session = try await PortalSession.query(on: db).filter(\.$tenantID == tenantID)
                .filter(\.$tokenHash == Secrets.sha256Hex(token)).first()
        else { return nil }
        if now >= session.createdAt.addingTimeInterval(absoluteLifetime)
            || now >= session.lastSeenAt.addingTimeInterval(idleTimeout)
        {
            try await session.delete(on: db)
            return nil
        }
        guard let user = try await User.find(session.userID, on: db), user.active, user.tenantID == tenantID else { return nil }
        if now >= session.lastSeenAt.addingTimeInterval(touchInterval) {
            session.lastSeenAt = now
            try await session.update(on: db)
        }
        return try current(session, user)
    }

    private static func current(_ session: PortalSession, _ user: User) throws -> Current {
        Current(
            sessionID: try session.requireID(), userID: try user.requireID(), tenantID: user.tenantID, role: user.role,
            staffID: user.staffID, name: user.name, email: user.email)
    }

    /// Signs one browser out: its session is deleted, so the cookie opens nothing any more.
    static func end(token: String, tenantID: UUID, on db: any Database) async throws {
        try await PortalSession.query(on: db).filter(\.$tenantID == tenantID).filter(\.$tokenHash == Secrets.sha256Hex(token))
            .delete()
    }

    /// Ends every session of `userID` but `keeping` (after a password change: the other browsers are signed out).
    static func endOthers(of userID: UUID, keeping sessionID: UUID?, on db: any Database) async throws {
        var query = PortalSession.query(on: db).filter(\.$userID == userID)
        if let sessionID { query = query.filter(\.$id != sessionID) }
        try await query.delete()
    }
}
