import Vapor

/// The JSON API's answer to a `BookingError`: a status and the error's message.
extension BookingError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .slotTaken, .notActive, .pastCancellationCutoff, .invalidTransition, .notStartedYet: return .conflict
        case .notOffered: return .unprocessableEntity
        case .notFound: return .notFound
        }
    }

    var reason: String {
        if case .notOffered = self { return "start is not a bookable time for this service and staff (see GET /api/v1/slots)" }
        return message
    }
}
