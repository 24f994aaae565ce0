import Foundation
import Vapor

/// The small cryptographic tools every feature shares: SHA-256 digests, constant-time comparison,
/// secure random bytes and their text encodings (API keys, manage tokens, idempotency hashes,
/// MIME boundaries, instance secrets).
enum Secrets {
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

    /// Only the characters of unpadded base64url (`A–Z a–z 0–9 - _`): how every token here is written.
    static func isBase64URL(_ text: String) -> Bool {
        text.utf8.allSatisfy {
            $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
        }
    }

    /// The bytes of unpadded base64url text; nil when it is not.
    static func base64URLDecoded(_ text: String) -> Data? {
        guard isBase64URL(text) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url, written in one pass (every page visit without a cookie makes a form
    /// token: three `replacingOccurrences` over Foundation's base64 were 3 % of a page's CPU).
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(base64URLAlphabet[Int((chunk >> UInt32(shift)) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(base64URLAlphabet[Int((chunk >> 18) & 63)])
            out.append(base64URLAlphabet[Int((chunk >> 12) & 63)])
            if rest == 2 { out.append(base64URLAlphabet[Int((chunk >> 6) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
