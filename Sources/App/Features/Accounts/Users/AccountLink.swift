import Fluent
import Foundation

/// A one-time link that lets a user set a password: a reset, or the invitation of a new user.
final class AccountLink: Model, TenantOwned, @unchecked Sendable {
    static let schema = "account_links"
    static var tenantField: KeyPath<AccountLink, FieldProperty<AccountLink, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "purpose") var purpose: AccountLinks.Purpose
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}
