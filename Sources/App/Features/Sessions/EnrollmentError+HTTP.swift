import Vapor

/// The JSON API's answer to an `EnrollmentError`: a status and the error's message.
extension EnrollmentError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .sessionNotFound, .notFound: .notFound
        case .sessionCancelled, .sessionStarted, .tooSoon, .notOpenYet, .full, .alreadyCancelled, .pastCancellationCutoff:
            .conflict
        }
    }

    var reason: String { message }
}
