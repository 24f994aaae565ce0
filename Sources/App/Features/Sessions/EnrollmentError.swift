/// What can go wrong with an enrolment, in domain words, each with a message a client can act on.
/// The JSON API maps it to a status (`EnrollmentError+HTTP`); the class page shows the message.
enum EnrollmentError: Error, Equatable {
    case sessionNotFound
    case sessionCancelled
    case sessionStarted
    /// Online booking closes this long before the start.
    case tooSoon(minNoticeMinutes: Int)
    /// Places open this many days before the start.
    case notOpenYet(maxAdvanceDays: Int)
    case full
    /// No enrolment with that id and manage token.
    case notFound
    case alreadyCancelled
    case pastCancellationCutoff(hours: Int)

    var message: String {
        switch self {
        case .sessionNotFound: "No session with that id."
        case .sessionCancelled: "This session has been cancelled."
        case .sessionStarted: "This session has already started."
        case .tooSoon(let minutes):
            "This session starts too soon to book online (bookings close \(NoticeWording.duration(minutes: minutes)) before the start); please contact the business."
        case .notOpenYet(let days): "Places for this session open \(days) days before it starts; please come back then."
        case .full: "This session is full."
        case .notFound: "No enrolment found for that id and token."
        case .alreadyCancelled: "This enrolment is already cancelled."
        case .pastCancellationCutoff(let hours):
            "Enrolments can be cancelled online up to \(hours) hours before the start; please contact the business."
        }
    }
}
