import Foundation

/// Formats an instant with a fixed pattern in a given zone (mail headers, iCalendar, message text).
enum FixedDateFormat {
    static func string(_ date: Date, _ pattern: String, zone: TimeZone = .gmt, locale: String = "en_US_POSIX") -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
