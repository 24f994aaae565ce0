import Fluent
import SQLKit

/// The contact details given with one booking or enrolment, kept on that row.
///
/// Messages about a booking go to the details given with it, never to whatever the client record
/// says now: an unauthenticated request can create a client but never change one, so nobody can
/// redirect another person's messages by booking with their email address.
struct ContactDetails: Sendable, Equatable {
    var name: String
    /// Lower-cased.
    var email: String
    var phone: String?
    /// The client agreed to text messages about this booking on `phone`.
    var smsOptIn: Bool

    /// The details as given, cleaned as stored.
    init(_ input: ClientInput) {
        name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        phone = input.normalizedPhone
        smsOptIn = input.smsOptIn ?? false
    }

    init(name: String, email: String, phone: String?, smsOptIn: Bool) {
        self.name = name
        self.email = email
        self.phone = phone
        self.smsOptIn = smsOptIn
    }

    /// The columns that hold the details on `bookings` and `enrollments`.
    static let columns = ["contact_name", "contact_email", "contact_phone", "contact_sms_opt_in"]
}

/// A row that keeps the contact details given with it (bookings, enrolments).
protocol ContactHolder: AnyObject {
    var contactName: String { get set }
    var contactEmail: String { get set }
    var contactPhone: String? { get set }
    var contactSMSOptIn: Bool { get set }
}

extension ContactHolder {
    /// The contact details given with this row: its messages go there.
    var contact: ContactDetails {
        get { ContactDetails(name: contactName, email: contactEmail, phone: contactPhone, smsOptIn: contactSMSOptIn) }
        set {
            contactName = newValue.name
            contactEmail = newValue.email
            contactPhone = newValue.phone
            contactSMSOptIn = newValue.smsOptIn
        }
    }
}
