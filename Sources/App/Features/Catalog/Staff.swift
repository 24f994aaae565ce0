import Fluent
import Foundation

/// A person who performs services (or instructs sessions).
final class Staff: Model, TenantOwned, @unchecked Sendable {
    static let schema = "staff"
    static var tenantField: KeyPath<Staff, FieldProperty<Staff, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tenantID: UUID, name: String, email: String? = nil, active: Bool = true) {
        self.tenantID = tenantID
        self.name = name
        self.email = email
        self.active = active
    }
}

/// Which staff member performs which service.
final class StaffService: Model, TenantOwned, @unchecked Sendable {
    static let schema = "staff_services"
    static var tenantField: KeyPath<StaffService, FieldProperty<StaffService, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "staff_id") var staffID: UUID
    @Field(key: "service_id") var serviceID: UUID

    init() {}

    init(tenantID: UUID, staffID: UUID, serviceID: UUID) {
        self.tenantID = tenantID
        self.staffID = staffID
        self.serviceID = serviceID
    }
}
