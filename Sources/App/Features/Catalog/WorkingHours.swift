import Fluent
import Foundation
import Scheduling

/// One range of weekly hours, in the tenant's wall time. `staffID == nil` rows are the business's
/// opening hours, which bound every staff member's hours.
final class WorkingHours: Model, TenantOwned, @unchecked Sendable {
    static let schema = "weekly_hours"
    static var tenantField: KeyPath<WorkingHours, FieldProperty<WorkingHours, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @OptionalField(key: "staff_id") var staffID: UUID?
    /// ISO weekday, 1 = Monday ... 7 = Sunday.
    @Field(key: "weekday") var weekday: Int
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "end_minute") var endMinute: Int

    init() {}

    init(tenantID: UUID, staffID: UUID?, weekday: Weekday, range: WallTimeRange) {
        self.tenantID = tenantID
        self.staffID = staffID
        self.weekday = weekday.isoNumber
        self.startMinute = range.start.minutes
        self.endMinute = range.end.minutes
    }
}
