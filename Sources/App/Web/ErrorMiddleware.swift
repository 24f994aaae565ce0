import Fluent
import Vapor

/// Turns every error into `{"error": true, "reason": "..."}` with the right status, or, for a
/// public page, into the site's HTML error page (`ErrorPages`).
///
/// Known errors keep their reason; database constraint failures become 409; anything unexpected
/// becomes a 500 with a generic reason, logged with its detail but never shown (no SQL, no stack).
struct JSONErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            guard ErrorPages.wantsHTML(request) else { return Self.response(for: error, request: request) }
            let (status, _, headers) = Self.describe(error, request: request)
            let page = error as? PageError
            let response = await ErrorPages.response(status: status, title: page?.title, message: page?.message, request: request)
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            // An unknown or spent secret link is still a secret link: not cached, not passed on.
            if request.url.path.contains("/manage/") || request.url.path.contains("/my-bookings/") { response.markPrivate() }
            return response
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let (status, reason, headers) = describe(error, request: request)
        let response = Response(status: status, headers: headers)
        do {
            try response.content.encode(ErrorResponse(reason: reason), as: .json)
        } catch {
            response.body = .init(string: #"{"error":true,"reason":"Internal server error."}"#)
            response.headers.contentType = .json
        }
        return response
    }

    private static func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, HTTPHeaders) {
        switch error {
        case let validation as ValidationsError:
            return (.unprocessableEntity, validation.description, [:])
        case let decoding as DecodingError:
            // Malformed JSON is a bad request; well-formed JSON with a wrong or missing field is
            // unprocessable, like any other invalid field.
            let status: HTTPResponseStatus = DecodingErrorDescription.isMalformed(decoding) ? .badRequest : .unprocessableEntity
            return (status, DecodingErrorDescription.reason(for: decoding), [:])
        case let abort as any AbortError:
            if abort.status.code >= 500 {
                request.logger.error("server error: \(String(reflecting: error))")
            }
            return (abort.status, abort.reason, abort.headers)
        case let unavailable where DatabaseUnavailable.matches(unavailable):
            request.logger.warning("database unavailable, answered 503: \(String(reflecting: error))")
            return (
                .serviceUnavailable, "The booking system cannot reach its database just now; please try again in a few seconds.",
                ["Retry-After": String(DatabaseUnavailable.retryAfterSeconds)]
            )
        case let conflict where TransientConflict.matches(conflict):
            request.logger.notice("transient conflict answered as 409: \(String(reflecting: error))")
            return (.conflict, "Another request changed the same data at the same moment; please try again.", [:])
        case let database as any DatabaseError where database.isConstraintFailure:
            request.logger.notice("constraint failure answered as 409: \(String(reflecting: error))")
            return (.conflict, "That change conflicts with existing data (for example a time that was just taken).", [:])
        default:
            request.logger.error("unexpected error: \(String(reflecting: error))")
            return (.internalServerError, "Internal server error.", [:])
        }
    }
}

/// Human reasons for JSON decoding failures that name the field, without echoing input.
enum DecodingErrorDescription {
    static func reason(for error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "body" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)) is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type (expected \(expected(type)))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must not be null (expected \(expected(type)))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The request body is not valid JSON." }
            return "\(path(context.codingPath)) is not valid"
        @unknown default:
            return "The request body could not be read."
        }
    }

    static func isMalformed(_ error: DecodingError) -> Bool {
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty { return true }
        return false
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is UUID.Type: return "an id"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
