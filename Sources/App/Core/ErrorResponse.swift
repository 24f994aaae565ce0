import Vapor

/// The JSON body of every error the API answers: `{"error": true, "reason": "..."}`.
struct ErrorResponse: Content {
    let error: Bool
    let reason: String

    init(reason: String) {
        self.error = true
        self.reason = reason
    }
}

/// An error with a status and a reason meant for the person reading the response.
struct APIError: AbortError {
    let status: HTTPResponseStatus
    let reason: String
    var headers: HTTPHeaders = [:]

    static func notFound(_ reason: String) -> APIError { .init(status: .notFound, reason: reason) }
    static func conflict(_ reason: String) -> APIError { .init(status: .conflict, reason: reason) }
    static func unprocessable(_ reason: String) -> APIError { .init(status: .unprocessableEntity, reason: reason) }
    static func badRequest(_ reason: String) -> APIError { .init(status: .badRequest, reason: reason) }
    static func unauthorized(_ reason: String) -> APIError {
        .init(status: .unauthorized, reason: reason, headers: ["WWW-Authenticate": "Bearer"])
    }
}
