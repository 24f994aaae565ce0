import Fluent
import Foundation
import Scheduling

/// Something a client books: a duration, a price and the staff who perform it.
/// Policy fields left `nil` fall back to the tenant's policy (applied in `CatalogSnapshot.ServiceInfo`).
final class Service: Model, TenantOwned, @unchecked Sendable {
    static let schema = "services"
    static var tenantField: KeyPath<Service, FieldProperty<Service, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "price_cents") var priceCents: Int
    @Field(key: "currency") var currency: String
    @Field(key: "buffer_before_minutes") var bufferBeforeMinutes: Int
    @Field(key: "buffer_after_minutes") var bufferAfterMinutes: Int
    @OptionalField(key: "slot_interval_minutes") var slotIntervalMinutes: Int?
    @OptionalField(key: "min_notice_minutes") var minNoticeMinutes: Int?
    @OptionalField(key: "max_advance_days") var maxAdvanceDays: Int?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(
        tenantID: UUID, name: String, description: String = "", durationMinutes: Int, priceCents: Int,
        currency: String = "GBP", bufferBeforeMinutes: Int = 0, bufferAfterMinutes: Int = 0, active: Bool = true
    ) {
        self.tenantID = tenantID
        self.name = name
        self.description = description
        self.durationMinutes = durationMinutes
        self.priceCents = priceCents
        self.currency = currency
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.active = active
    }

    var timing: ServiceTiming {
        ServiceTiming(
            durationMinutes: durationMinutes, bufferBeforeMinutes: bufferBeforeMinutes,
            bufferAfterMinutes: bufferAfterMinutes)
    }
}
