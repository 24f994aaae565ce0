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
    static func date(from text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    @inline(__always)
    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
