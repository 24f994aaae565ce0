import Vapor

/// The JSON API's answer to an `AvailabilityError`.
extension AvailabilityError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .unknownService, .unknownStaff: .notFound
        case .staffDoesNotPerform: .unprocessableEntity
        }
    }

    var reason: String {
        switch self {
        case .unknownService: "No bookable service with that id."
        case .unknownStaff: "No staff member with that id."
        case .staffDoesNotPerform: "staff does not perform this service (or is not taking bookings)"
        }
    }
}
