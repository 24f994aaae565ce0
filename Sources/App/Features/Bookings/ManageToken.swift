import Fluent
import Vapor

/// The secret a client uses to view, cancel or reschedule their own booking or enrolment without an
/// account.
///
/// A token is HMAC-SHA256(instance key, "<kind>:<id>"): 256 bits that nobody can guess without the
/// key, stored only as its SHA-256, and derivable again whenever a later message (a reminder, a
/// waitlist promotion, a cancellation by the business) needs the client's manage link. The key is
/// `APP_SECRET` when set, else a random secret generated once per database (`InstanceSecret`).
/// Changing `APP_SECRET` therefore invalidates the links in messages already sent.
struct ManageToken: Sendable {
    enum Subject: Sendable, Equatable {
        case booking(UUID)
        case enrollment(UUID)
        /// A portal user's one-time account link (`AccountLinks`).
        case accountLink(UUID)

        /// `booking:<id>`, `enrollment:<id>` or `account-link:<id>`: what the token signs, and how a
        /// subject is stored.
        var label: String {
            switch self {
            case .booking(let id): "booking:" + id.uuidString.lowercased()
            case .enrollment(let id): "enrollment:" + id.uuidString.lowercased()
            case .accountLink(let id): "account-link:" + id.uuidString.lowercased()
            }
        }

        init?(label: String) {
            let parts = label.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { return nil }
            switch parts[0] {
            case "booking": self = .booking(id)
            case "enrollment": self = .enrollment(id)
            case "account-link": self = .accountLink(id)
            default: return nil
            }
        }

    }

    let key: SymmetricKey

    /// The token for `subject` and the hash stored with it.
    func issue(for subject: Subject) -> (token: String, hash: String) {
        let token = self.token(for: subject)
        return (token, Self.hash(token))
    }

    func token(for subject: Subject) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(subject.label.utf8), using: key)
        return Secrets.base64URL(Array(mac))
    }

    static func hash(_ token: String) -> String { Secrets.sha256Hex(token) }

    /// Whether `presented` is the token whose hash is `storedHash` (constant time).
    static func matches(_ presented: String?, storedHash: String) -> Bool {
        guard let presented, !presented.isEmpty, presented.count <= 128 else { return false }
        return Secrets.constantTimeEquals(Array(hash(presented).utf8), Array(storedHash.utf8))
    }

    /// The token from `?token=` or a JSON body field `token`.
    static func presented(in req: Request) -> String? {
        if let query = QueryParameters(req)["token"], !query.isEmpty { return query }
        struct Body: Decodable { let token: String? }
        return (try? req.decodeBody(Body.self))?.token
    }
}

/// Loads the manage-token key once per process (from `APP_SECRET`, or the database's instance secret).
actor ManageTokenKeyStore {
    private let appSecret: String?
    private var cached: ManageToken?

    init(appSecret: String?) { self.appSecret = appSecret }

    func manageToken(on db: any Database) async throws -> ManageToken {
        if let cached { return cached }
        let material: String
        if let appSecret {
            material = "manage-links:" + appSecret
        } else if let stored = try await InstanceSecret.value(named: InstanceSecret.manageLinks, on: db) {
            material = stored
        } else {
            throw Abort(.serviceUnavailable, reason: "The database has no instance secret yet; run `booking migrate`.")
        }
        let made = ManageToken(key: SymmetricKey(data: SHA256.hash(data: Data(material.utf8))))
        cached = made
        return made
    }
}
