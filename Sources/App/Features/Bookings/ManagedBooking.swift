import Fluent
import Foundation

/// A booking as its manage link (`/manage/<token>`) shows it, read straight from its row by the
/// token's SHA-256 (`BookingRepository.managed`), with the stored hash for the constant-time check.
struct ManagedBooking: Sendable {
    let id: UUID
    let serviceID: UUID
    let staffID: UUID
    let startsAt: Date
    let endsAt: Date
    let status: BookingStatus
    let contactName: String
    let contactEmail: String
    let manageTokenHash: String

    /// The columns, in the order both repositories' reads decode them.
    static let columns = [
        "id", "service_id", "staff_id", "starts_at", "ends_at", "status", "contact_name", "contact_email", "manage_token_hash",
    ]
}
