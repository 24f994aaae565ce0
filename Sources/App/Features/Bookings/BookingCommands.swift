import Foundation

/// A new appointment, typed and checked at the edge that received it (the JSON API's
/// `CreateBookingRequest`, or the booking page's form).
struct BookAppointment: Sendable {
    var service: UUID
    /// nil: anyone available.
    var staff: UUID?
    var start: Date
    /// Validated and cleaned as stored.
    var client: ContactDetails
    /// Trimmed; empty when none.
    var notes: String
}

/// Who a moved booking is with: the same staff member (the default), anyone free, or someone else.
enum StaffChoice: Sendable, Equatable {
    case same
    case anyone
    case member(UUID)
}

/// A client moving their booking with its manage token.
struct RescheduleBooking: Sendable {
    var id: UUID
    var token: String?
    var start: Date
    var staff: StaffChoice = .same
}
