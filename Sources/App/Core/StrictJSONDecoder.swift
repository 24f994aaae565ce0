import Foundation
import NIOCore
import NIOFoundationCompat
import Vapor

/// Decodes request bodies as strict JSON (RFC 8259). Foundation's parser also takes trailing commas
/// (`{"a": 1,}`), which another JSON parser on the way (a proxy, a log shipper, an integrator's
/// client) may read differently; those are refused as malformed. A body of only white space reads
/// as `{}`, so the answer names the first missing field. Every string must be plain text
/// (`JSONTextRule`).
struct StrictJSONDecoder: ContentDecoder {
    let decoder: JSONDecoder

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        var data = Data(body.readableBytesView)
        if data.allSatisfy(StrictJSON.isWhitespace) { data = Data("{}".utf8) }
        if let offset = StrictJSON.trailingCommaOffset(in: data) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "trailing comma at byte \(offset): not valid JSON"))
        }
        if let problem = JSONTextRule.problem(in: data) { throw APIError.unprocessable(problem) }
        let decoder = self.decoder
        if !userInfo.isEmpty {
            // JSONDecoder's userInfo is a settable property; copy it so the shared decoder is untouched.
            let copy = JSONDecoder()
            copy.dateDecodingStrategy = decoder.dateDecodingStrategy
            copy.userInfo = userInfo
            return try copy.decode(D.self, from: data)
        }
        return try decoder.decode(D.self, from: data)
    }
}

/// Byte-level checks that Foundation's lenient parser skips.
enum StrictJSON {
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The offset of a comma followed (after whitespace) by `]` or `}`, outside strings; nil if none.
    static func trailingCommaOffset(in data: Data) -> Int? {
        var inString = false
        var escaped = false
        var pendingComma: Int?
        for (offset, byte) in data.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if isWhitespace(byte) { continue }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}"), let comma = pendingComma { return comma }
            pendingComma = byte == UInt8(ascii: ",") ? offset : nil
            if byte == UInt8(ascii: "\"") { inString = true }
        }
        return nil
    }
}

extension Request {
    /// The request body as `T`. An empty body reads as `{}` (Vapor would answer a bare "Unprocessable
    /// Entity"), so the answer names the first field that is missing.
    func decodeBody<T: Decodable>(_ type: T.Type) throws -> T {
        guard let data = body.data, data.readableBytes > 0 else {
            return try ContentConfiguration.global.requireDecoder(for: .json)
                .decode(T.self, from: ByteBuffer(string: "{}"), headers: headers)
        }
        return try content.decode(T.self)
    }
}
