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
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))).flatMap { $0 as? [String: Any] }.flatMap(subject(in:))
    }

    /// What to store of a response body, read once: without its manage token and with the token's
    /// subject, when it carries one; as it is otherwise. nil when it carries a token but cannot be
    /// rewritten (then nothing may be stored).
    static func storable(_ body: String) -> (body: String, subject: ManageToken.Subject?)? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let subject = subject(in: object)
        else { return (body, nil) }
        object[field] = NSNull()
        return serialised(object).map { ($0, subject) }
    }

    private static func subject(in object: [String: Any]) -> ManageToken.Subject? {
        guard object[field] is String, let id = (object["id"] as? String).flatMap(UUID.init(uuidString:)) else { return nil }
        if object["session"] != nil { return .enrollment(id) }
        if object["service"] != nil { return .booking(id) }
        return nil
    }

    /// The JSON body with `manageToken` set to `token`.
    static func restored(_ body: String, token: String) -> String? { rewriting(body) { $0[field] = token } }

    private static func rewriting(_ body: String, _ change: (inout [String: Any]) -> Void) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else { return nil }
        change(&object)
        return serialised(object)
    }

    private static func serialised(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
