/// Why availability cannot be answered for a query, in domain words.
enum AvailabilityError: Error, Equatable {
    /// No active service with that id.
    case unknownService
    /// No staff member with that id.
    case unknownStaff
    /// The chosen staff member does not perform the service (or is not taking bookings).
    case staffDoesNotPerform
}
