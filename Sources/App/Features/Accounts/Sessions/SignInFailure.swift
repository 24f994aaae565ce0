import Fluent
import Foundation

/// One failed sign-in: the address tried (lowercased) and where from.
final class SignInFailure: Model, TenantOwned, @unchecked Sendable {
    static let schema = "sign_in_failures"
    static var tenantField: KeyPath<SignInFailure, FieldProperty<SignInFailure, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(tenantID: UUID, email: String, address: String, failedAt: Date) {
        self.tenantID = tenantID
        self.email = email
        self.address = address
        self.failedAt = failedAt
    }
}
