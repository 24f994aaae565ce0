import Fluent
import Foundation

/// One signed-in browser of a portal user. The cookie holds a random token; the row holds its SHA-256.
final class PortalSession: Model, TenantOwned, @unchecked Sendable {
    static let schema = "portal_sessions"
    static var tenantField: KeyPath<PortalSession, FieldProperty<PortalSession, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}

    init(tenantID: UUID, userID: UUID, tokenHash: String, now: Date) {
        self.tenantID = tenantID
        self.userID = userID
        self.tokenHash = tokenHash
        self.createdAt = now
        self.lastSeenAt = now
    }
}
