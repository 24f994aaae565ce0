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
        return "\(day)T\(two(h)):\(two(m)):\(two(s))Z"
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
