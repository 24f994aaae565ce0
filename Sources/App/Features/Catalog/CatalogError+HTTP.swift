import Vapor

/// The JSON API's answer to a `CatalogError`: a status and the error's message.
extension CatalogError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .serviceNotFound, .staffNotFound, .closureNotFound: .notFound
        case .unknownIDs: .unprocessableEntity
        }
    }

    var reason: String { message }
}
