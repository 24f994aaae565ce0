import Fluent
import Foundation

/// Slows password guessing (issue 22): after 10 failed sign-ins in 15 minutes for one account, or
/// from one client address, further attempts are refused until the oldest of those failures is 15
/// minutes old. Both limits hold across app servers (the failures are in the database) and whether
/// or not the account exists, so the answer never tells which addresses have accounts.
enum SignInThrottle {
    static let limit = 10
    static let window: TimeInterval = 15 * 60

    /// How long the sign-in must wait, or nil when it may be tried now.
    static func wait(tenantID: UUID, email: String, address: String, now: Date, on db: any Database) async throws -> TimeInterval?
    {
        let since = now.addingTimeInterval(-window)
        var until: Date?
        for filter in [Filter.email(email.lowercased()), .address(address)] {
            let recent = try await query(filter, tenantID: tenantID, since: since, on: db).sort(\.$failedAt, .descending)
                .limit(limit).all()
            if recent.count >= limit, let oldest = recent.last {
                let free = oldest.failedAt.addingTimeInterval(window)
                until = max(until ?? free, free)
            }
        }
        return until.map { max(1, $0.timeIntervalSince(now).rounded(.up)) }
    }

    /// Records a failure, and forgets those that have left the window.
    static func recordFailure(tenantID: UUID, email: String, address: String, now: Date, on db: any Database) async throws {
        try await SignInFailure(tenantID: tenantID, email: email.lowercased(), address: address, failedAt: now).create(on: db)
        try await SignInFailure.query(on: db).filter(\.$tenantID == tenantID).filter(
            \.$failedAt < now.addingTimeInterval(-window)
        )
        .delete()
    }

    /// A successful sign-in clears the account's failures (not the address's: one right password
    /// from an address does not license more guesses at others).
    static func recordSuccess(tenantID: UUID, email: String, on db: any Database) async throws {
        try await SignInFailure.query(on: db).filter(\.$tenantID == tenantID).filter(\.$email == email.lowercased()).delete()
    }

    private enum Filter {
        case email(String)
        case address(String)
    }

    private static func query(_ filter: Filter, tenantID: UUID, since: Date, on db: any Database) -> QueryBuilder<SignInFailure> {
        let query = SignInFailure.query(on: db).filter(\.$tenantID == tenantID).filter(\.$failedAt > since)
        switch filter {
        case .email(let email): return query.filter(\.$email == email)
        case .address(let address): return query.filter(\.$address == address)
        }
    }
}
