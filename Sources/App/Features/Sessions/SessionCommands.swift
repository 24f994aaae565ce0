import Foundation
import Scheduling

/// New sessions, typed and checked at the edge (`CreateSessionsRequest`): one on `first`, or one per
/// weekday in `weekdays` until `until`.
struct PlanSessions: Sendable {
    var title: String
    var description: String
    var instructor: UUID?
    var location: String
    var first: LocalDateTime
    var durationMinutes: Int
    var weekdays: Set<Weekday>
    var until: LocalDate?
    var capacity: Int
    var priceCents: Int
    var currency: String
}

/// A change to a session, typed and checked at the edge (`UpdateSessionRequest`); nil keeps a field.
struct ChangeSession: Sendable {
    var title: String?
    var description: String?
    var instructor: UUID?
    var location: String?
    var capacity: Int?
    var priceCents: Int?

    /// Copies the fields given onto `session`.
    func apply(to session: ClassSession) {
        if let instructor { session.instructorID = instructor }
        if let title { session.title = title }
        if let description { session.description = description }
        if let location { session.location = location }
        if let priceCents { session.priceCents = priceCents }
        if let capacity { session.capacity = capacity }
    }
}
