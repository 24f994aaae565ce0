import Scheduling
import Vapor

/// A session as the public sees it, with live seat counts.
struct SessionResponse: Content {
    let id: UUID
    let title: String
    let description: String
    let instructor: UUID?
    let location: String
    let start: String
    let end: String
    let capacity: Int
    let booked: Int
    let remaining: Int
    let waitlist: Int
    let priceCents: Int
    let currency: String
    let status: SessionStatus

    init(_ session: SessionRow, waitlist: Int) {
        id = session.id
        title = session.title
        description = session.description
        instructor = session.instructorID
        location = session.location
        start = ISOTimestamp.string(from: session.startsAt)
        end = ISOTimestamp.string(from: session.endsAt)
        capacity = session.capacity
        booked = session.booked
        remaining = session.placesLeft
        self.waitlist = waitlist
        priceCents = session.priceCents
        currency = session.currency
        status = session.status
    }
}

/// `POST /api/v1/sessions/ID/enrollments`.
struct EnrollRequest: Content {
    var client: ClientInput
    var consent: Bool?

    /// The enrolment asked for, once every field is valid (else a 422 naming each problem).
    func command(session: UUID) throws -> Enroll {
        var problems = FieldProblems()
        client.validate(into: &problems)
        if consent != true {
            problems.add("consent", "must be true: the client must agree to their details being stored for this booking")
        }
        try problems.throwIfAny()
        return Enroll(session: session, client: ContactDetails(client))
    }
}

/// An enrolment: a seat (`enrolled`) or a place in the queue (`waitlisted`, with its position).
struct EnrollmentResponse: Content {
    let id: UUID
    let session: UUID
    let status: EnrollmentStatus
    let waitlistPosition: Int?
    /// Present only when the enrolment was created: it is never shown again.
    let manageToken: String?
}

/// Admin: create sessions, one-off or weekly. Times are the tenant's wall time.
struct CreateSessionsRequest: Content {
    /// Weekly on `weekdays`, until a date or for a number of classes (one of the two).
    struct Repeat: Content {
        var weekdays: [String]
        var until: String?
        var count: Int?
    }

    var title: String
    var description: String?
    var instructor: UUID?
    var location: String?
    /// Local date and time of the first occurrence, e.g. `2026-12-01T18:30`.
    var startsAt: String
    var durationMinutes: Int
    var capacity: Int
    var priceCents: Int?
    var currency: String?
    var `repeat`: Repeat?
}

/// Admin: change a session (every field optional; `"instructor": null` leaves it without one).
struct UpdateSessionRequest: Content {
    var title: String?
    var description: String?
    var instructor: UUID?
    var location: String?
    var capacity: Int?
    var priceCents: Int?
    /// `instructor` was sent as `null`.
    var removeInstructor = false

    private enum CodingKeys: String, CodingKey {
        case title, description, instructor, location, capacity, priceCents
    }

    init(
        title: String? = nil, description: String? = nil, instructor: UUID? = nil, location: String? = nil,
        capacity: Int? = nil, priceCents: Int? = nil, removeInstructor: Bool = false
    ) {
        self.title = title
        self.description = description
        self.instructor = instructor
        self.location = location
        self.capacity = capacity
        self.priceCents = priceCents
        self.removeInstructor = removeInstructor
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        instructor = try container.decodeIfPresent(UUID.self, forKey: .instructor)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        capacity = try container.decodeIfPresent(Int.self, forKey: .capacity)
        priceCents = try container.decodeIfPresent(Int.self, forKey: .priceCents)
        removeInstructor = try container.contains(.instructor) && container.decodeNil(forKey: .instructor)
    }
}

/// One line of a session's roster.
struct RosterEntry: Content {
    let id: UUID
    let status: EnrollmentStatus
    /// Whether an enrolled client came, once marked.
    let attendance: Attendance?
    let name: String
    let email: String
    let phone: String?
    let enrolledAt: Date?
}
