import Logging
import Scheduling

/// A JSON text built byte by byte, for log lines: strings escaped as JSON requires (quote, backslash
/// and control characters; everything else, `/` and non-ASCII included, as UTF-8), metadata
/// arrays and dictionaries as JSON arrays and objects (dictionary keys sorted).
struct JSONLine {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(320) }

    mutating func writeObject(_ fields: [(key: String, value: Logger.Metadata.Value)]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(field.key)
            bytes.append(UInt8(ascii: ":"))
            writeValue(field.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func writeValue(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let text): writeString(text)
        case .stringConvertible(let convertible): writeString(convertible.description)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeValue(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let values):
            writeObject(values.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
        }
    }

    mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00\(Secrets.hex([byte]))".utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `2026-12-02T14:06:55Z` for a time in seconds since 1970 (what `Date.formatted(.iso8601)` gave).
    static func utcTimestamp(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let clock = [second / 3600, second / 60 % 60, second % 60].map { String($0).leftPadded(to: 2) }
        return "\(LocalDate(daysSinceEpoch: days))T\(clock.joined(separator: ":"))Z"
    }
}
