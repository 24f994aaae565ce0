import Fluent
import NIOPosix
import Vapor

/// Signing in to a tenant's portal with an email and a password (issue 22): throttled, the same
/// answer and about the same time whether or not the address has an account, and a new session at
/// every sign-in.
enum PortalSignIn {
    enum Outcome: Sendable {
        /// Signed in: `token` goes into the session cookie.
        case signedIn(token: String, user: PortalSessions.Current)
        /// Wrong email or password, or a deactivated account (one answer for all three).
        case refused
        /// Too many failures: try again after this many seconds.
        case throttled(retryAfter: TimeInterval)
    }

    static func attempt(
        tenantID: UUID, email: String, password: String, address: String, now: Date, on db: any Database,
        threadPool: NIOThreadPool
    ) async throws -> Outcome {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let wait = try await SignInThrottle.wait(tenantID: tenantID, email: email, address: address, now: now, on: db) {
            return .throttled(retryAfter: wait)
        }
        let user = try await User.query(on: db, tenant: tenantID).filter(\.$email == email).first()
        let matches =
            if let user {
                try await Passwords.verify(password, against: user.passwordHash, on: threadPool)
            } else {
                try await Passwords.verifyWithoutAccount(password, on: threadPool)
            }
        guard let user, user.active, matches else {
            try await SignInThrottle.recordFailure(tenantID: tenantID, email: email, address: address, now: now, on: db)
            return .refused
        }
        try await SignInThrottle.recordSuccess(tenantID: tenantID, email: email, on: db)
        let started = try await PortalSessions.start(for: user, now: now, on: db)
        return .signedIn(token: started.token, user: started.user)
    }
}
