import Foundation

/// A client taking a place in a session, typed and checked at the edge that received it (the JSON
/// API's `EnrollRequest`, or the class page's form).
struct Enroll: Sendable {
    var session: UUID
    /// Validated and cleaned as stored.
    var client: ContactDetails
}
