import Foundation

/// A mailbox: an address and an optional display name.
struct MailAddress: Sendable, Equatable {
    var name: String?
    var email: String
}

/// An email ready to be rendered as MIME: plain text and HTML alternatives, and an optional
/// calendar invite.
struct MailMessage: Sendable, Equatable {
    /// A calendar invite attached as `invite.ics` (`text/calendar; method=...`).
    struct CalendarPart: Sendable, Equatable {
        var method: String
        var content: String
    }

    var from: MailAddress
    var replyTo: MailAddress?
    var to: [MailAddress]
    var subject: String
    /// Without angle brackets, e.g. `6b1e...@booking.example.com`; the same on every retry.
    var messageID: String
    var date: Date
    var text: String
    var html: String
    var calendar: CalendarPart?
    /// What the message announces (a `NotificationKind`), for logs: never its content.
    var kind: String = "message"
}
