import Fluent
import Foundation
import Scheduling

/// The spans during which staff members are held by active bookings (buffers included): the one
/// query availability runs per request, over possibly thousands of bookings.
///
/// So the database aggregates each staff member's spans (whole seconds; booked times are whole
/// minutes) and a busy month arrives as one row per staff member instead of thousands of decoded
/// rows (measured: Codable row decoding was 7% of all CPU under load). PostgreSQL sends two bigint
/// arrays; SQLite one text value `from:until,...`.
///
/// A booking blocks at most `ServiceTiming.maxBlockedMinutes`, so `blocked_from` is bounded on both
/// sides and the index scan reads only the window's bookings, not every earlier one of the staff.
protocol BusyTimeRepository: Sendable {
    /// Each staff member's busy spans overlapping `from..<to`, leaving out the booking `excluding`:
    /// those starting after `BusySpans.earliestStart(before: from)` and before `to` and ending after
    /// `from`, sorted (`BusySpans.sorted`). Staff members with none have no entry.
    func spans(staff: [UUID], from: Date, to: Date, excluding: UUID?, tenant: UUID) async throws -> [UUID: [Span]]
}

/// What every reader of busy time agrees on: the window a read covers and the order of its spans.
enum BusySpans {
    /// The earliest `blocked_from` that can still reach into a window starting at `from`.
    static func earliestStart(before from: Date) -> Date {
        from.addingTimeInterval(-TimeInterval(ServiceTiming.maxBlockedMinutes * 60))
    }

    /// Spans in (start, end) order, as every reader of busy time returns them (the index scans give
    /// that order already, so usually nothing moves).
    static func sorted(_ spans: [Span]) -> [Span] {
        func before(_ a: Span, _ b: Span) -> Bool { (a.start, a.end) < (b.start, b.end) }
        if zip(spans, spans.dropFirst()).allSatisfy({ !before($1, $0) }) { return spans }
        return spans.sorted(by: before)
    }
}
