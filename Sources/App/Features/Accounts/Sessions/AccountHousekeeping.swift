import Fluent
import Foundation

/// Deletes what the portal no longer needs: sessions past their idle or absolute expiry (a session
/// is also deleted when it is next presented, but most never are), account links a day after they
/// expired, and sign-in failures older than the throttle's window. The outbox worker runs it every
/// `interval`, so every instance that sends mail keeps the tables small.
enum AccountHousekeeping {
    static let interval: TimeInterval = 10 * 60

    struct Swept: Sendable, Equatable {
        var sessions = 0
        var links = 0
        var failures = 0
    }

    @discardableResult
    static func sweep(now: Date, on db: any Database) async throws -> Swept {
        var swept = Swept()
        let stale = PortalSession.query(on: db).group(.or) { group in
            group.filter(\.$lastSeenAt < now.addingTimeInterval(-PortalSessions.idleTimeout))
                .filter(\.$createdAt < now.addingTimeInterval(-PortalSessions.absoluteLifetime))
        }
        swept.sessions = try await stale.copy().count()
        try await stale.delete()
        let links = AccountLink.query(on: db).filter(\.$expiresAt < now.addingTimeInterval(-24 * 3600))
        swept.links = try await links.copy().count()
        try await links.delete()
        let failures = SignInFailure.query(on: db).filter(\.$failedAt < now.addingTimeInterval(-SignInThrottle.window))
        swept.failures = try await failures.copy().count()
        try await failures.delete()
        return swept
    }
}
