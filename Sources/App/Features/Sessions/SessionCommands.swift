import Foundation
import Scheduling

/// New sessions, typed and checked at the edge (`CreateSessionsRequest`): one on `first`, or one per
/// weekday in `weekdays` until `until` (or for `count` classes), as one series.
struct PlanSessions: Sendable {
    var title: String
    var description: String
    var instructor: UUID?
    var location: String
    var first: LocalDateTime
    var durationMinutes: Int
    var weekdays: Set<Weekday>
    var until: LocalDate?
    /// How many classes a weekly series has (closed dates skipped); instead of `until`.
    var count: Int? = nil
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
    /// Leaves the session without an instructor (`instructor` is then nil).
    var removeInstructor = false

    /// Copies the fields given onto `session`.
    func apply(to session: ClassSession) {
        if let instructor { session.instructorID = instructor }
        if removeInstructor { session.instructorID = nil }
        if let title { session.title = title }
        if let description { session.description = description }
        if let location { session.location = location }
        if let priceCents { session.priceCents = priceCents }
        if let capacity { session.capacity = capacity }
    }
}
