/// What can go wrong with the business's changes to its sessions, in domain words. The JSON API
/// maps it to a status (`SessionError+HTTP`).
enum SessionError: Error, Equatable {
    case notFound
    /// Every planned date falls on a closure.
    case everyDateClosed
    case capacityBelowBooked(booked: Int)
    case alreadyCancelled
    case unknownInstructor
    /// Attendance is marked from the class's start.
    case notStartedYet

    var message: String {
        switch self {
        case .notFound: "No session with that id."
        case .everyDateClosed: "No session was created: every date falls on a closure."
        case .capacityBelowBooked(let booked): "capacity must be at least the \(booked) seats already taken"
        case .alreadyCancelled: "This session is already cancelled."
        case .unknownInstructor: "instructor contains an id that does not exist for this tenant"
        case .notStartedYet: "Attendance can be marked once the class has started."
        }
    }
}
