import Scheduling

/// What can go wrong with a booking, in domain words, each with a message a client can act on. The
/// JSON API maps it to a status (`BookingError+HTTP`); the pages show the message beside the form.
enum BookingError: Error {
    case slotTaken(alternatives: [Slot])
    case notOffered
    case notFound
    case notActive(BookingStatus)
    case pastCancellationCutoff(hours: Int)
    case invalidTransition(from: BookingStatus, to: BookingStatus)
    /// Completed or no-show before the appointment has begun (`start` is the tenant's wall time).
    case notStartedYet(BookingStatus, start: LocalDateTime)

    var message: String {
        switch self {
        case .slotTaken(let alternatives):
            return alternatives.isEmpty
                ? "Sorry, that time has just been taken and there are no free times nearby."
                : "Sorry, that time has just been taken. Here are the nearest free times."
        case .notOffered:
            return "That time can no longer be booked online. Please choose another time."
        case .notFound:
            return "No booking found for that id and token."
        case .notActive(let status):
            return "This booking is \(status.rawValue.replacingOccurrences(of: "_", with: " ")) and can no longer be changed."
        case .pastCancellationCutoff(let hours):
            return
                "Bookings can be changed or cancelled online up to \(hours) hours before the start; please contact the business."
        case .invalidTransition(let from, let to):
            return "A \(from.rawValue) booking cannot become \(to.rawValue)."
        case .notStartedYet(let status, let start):
            let label = status == .noShow ? "a no-show" : status.rawValue
            return "The booking starts at \(start.date) \(start.time); it can be marked \(label) only from then on."
        }
    }
}
