import Vapor
import Fluent
import Foundation

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
        let prefix = hex(randomBytes(6))
        let secret = base64URL(randomBytes(32))
        let record = ApiKey(tenantID: tenantID, name: name, prefix: prefix, secretHash: sha256Hex(secret))
        try await record.save(on: database)
        return Issued(record: record, plaintext: keyPrefix + prefix + "_" + secret)
    }

    /// The tenant id a presented key belongs to, or `nil` when it is malformed, unknown or revoked.
    static func tenantID(forKey presented: String, on database: any Database) async throws -> UUID? {
        guard presented.hasPrefix(keyPrefix) else { return nil }
        let body = presented.dropFirst(keyPrefix.count)
        guard let separator = body.firstIndex(of: "_") else { return nil }
        let prefix = String(body[..<separator])
        let secret = String(body[body.index(after: separator)...])
        guard prefix.count == 12, !secret.isEmpty, secret.count <= 128 else { return nil }
        guard let record = try await ApiKey.query(on: database).filter(\.$prefix == prefix).first(),
            record.revokedAt == nil
        else { return nil }
        return constantTimeEquals(Array(sha256Hex(secret).utf8), Array(record.secretHash.utf8)) ? record.tenantID : nil
    }

    static func sha256Hex(_ text: String) -> String {
        hex(Array(SHA256.hash(data: Array(text.utf8))))
    }

    /// Compares without an early exit, so timing does not reveal how much of a secret matched.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// `count` bytes from the system's secure generator, eight per call (not one call per byte).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
