import Foundation
import Scheduling

/// Fast UTC ISO-8601 formatting (`2026-12-01T09:00:00Z`) for hot JSON paths, and lenient parsing.
enum ISOTimestamp {
    static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let day = LocalDate(daysSinceEpoch: days)
        let h = secondOfDay / 3600, m = (secondOfDay % 3600) / 60, s = secondOfDay % 60
        guard (0...9999).contains(day.year) else { return "\(day)T\(two(h)):\(two(m)):\(two(s))Z" }
        // Twenty bytes written in place: the booking pages carry one in every time's link.
        return String(unsafeUninitializedCapacity: 20) { bytes in
            let out = bytes.baseAddress!
            day.writeISO(into: out)
            out[10] = UInt8(ascii: "T")
            ASCIIDigits.writeTwo(h, into: out + 11)
            out[13] = UInt8(ascii: ":")
            ASCIIDigits.writeTwo(m, into: out + 14)
            out[16] = UInt8(ascii: ":")
            ASCIIDigits.writeTwo(s, into: out + 17)
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Parses an ISO-8601 instant with an offset or `Z`, with or without fractional seconds.
    /// Anything but digits and `- : . + T Z` is refused first: Foundation's parser stops at a NUL
    /// and would take `2026-12-01T10:00:00Z\0junk` as a time.
    static func date(from text: String) -> Date? {
        guard text.utf8.count <= 40, text.utf8.allSatisfy(isTimestampByte) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func isTimestampByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-:.+TZtz".utf8.contains(byte)
    }

    @inline(__always)
    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
