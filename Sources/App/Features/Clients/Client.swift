import Fluent
import Foundation

/// A client of one tenant, identified by email within that tenant.
final class Client: Model, TenantOwned, @unchecked Sendable {
    static let schema = "clients"
    static var tenantField: KeyPath<Client, FieldProperty<Client, UUID>> { \.$tenantID }

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

extension Client {
    /// The client's stored details, as contact details for a booking made for them.
    var contact: ContactDetails { ContactDetails(name: name, email: email, phone: phone, smsOptIn: smsOptIn) }
}
