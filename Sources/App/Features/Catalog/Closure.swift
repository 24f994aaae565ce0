import Fluent
import Foundation
import Scheduling

/// Time off: business-wide (`staffID == nil`) or for one staff member. Entered in the tenant's wall
/// time (kept as entered, for display) and stored as absolute instants (used for scheduling).
final class Closure: Model, TenantOwned, @unchecked Sendable {
    static let schema = "closures"
    static var tenantField: KeyPath<Closure, FieldProperty<Closure, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "starts_local") var startsLocal: String
    @Field(key: "ends_local") var endsLocal: String
    @Field(key: "reason") var reason: String

    init() {}

    init(
        tenantID: UUID, staffID: UUID?, startsAt: Date, endsAt: Date, startsLocal: String, endsLocal: String,
        reason: String
    ) {
        self.tenantID = tenantID
        self.staffID = staffID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.startsLocal = startsLocal
        self.endsLocal = endsLocal
        self.reason = reason
    }

    var span: Span { Span(start: startsAt, end: endsAt) ?? Span(start: startsAt, end: startsAt.addingTimeInterval(1))! }
}
