import Vapor

/// The JSON API's answer to a `SessionError`: a status and the error's message.
extension SessionError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .everyDateClosed, .capacityBelowBooked, .unknownInstructor: .unprocessableEntity
        case .alreadyCancelled, .notStartedYet: .conflict
        }
    }

    var reason: String { message }
}
