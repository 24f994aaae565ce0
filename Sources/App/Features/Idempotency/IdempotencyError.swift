import Vapor

/// Why a claimed idempotency key cannot go ahead.
enum IdempotencyError: Error, Equatable {
    /// The first request with this key is still being handled.
    case inProgress
    /// The key was used with a different request.
    case usedForAnotherRequest
}

/// The JSON API's answer to an `IdempotencyError`.
extension IdempotencyError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .inProgress: .conflict
        case .usedForAnotherRequest: .unprocessableEntity
        }
    }

    var reason: String {
        switch self {
        case .inProgress: "A request with this Idempotency-Key is being handled; retry shortly."
        case .usedForAnotherRequest: "Idempotency-Key was already used with a different request; use a new key."
        }
    }
}
