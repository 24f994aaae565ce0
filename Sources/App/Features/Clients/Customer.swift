import Fluent
import Foundation

/// A client (customer) of one tenant, identified by email within that tenant.
final class Customer: Model, TenantOwned, @unchecked Sendable {
    static let schema = "clients"
    static var tenantField: KeyPath<Customer, FieldProperty<Customer, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "name") var name: String
    /// Lower-cased, so the same person is found however they type it.
    @Field(key: "email") var email: String
    @OptionalField(key: "phone") var phone: String?
    /// The client agreed to text messages (reminders, confirmations) on `phone`.
    @Field(key: "sms_opt_in") var smsOptIn: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tenantID: UUID, name: String, email: String, phone: String? = nil) {
        self.tenantID = tenantID
        self.name = name
        self.email = email.lowercased()
        self.phone = phone
        self.smsOptIn = false
    }
}

struct CreateCustomer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Customer.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string)
            .field("created_at", .datetime)
            .unique(on: "tenant_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Customer.schema).delete() }
}

extension Customer {
    /// The client's stored details, as contact details for a booking made for them.
    var contact: ContactDetails { ContactDetails(name: name, email: email, phone: phone, smsOptIn: smsOptIn) }
}
