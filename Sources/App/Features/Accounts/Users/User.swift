import Fluent
import Foundation

/// Someone who signs in to one tenant's portal: an `owner` (everything) or a `staff` member (their
/// own calendar and bookings only, through `staffID`). Only a bcrypt hash of the password is stored.
final class User: Model, TenantOwned, @unchecked Sendable {
    static let schema = "users"
    static var tenantField: KeyPath<User, FieldProperty<User, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    /// Lowercased, so one address is one account whatever its capitals.
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: UserRole
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(tenantID: UUID, email: String, name: String, role: UserRole, staffID: UUID?, passwordHash: String) {
        self.tenantID = tenantID
        self.email = email
        self.name = name
        self.role = role
        self.staffID = staffID
        self.passwordHash = passwordHash
        self.active = true
    }
}

/// What a user may do in the portal.
public enum UserRole: String, Codable, CaseIterable, Sendable {
    /// Everything, including settings, users and API keys.
    case owner
    /// One staff member's own calendar, bookings and clients.
    case staff
}
