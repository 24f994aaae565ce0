import FluentSQLiteDriver
import Foundation

/// Values read straight from SQLite rows, as Fluent stores them there: UUIDs as text, dates as
/// seconds since 1970 (a float, or an integer when whole).
enum SQLiteValue {
    static func uuid(_ value: SQLiteData) -> UUID? {
        guard case .text(let text) = value else { return nil }
        return UUID(text: text)
    }

    static func date(_ value: SQLiteData) -> Date? {
        switch value {
        case .float(let seconds): Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): Date(timeIntervalSince1970: TimeInterval(seconds))
        default: nil
        }
    }
}
