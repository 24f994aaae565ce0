import Foundation

/// "Add to Google Calendar" and "Outlook" links for an event, beside the `.ics` attachment: many
/// clients read mail on the web, where an attachment is one more step than a link.
enum CalendarLinks {
    struct Event {
        var title: String
        var start: Date
        var end: Date
        var location: String?
        var details: String
    }

    /// Google Calendar's event template (`calendar.google.com/calendar/render?action=TEMPLATE`).
    static func google(_ event: Event) -> String {
        let dates = "\(CalendarInvite.utc(event.start))/\(CalendarInvite.utc(event.end))"
        return "https://calendar.google.com/calendar/render?"
            + query([
                ("action", "TEMPLATE"), ("text", event.title), ("dates", dates), ("details", event.details),
                ("location", event.location),
            ])
    }

    /// Outlook on the web's compose link (outlook.live.com, which also opens work accounts' sign-in).
    static func outlook(_ event: Event) -> String {
        "https://outlook.live.com/calendar/0/deeplink/compose?"
            + query([
                ("path", "/calendar/action/compose"), ("rru", "addevent"), ("subject", event.title),
                ("startdt", ISOTimestamp.string(from: event.start)), ("enddt", ISOTimestamp.string(from: event.end)),
                ("body", event.details), ("location", event.location),
            ])
    }

    private static func query(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { key, value in value.map { "\(key)=\(SiteURL.encodeQueryValue($0))" } }.joined(separator: "&")
    }
}
