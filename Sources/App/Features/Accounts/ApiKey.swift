import Fluent
import Foundation

/// An admin API key of one tenant. Only the SHA-256 of the secret part is stored.
///
/// Keys look like `nbne_<prefix>_<secret>`: the public `prefix` finds the row, then the secret's
/// hash is compared in constant time.
final class ApiKey: Model, TenantOwned, @unchecked Sendable {
    static let schema = "api_keys"
    static var tenantField: KeyPath<ApiKey, FieldProperty<ApiKey, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "name") var name: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "secret_hash") var secretHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tenantID: UUID, name: String, prefix: String, secretHash: String) {
        self.tenantID = tenantID
        self.name = name
        self.prefix = prefix
        self.secretHash = secretHash
    }
}
