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

extension Array where Element == WorkingHours {
    /// Rows as `WeeklyHours` (rows were validated when stored; an invalid row is skipped).
    func weeklyHours() -> WeeklyHours {
        var days: [Weekday: [WallTimeRange]] = [:]
        for row in self {
            guard let day = Weekday(isoNumber: row.weekday),
                let start = WallTime(minutes: row.startMinute), let end = WallTime(minutes: row.endMinute),
                let range = WallTimeRange(start: start, end: end)
            else { continue }
            days[day, default: []].append(range)
        }
        return (try? WeeklyHours(days)) ?? .closed
    }
}
