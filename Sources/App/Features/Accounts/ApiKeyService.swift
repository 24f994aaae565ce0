import Fluent
import Foundation
import SQLKit
import Vapor

/// Issues and checks admin API keys.
enum ApiKeyService {
    static let keyPrefix = "nbne_"

    /// A newly issued key: `plaintext` is shown once and never stored.
    struct Issued {
        let record: ApiKey
        let plaintext: String
    }

    /// Creates a key for a tenant: 6 random bytes of public prefix, 32 random bytes of secret.
    static func issue(tenantID: UUID, name: String, on database: any Database) async throws -> Issued {
        let prefix = Secrets.hex(Secrets.randomBytes(6))
        let secret = Secrets.base64URL(Secrets.randomBytes(32))
        let record = ApiKey(tenantID: tenantID, name: name, prefix: prefix, secretHash: Secrets.sha256Hex(secret))
        try await record.save(on: database)
        return Issued(record: record, plaintext: keyPrefix + prefix + "_" + secret)
    }

    /// The tenant id a presented key belongs to, or `nil` when it is malformed, unknown or revoked.
    static func tenantID(forKey presented: String, on database: any Database) async throws -> UUID? {
        try await key(presented, on: database)?.tenantID
    }

    /// The live key a presented key is, or `nil` when it is malformed, unknown or revoked.
    static func key(_ presented: String, on database: any Database) async throws -> ApiKey? {
        guard presented.hasPrefix(keyPrefix) else { return nil }
        let body = presented.dropFirst(keyPrefix.count)
        guard let separator = body.firstIndex(of: "_") else { return nil }
        let prefix = String(body[..<separator])
        let secret = String(body[body.index(after: separator)...])
        // The prefix is 12 lower-case hex digits; anything else never reaches the database.
        guard prefix.utf8.count == 12, prefix.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
            !secret.isEmpty, secret.count <= 128
        else { return nil }
        guard let record = try await ApiKey.query(on: database).filter(\.$prefix == prefix).first(),
            record.revokedAt == nil
        else { return nil }
        return Secrets.constantTimeEquals(Array(Secrets.sha256Hex(secret).utf8), Array(record.secretHash.utf8))
            ? record : nil
    }

    /// The tenant's keys, newest first, revoked ones included.
    static func list(tenantID: UUID, on database: any Database) async throws -> [ApiKey] {
        try await ApiKey.query(on: database, tenant: tenantID).sort(\.$createdAt, .descending).sort(\.$prefix).all()
    }

    /// The tenant's key with this id or public prefix (`nbne_<prefix>_...`).
    static func find(_ idOrPrefix: String, tenantID: UUID, on database: any Database) async throws -> ApiKey? {
        let query = ApiKey.query(on: database, tenant: tenantID)
        if let id = UUID(uuidString: idOrPrefix) { return try await query.filter(\.$id == id).first() }
        var prefix = idOrPrefix.hasPrefix(keyPrefix) ? String(idOrPrefix.dropFirst(keyPrefix.count)) : idOrPrefix
        prefix = String(prefix.prefix { $0 != "_" })
        guard prefix.count == 12, prefix.allSatisfy(\.isHexDigit) else { return nil }
        return try await query.filter(\.$prefix == prefix.lowercased()).first()
    }

    /// Why a key cannot be revoked.
    enum RevokeError: AbortError {
        case alreadyRevoked
        case lastActiveKey

        var status: HTTPResponseStatus { .conflict }
        var reason: String {
            switch self {
            case .alreadyRevoked: "This API key is already revoked."
            case .lastActiveKey:
                "This is the business's only active API key: create another one first, so the admin API stays reachable."
            }
        }
    }

    /// Revokes a key: from this moment on it answers 401. The tenant's last active key is refused,
    /// so rotation is "create the new key, move to it, revoke the old one".
    ///
    /// Two revocations at once must not both see two active keys and leave none: the tenant's active
    /// keys are locked before they are counted (`ApiKeyRepository`), so the second revocation waits
    /// and then counts what the first left.
    static func revoke(_ key: ApiKey, now: Date, on database: any Database, storage: any Storage) async throws {
        guard key.revokedAt == nil else { throw RevokeError.alreadyRevoked }
        let keyID = try key.requireID()
        let tenantID = key.tenantID
        try await storage.write(on: database) { db in
            let activeIDs = try await storage.apiKeys(db).lockActiveKeyIDs(tenant: tenantID)
            guard activeIDs.contains(keyID) else { throw RevokeError.alreadyRevoked }
            guard activeIDs.count > 1 else { throw RevokeError.lastActiveKey }
            guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
            try await sql.update(ApiKey.schema).set("revoked_at", to: now)
                .where("id", .equal, keyID).where("tenant_id", .equal, tenantID).run()
        }
        key.revokedAt = now
    }
}
