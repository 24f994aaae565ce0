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
    /// Each staff member's busy spans overlapping `from..<to`, leaving out the booking `excluding`.
    func spans(staff: [UUID], from: Date, to: Date, excluding: UUID?, tenant: UUID) async throws -> [UUID: [Span]]
}

extension BusyTimeRepository {
    /// The earliest `blocked_from` that can still reach into a window starting at `from`.
    static func earliestStart(before from: Date) -> Date {
        from.addingTimeInterval(-TimeInterval(ServiceTiming.maxBlockedMinutes * 60))
    }
}
