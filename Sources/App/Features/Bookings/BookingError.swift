import Scheduling
import Vapor

/// What can go wrong with a booking, each with the status and a reason a client can act on.
enum BookingError: AbortError {
    case slotTaken(alternatives: [Slot])
    case notOffered
    case notFound
    case notActive(BookingStatus)
    case pastCancellationCutoff(hours: Int)
    case invalidTransition(from: BookingStatus, to: BookingStatus)
    /// Completed or no-show before the appointment has begun (`start` is the tenant's wall time).
    case notStartedYet(BookingStatus, start: LocalDateTime)

    var status: HTTPResponseStatus {
        switch self {
        case .slotTaken, .notActive, .pastCancellationCutoff, .invalidTransition, .notStartedYet: return .conflict
        case .notOffered: return .unprocessableEntity
        case .notFound: return .notFound
        }
    }

    var reason: String {
        switch self {
        case .slotTaken(let alternatives):
            return alternatives.isEmpty
                ? "Sorry, that time has just been taken and there are no free times nearby."
                : "Sorry, that time has just been taken. Here are the nearest free times."
        case .notOffered:
            return "start is not a bookable time for this service and staff (see GET /api/v1/slots)"
        case .notFound:
            return "No booking found for that id and token."
        case .notActive(let status):
            return "This booking is \(status.rawValue.replacingOccurrences(of: "_", with: " ")) and can no longer be changed."
        case .pastCancellationCutoff(let hours):
            return "Bookings can be changed or cancelled online up to \(hours) hours before the start; please contact the business."
        case .invalidTransition(let from, let to):
            return "A \(from.rawValue) booking cannot become \(to.rawValue)."
        case .notStartedYet(let status, let start):
            let label = status == .noShow ? "a no-show" : status.rawValue
            return "The booking starts at \(start.date) \(start.time); it can be marked \(label) only from then on."
        }
    }
}
