import Vapor

/// The secret a client uses to view, cancel or reschedule their own booking or enrolment without an
/// account: 256 random bits, shown once, stored only as its SHA-256.
enum ManageToken {
    static func generate() -> (token: String, hash: String) {
        let token = ApiKeyService.base64URL(ApiKeyService.randomBytes(32))
        return (token, hash(token))
    }

    static func hash(_ token: String) -> String { ApiKeyService.sha256Hex(token) }

    /// Whether `presented` is the token whose hash is `storedHash` (constant time).
    static func matches(_ presented: String?, storedHash: String) -> Bool {
        guard let presented, !presented.isEmpty, presented.count <= 128 else { return false }
        return ApiKeyService.constantTimeEquals(Array(hash(presented).utf8), Array(storedHash.utf8))
    }

    /// The token from `?token=` or a JSON body field `token`.
    static func presented(in req: Request) -> String? {
        if let query = req.query[String.self, at: "token"], !query.isEmpty { return query }
        struct Body: Decodable { let token: String? }
        return (try? req.content.decode(Body.self))?.token
    }
}
