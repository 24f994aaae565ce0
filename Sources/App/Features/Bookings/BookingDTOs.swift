import Scheduling
import Vapor

/// `POST /api/v1/bookings` (and the admin's manual booking).
struct CreateBookingRequest: Content {
    var service: UUID
    var staff: UUID?
    var start: String
    var client: ClientInput
    var notes: String?
    var consent: Bool?

    /// The booking asked for, once every field is valid (else a 422 naming each problem).
    func command(requireConsent: Bool) throws -> BookAppointment {
        var problems = FieldProblems()
        let start = ISOTimestamp.date(from: self.start)
        if start == nil { problems.add("start", "must be an ISO-8601 date-time such as 2026-12-01T09:00:00Z") }
        client.validate(into: &problems)
        problems.requireText(notes, "notes", max: 1000, required: false, multiline: true)
        if requireConsent && consent != true {
            problems.add("consent", "must be true: the client must agree to their details being stored for this booking")
        }
        try problems.throwIfAny()
        return BookAppointment(
            service: service, staff: staff, start: start!, client: ContactDetails(client),
            notes: notes?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }
}

/// A booking as the client and the business see it.
struct BookingResponse: Content {
    let id: UUID
    let status: BookingStatus
    let service: UUID
    let staff: UUID
    let start: String
    let end: String
    let notes: String
    /// Present only in the response that created the booking: it is never shown again.
    let manageToken: String?

    init(_ booking: Booking, manageToken: String? = nil) throws {
        id = try booking.requireID()
        status = booking.status
        service = booking.serviceID
        staff = booking.staffID
        start = ISOTimestamp.string(from: booking.startsAt)
        end = ISOTimestamp.string(from: booking.endsAt)
        notes = booking.notes
        self.manageToken = manageToken
    }
}

/// A free start offered instead of a taken one.
struct SlotResponse: Content {
    let start: String
    let end: String
    let staff: [UUID]

    init(_ slot: Slot) {
        start = ISOTimestamp.string(from: slot.start)
        end = ISOTimestamp.string(from: slot.end)
        staff = slot.staff
    }
}

/// 409 body when the requested time was taken: the usual error shape plus nearby free times.
struct SlotTakenResponse: Content {
    let error: Bool
    let reason: String
    let alternatives: [SlotResponse]
}
