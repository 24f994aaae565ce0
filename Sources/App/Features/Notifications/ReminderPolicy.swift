import Foundation

/// Which reminders a tenant's clients get before an appointment or session.
enum ReminderPolicy: String, Codable, Sendable, CaseIterable {
    case none
    case dayBefore = "24h"
    case dayAndTwoHoursBefore = "24h_2h"

    static let standard = ReminderPolicy.dayBefore

    /// How long before the start each reminder is due.
    var leadTimes: [TimeInterval] {
        switch self {
        case .none: []
        case .dayBefore: [24 * 3600]
        case .dayAndTwoHoursBefore: [24 * 3600, 2 * 3600]
        }
    }
}
