import Fluent
import Foundation

/// A portal user's private calendar subscription: the URL's token is shown once and kept only as
/// its SHA-256, so a leaked database does not leak the feeds.
final class CalendarFeed: Model, TenantOwned, @unchecked Sendable {
    static let schema = "calendar_feeds"
    static var tenantField: KeyPath<CalendarFeed, FieldProperty<CalendarFeed, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "user_id") var userID: UUID
    /// Whose bookings and classes: a staff member's, or nil for the whole business (owners).
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// Making, finding and revoking calendar feeds.
enum CalendarFeeds {
    /// A new feed for `user` (replacing any live one): a staff user's own bookings and classes, an
    /// owner's whole business. Returns the token, to put in the URL and show once.
    static func create(for user: User, now: Date, on db: any Database) async throws -> String {
        let token = Secrets.base64URL(Secrets.randomBytes(32))
        try await db.transaction { db in
            try await revoke(userID: try user.requireID(), tenant: user.tenantID, now: now, on: db)
            let feed = CalendarFeed()
            feed.tenantID = user.tenantID
            feed.userID = try user.requireID()
            feed.staffID = user.role == .owner ? nil : user.staffID
            feed.tokenHash = Secrets.sha256Hex(token)
            feed.createdAt = now
            try await feed.create(on: db)
        }
        return token
    }

    /// Stops the user's live feed (its URL answers 404 from now on).
    static func revoke(userID: UUID, tenant: UUID, now: Date, on db: any Database) async throws {
        try await CalendarFeed.query(on: db, tenant: tenant).filter(\.$userID == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    static func live(userID: UUID, tenant: UUID, on db: any Database) async throws -> CalendarFeed? {
        try await CalendarFeed.query(on: db, tenant: tenant).filter(\.$userID == userID).filter(\.$revokedAt == nil).first()
    }

    /// The live feed a token opens, when its user may still sign in; nil otherwise.
    static func open(_ token: String, tenant: UUID, on db: any Database) async throws -> CalendarFeed? {
        guard token.utf8.count == 43, Secrets.isBase64URL(token),
            let feed = try await CalendarFeed.query(on: db, tenant: tenant).filter(\.$tokenHash == Secrets.sha256Hex(token))
                .filter(\.$revokedAt == nil).first(),
            let user = try await User.find(feed.userID, on: db, tenant: tenant), user.active
        else { return nil }
        return feed
    }
}
