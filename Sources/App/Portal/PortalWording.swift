import Foundation

/// How the portal names statuses and messages: in words a receptionist uses, with a tone the page
/// colours by (`ok`, `wait`, `off`, `bad`).
enum PortalWording {
    static func status(_ status: BookingStatus) -> (label: String, tone: String) {
        switch status {
        case .pending: ("Awaiting confirmation", "wait")
        case .confirmed: ("Confirmed", "ok")
        case .completed: ("Completed", "off")
        case .cancelled: ("Cancelled", "off")
        case .noShow: ("No-show", "bad")
        }
    }

    static func message(_ kind: NotificationKind, _ channel: NotificationChannel) -> String {
        let what =
            switch kind {
            case .confirmation: "Confirmation"
            case .businessNotice: "Notice to the business"
            case .reminder: "Reminder"
            case .cancellation: "Cancellation"
            case .reschedule: "New time"
            case .waitlistPromotion: "Place from the waitlist"
            case .sessionCancelled: "Class cancelled"
            case .myBookingsLink: "My-bookings link"
            case .accountLink: "Sign-in link"
            }
        return "\(what) \(channel == .email ? "email" : "text")"
    }

    /// "1 booking", "3 bookings".
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
