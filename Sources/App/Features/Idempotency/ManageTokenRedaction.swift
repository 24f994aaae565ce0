import Foundation
import Vapor

/// Keeps manage tokens out of stored idempotency responses: the token is taken out before the
/// response is stored and derived again (it is an HMAC of the subject) when the response is replayed.
enum ManageTokenRedaction {
    static let field = "manageToken"

    /// The JSON body with `manageToken` set to null; nil when the body is not a JSON object (then
    /// nothing may be stored).
    static func redacted(_ body: String) -> String? { rewriting(body) { $0[field] = NSNull() } }

    /// The subject whose new manage token the JSON body carries: an enrolment response names its
    /// `session`; a booking response its `service`. nil when the body carries no token.
    static func subject(of body: String) -> ManageToken.Subject? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            object[field] is String,
            let id = (object["id"] as? String).flatMap(UUID.init(uuidString:))
        else { return nil }
        if object["session"] != nil { return .enrollment(id) }
        if object["service"] != nil { return .booking(id) }
        return nil
    }

    /// The JSON body with `manageToken` set to `token`.
    static func restored(_ body: String, token: String) -> String? { rewriting(body) { $0[field] = token } }

    private static func rewriting(_ body: String, _ change: (inout [String: Any]) -> Void) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else { return nil }
        change(&object)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
